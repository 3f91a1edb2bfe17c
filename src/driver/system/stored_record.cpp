// SPDX-License-Identifier: LGPL-2.1-or-later
// A start record's text as kept, and as earlier builds kept it while the start was under way.
#include "driver/system/start_records.h"

namespace ifkit::driver {
namespace {

// What earlier builds wrote first in the record of a start under way (the file's name says it
// now): a record left so by a start killed before an upgrade is still undone as unfinished.
constexpr std::string_view kUnfinished = "unfinished\n";

}  // namespace

std::string storedRecordText(const plan::StartRecord& record) { return record.serialize(); }

Result<LoadedRecord> parseStoredRecord(std::string_view text) {
  LoadedRecord out;
  if (text.starts_with(kUnfinished)) {
    out.state = RecordState::Unfinished;
    text.remove_prefix(kUnfinished.size());
  }
  auto record = plan::StartRecord::parse(std::string(text));
  if (!record) return std::move(record).error();
  out.record = std::move(*record);
  return out;
}

}  // namespace ifkit::driver
