// SPDX-License-Identifier: LGPL-2.1-or-later
// StartRecords: where the system driver keeps what each start did (plan/start_record.h) until
// the stop that undoes it, one record per top-level interface; and MemoryStartRecords, kept in
// memory, for the driver's unit tests.
//
//   records.save(plan::recordStart(def, plan), RecordState::Unfinished);  // before the first op
//   records.save(record, RecordState::Finished);     // after the last one
//   auto record = records.load("br0");               // at stop: nullopt if there is none
//   if (record && *record) plan = plan::planStopRecorded((*record)->record, live);
//   records.remove("br0");                           // once the stop has succeeded
//
// A record is written Unfinished before the start's first operation and Finished after its last:
// one found Unfinished under the store's host-changes lock (which every start holds to its end)
// is the record of a start that was killed on the way, and says what it may have done, so that a
// stop, or the next start, can undo it. A record that cannot be read (damaged) is set aside,
// renamed, not deleted, and reported on stderr; it counts as no record, as one that is missing.
//
// The records describe the kernel, not the definitions: a real host keeps them where a reboot
// clears them (start_record_directory.h), as it clears what they describe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifkit/error.h"
#include "plan/start_record.h"

namespace ifkit::driver {

enum class RecordState {
  Unfinished,  // written before the start's first operation: the start may not have gone through
  Finished,    // the start applied every operation it records
};

struct LoadedRecord {
  plan::StartRecord record;
  RecordState state = RecordState::Finished;
};

// A record's text as kept: its StartRecord text, after an "unfinished" line while the start is
// under way; and back.
std::string storedRecordText(const plan::StartRecord& record, RecordState state);
Result<LoadedRecord> parseStoredRecord(std::string_view text);

class StartRecords {
 public:
  virtual ~StartRecords() = default;
  // The record of `name`, nullopt if there is none or it was damaged (then set aside and
  // reported); an error only when it cannot be read now (no descriptor left, say).
  virtual Result<std::optional<LoadedRecord>> load(const std::string& name) = 0;
  // Every record that can be read, in name order.
  virtual Result<std::vector<plan::StartRecord>> loadAll() = 0;
  // Replaces the record of record.name, whole or not at all.
  virtual Status save(const plan::StartRecord& record,
                      RecordState state = RecordState::Finished) = 0;
  // No record is not an error.
  virtual Status remove(const std::string& name) = 0;
  virtual Status removeAll() = 0;
};

// Records as the texts a file would hold (so that tests read and damage what the disk would).
class MemoryStartRecords final : public StartRecords {
 public:
  Result<std::optional<LoadedRecord>> load(const std::string& name) override {
    auto it = texts_.find(name);
    if (it == texts_.end()) return std::optional<LoadedRecord>();
    auto loaded = parseStoredRecord(it->second);
    if (!loaded) {
      setAside_[name] = std::move(it->second);  // damaged: set aside, as the directory does
      texts_.erase(it);
      return std::optional<LoadedRecord>();
    }
    return std::optional<LoadedRecord>(std::move(*loaded));
  }
  Result<std::vector<plan::StartRecord>> loadAll() override {
    std::vector<plan::StartRecord> out;
    std::vector<std::string> names;
    for (const auto& [name, text] : texts_) names.push_back(name);
    for (const auto& name : names) {
      auto loaded = load(name);
      if (!loaded) return std::move(loaded).error();
      if (*loaded) out.push_back(std::move((*loaded)->record));
    }
    return out;
  }
  Status save(const plan::StartRecord& record,
              RecordState state = RecordState::Finished) override {
    texts_[record.name] = storedRecordText(record, state);
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
  // The damaged records load() set aside, by interface name.
  const std::map<std::string, std::string>& setAside() const { return setAside_; }

 private:
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::string> setAside_;
};

}  // namespace ifkit::driver
