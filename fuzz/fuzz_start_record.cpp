// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: a start record read from /run/ifkit (StartRecord::parse, and every host
// operation in it through parseOpText). The file is ifkit's own, but a crash, a torn disk or a
// hand edit may leave anything there, and stop reads it: any bytes give a record or an error,
// never a crash, and a record read back from its own text is the same record, in the same text.
// Seeds: fuzz/seeds/start_record (plan_test checks they are real records). An input that finds
// a fault becomes a case of plan_unit_test.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "plan/start_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto record = ifkit::plan::StartRecord::parse(text);
  if (!record) return 0;
  const std::string written = record->serialize();
  auto again = ifkit::plan::StartRecord::parse(written);
  if (!again || !(*again == *record) || again->serialize() != written) std::abort();
  return 0;
}
