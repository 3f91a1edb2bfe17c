// StartRecords: where the system driver keeps what each start did (plan/start_record.h) until
// the stop that undoes it, one record per top-level interface; and MemoryStartRecords, kept in
// memory, for the driver's unit tests.
//
//   records.save(plan::recordStart(def, plan));      // before the start's first operation
//   auto record = records.load("br0");               // at stop: nullopt if there is none
//   if (record && *record) plan = plan::planStopRecorded(**record, live);
//   records.remove("br0");                           // once the stop has succeeded
//
// The records describe the kernel, not the definitions: a real host keeps them where a reboot
// clears them (start_record_directory.h), as it clears what they describe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ifkit/error.h"
#include "plan/start_record.h"

namespace ifkit::driver {

class StartRecords {
 public:
  virtual ~StartRecords() = default;
  // The record of `name`, nullopt if there is none; INTERNAL_ERROR for one that cannot be read.
  virtual Result<std::optional<plan::StartRecord>> load(const std::string& name) = 0;
  // Every record, in name order.
  virtual Result<std::vector<plan::StartRecord>> loadAll() = 0;
  // Replaces the record of record.name, whole or not at all.
  virtual Status save(const plan::StartRecord& record) = 0;
  // No record is not an error.
  virtual Status remove(const std::string& name) = 0;
  virtual Status removeAll() = 0;
};

// Records as the texts a file would hold (so that tests read and damage what the disk would).
class MemoryStartRecords final : public StartRecords {
 public:
  Result<std::optional<plan::StartRecord>> load(const std::string& name) override {
    auto it = texts_.find(name);
    if (it == texts_.end()) return std::optional<plan::StartRecord>();
    auto record = plan::StartRecord::parse(it->second);
    if (!record) return std::move(record).error();
    return std::optional<plan::StartRecord>(std::move(*record));
  }
  Result<std::vector<plan::StartRecord>> loadAll() override {
    std::vector<plan::StartRecord> out;
    for (const auto& [name, text] : texts_) {
      auto record = plan::StartRecord::parse(text);
      if (!record) return std::move(record).error();
      out.push_back(std::move(*record));
    }
    return out;
  }
  Status save(const plan::StartRecord& record) override {
    texts_[record.name] = record.serialize();
    return Status();
  }
  Status remove(const std::string& name) override {
    texts_.erase(name);
    return Status();
  }
  Status removeAll() override {
    texts_.clear();
    return Status();
  }

  // By interface name: what the tests look at, and change to play a process that wrote them.
  std::map<std::string, std::string>& texts() { return texts_; }

 private:
  std::map<std::string, std::string> texts_;
};

}  // namespace ifkit::driver
