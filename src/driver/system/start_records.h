// SPDX-License-Identifier: LGPL-2.1-or-later
// StartRecords: where the system driver keeps what each start did (plan/start_record.h) until
// the stop that undoes it, one record per top-level interface; and MemoryStartRecords, kept in
// memory, for the driver's unit tests.
//
//   records.saveUnfinished(plan::recordStart(def, plan));  // before the first op
//   records.finish("br0");                                 // after the last one
//   auto record = records.load("br0");               // at stop: nullopt if there is none
//   if (record && *record) plan = plan::planStopRecorded((*record)->record, live);
//   records.remove("br0");                           // once the stop has succeeded
//
// A start's record is written unfinished before its first operation, beside the record of an
// earlier start of the same interface (if any), and finish() makes it the interface's record in
// one step: a start writes its record once, whatever becomes of it. One found unfinished under
// the store's host-changes lock (which every start holds to its end) is the record of a start
// that was killed on the way, and says what it may have done, so that a stop, or the next start,
// can undo it; a start that fails drops it, and the earlier record stands as it was. A record
// that cannot be read (damaged) is set aside, renamed, not deleted, and reported on stderr; it
// counts as no record, as one that is missing.
//
// The records describe the kernel, not the definitions: a real host keeps them where a reboot
// clears them (start_record_directory.h), as it clears what they describe.
#pragma once

#include <map>
#include <optional>
#include <set>
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

// The unfinished record of NAME is kept as NAME + kUnfinishedSuffix: the kernel refuses ':' in
// an interface's name, so no record of another interface can be called so.
inline constexpr std::string_view kUnfinishedSuffix = ":unfinished";
inline std::string unfinishedRecordFile(const std::string& name) {
  return std::string(name).append(kUnfinishedSuffix);
}
// The interface whose record `file` is (NAME or NAME:unfinished).
inline std::string recordNameOf(const std::string& file) {
  return file.ends_with(kUnfinishedSuffix)
             ? file.substr(0, file.size() - kUnfinishedSuffix.size())
             : file;
}

// A record's text as kept: its StartRecord text. Earlier builds kept a start under way in the
// interface's own file, after an "unfinished" line: such a file is still read as unfinished.
std::string storedRecordText(const plan::StartRecord& record);
Result<LoadedRecord> parseStoredRecord(std::string_view text);

class StartRecords {
 public:
  virtual ~StartRecords() = default;
  // The record of `name`, its unfinished one if there is one; nullopt if there is none or it was
  // damaged (then set aside and reported); an error only when it cannot be read now (no
  // descriptor left, say).
  virtual Result<std::optional<LoadedRecord>> load(const std::string& name) = 0;
  // Every record that can be read (as load() reads it), in name order.
  virtual Result<std::vector<plan::StartRecord>> loadAll() = 0;
  // The names that have a record, finished or not, read without reading the records: a start of
  // many interfaces looks once, then loads only these.
  virtual Result<std::set<std::string>> names() = 0;
  // Replaces the finished record of record.name, whole or not at all.
  virtual Status save(const plan::StartRecord& record) = 0;
  // Keeps record.name's start under way, whole or not at all, beside its finished record.
  virtual Status saveUnfinished(const plan::StartRecord& record) = 0;
  // The unfinished record of `name` replaces its finished one, in one step.
  virtual Status finish(const std::string& name) = 0;
  // Drops the unfinished record of `name`: its finished one, if any, stands as it was.
  virtual Status dropUnfinished(const std::string& name) = 0;
  // Both records of `name`. No record is not an error.
  virtual Status remove(const std::string& name) = 0;
  virtual Status removeAll() = 0;
};

// Records as the texts files would hold, by the names the files would have (NAME, and
// NAME:unfinished), so that tests read and damage what the disk would.
class MemoryStartRecords final : public StartRecords {
 public:
  Result<std::optional<LoadedRecord>> load(const std::string& name) override {
    std::optional<LoadedRecord> unfinished = loadFile(unfinishedRecordFile(name));
    if (unfinished) {
      unfinished->state = RecordState::Unfinished;
      return unfinished;
    }
    return loadFile(name);
  }
  Result<std::vector<plan::StartRecord>> loadAll() override {
    std::vector<plan::StartRecord> out;
    for (const auto& name : recordNames()) {
      auto loaded = load(name);
      if (!loaded) return std::move(loaded).error();
      if (*loaded) out.push_back(std::move((*loaded)->record));
    }
    return out;
  }
  Result<std::set<std::string>> names() override { return recordNames(); }
  Status save(const plan::StartRecord& record) override {
    texts_[record.name] = storedRecordText(record);
    return Status();
  }
  Status saveUnfinished(const plan::StartRecord& record) override {
    texts_[unfinishedRecordFile(record.name)] = storedRecordText(record);
    return Status();
  }
  Status finish(const std::string& name) override {
    auto it = texts_.find(unfinishedRecordFile(name));
    if (it == texts_.end())
      return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                       "no unfinished record of '" + name + "'");
    texts_[name] = std::move(it->second);
    texts_.erase(unfinishedRecordFile(name));
    return Status();
  }
  Status dropUnfinished(const std::string& name) override {
    texts_.erase(unfinishedRecordFile(name));
    return Status();
  }
  Status remove(const std::string& name) override {
    texts_.erase(name);
    texts_.erase(unfinishedRecordFile(name));
    return Status();
  }
  Status removeAll() override {
    texts_.clear();
    return Status();
  }

  // By file name: what the tests look at, and change to play a process that wrote them.
  std::map<std::string, std::string>& texts() { return texts_; }
  // The damaged records load() set aside, by file name.
  const std::map<std::string, std::string>& setAside() const { return setAside_; }

 private:
  std::set<std::string> recordNames() const {
    std::set<std::string> out;
    for (const auto& [file, text] : texts_) out.insert(recordNameOf(file));
    return out;
  }
  std::optional<LoadedRecord> loadFile(const std::string& file) {
    auto it = texts_.find(file);
    if (it == texts_.end()) return std::nullopt;
    auto loaded = parseStoredRecord(it->second);
    if (!loaded) {
      setAside_[file] = std::move(it->second);  // damaged: set aside, as the directory does
      texts_.erase(it);
      return std::nullopt;
    }
    return std::move(*loaded);
  }

  std::map<std::string, std::string> texts_;
  std::map<std::string, std::string> setAside_;
};

}  // namespace ifkit::driver
