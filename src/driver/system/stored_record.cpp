// SPDX-License-Identifier: LGPL-2.1-or-later
// A start record's text as kept: "unfinished" first while its start is under way.
#include "driver/system/start_records.h"

namespace ifkit::driver {
namespace {

constexpr std::string_view kUnfinished = "unfinished\n";

}  // namespace

std::string storedRecordText(const plan::StartRecord& record, RecordState state) {
  std::string text = state == RecordState::Unfinished ? std::string(kUnfinished) : std::string();
  return text + record.serialize();
}

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
