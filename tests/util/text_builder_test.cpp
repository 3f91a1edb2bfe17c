// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/util/text_builder_test.cpp: TextBuilder writes what an ostringstream wrote.
#include "util/text_builder.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

namespace ifkit {
namespace {

TEST(TextBuilder, WritesTextCharactersAndNumbersAsAStream) {
  const std::string name = "br0";
  const std::uint8_t protocol = 16;
  TextBuilder built;
  std::ostringstream streamed;
  auto both = [&](const auto& value) {
    built << value;
    streamed << value;
  };
  both("add-route ");
  both(name);
  both(' ');
  both(std::uint32_t{4294967295u});
  both(',');
  both(-42);
  both(unsigned(protocol));
  both(std::uint16_t{4094});
  both(std::numeric_limits<long long>::min());
  both(std::string_view(" end"));
  EXPECT_EQ(built.str(), streamed.str());
  EXPECT_EQ(std::move(built).str(), "add-route br0 4294967295,-42164094-9223372036854775808 end");
}

}  // namespace
}  // namespace ifkit
