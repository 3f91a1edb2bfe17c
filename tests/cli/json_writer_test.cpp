// SPDX-License-Identifier: LGPL-2.1-or-later
// JsonWriter: commas in the right places, and every string a valid JSON string, whatever bytes
// an interface name holds.
#include "json_writer.h"

#include <gtest/gtest.h>

namespace ifkit::cli {
namespace {

TEST(JsonWriter, NestsArraysAndObjectsWithCommasBetweenMembers) {
  JsonWriter j;
  j.beginArray();
  j.beginObject();
  j.key("name");
  j.string("br0");
  j.key("prefix");
  j.number(24);
  j.key("mac");
  j.null();
  j.key("members");
  j.beginArray();
  j.string("eth0");
  j.string("eth1");
  j.endArray();
  j.key("none");
  j.beginArray();
  j.endArray();
  j.endObject();
  j.beginObject();
  j.endObject();
  j.endArray();
  EXPECT_EQ(j.text(),
            R"([{"name":"br0","prefix":24,"mac":null,"members":["eth0","eth1"],"none":[]},{}])");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(jsonStringLiteral("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(jsonStringLiteral("\t\n\r\b\f"), R"("\t\n\r\b\f")");
  EXPECT_EQ(jsonStringLiteral(std::string("\x01\x1f\x7f", 3)), "\"\\u0001\\u001f\x7f\"");
  EXPECT_EQ(jsonStringLiteral(std::string("a\0b", 3)), R"("a\u0000b")");
}

// A JSON string of `inner`, and `n` replacement characters (U+FFFD) as UTF-8.
std::string jsonOf(const std::string& inner) {
  std::string s = "\"";
  s += inner;
  s += '"';
  return s;
}
std::string replacements(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "\xEF\xBF\xBD";
  return s;
}

TEST(JsonWriter, KeepsUtf8AndReplacesWhatIsNot) {
  EXPECT_EQ(jsonStringLiteral("br-\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xa7"),
            jsonOf("br-\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xa7"));
  std::string stray = "a";
  stray += replacements(1);
  stray += "b";
  EXPECT_EQ(jsonStringLiteral("a\xff" "b"), jsonOf(stray));
  EXPECT_EQ(jsonStringLiteral("\xc3"), jsonOf(replacements(1)));              // cut short
  EXPECT_EQ(jsonStringLiteral("\xc0\xaf"), jsonOf(replacements(2)));          // overlong
  EXPECT_EQ(jsonStringLiteral("\xed\xa0\x80"), jsonOf(replacements(3)));     // a surrogate
  EXPECT_EQ(jsonStringLiteral("\xf4\x90\x80\x80"), jsonOf(replacements(4)));  // past U+10FFFF
}

}  // namespace
}  // namespace ifkit::cli
