// SPDX-License-Identifier: LGPL-2.1-or-later
// mini_json_test.cpp: the probe's JSON reader reads what `ip -j` prints and refuses what is not
// JSON.
#include "mini_json.h"

#include <gtest/gtest.h>

#include <string>

namespace ifkit::test {
namespace {

TEST(MiniJson, ReadsIpLinkOutput) {
  auto links = parseJson(R"([{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"mtu":65536},
    {"ifindex":4,"ifname":"bond0.100","link":"bond0","linkinfo":{"info_kind":"vlan",
     "info_data":{"protocol":"802.1Q","id":100,"flags":["REORDER_HDR"]}},"up":true,"x":null}])");
  ASSERT_TRUE(links.has_value());
  ASSERT_EQ(links->size(), 2u);
  const Json* vlan = links->findIf("ifname", "bond0.100");
  ASSERT_NE(vlan, nullptr);
  EXPECT_EQ((*vlan)["linkinfo"]["info_data"]["id"].num(), 100);
  EXPECT_EQ((*vlan)["linkinfo"]["info_data"]["flags"][0].str(), "REORDER_HDR");
  EXPECT_TRUE((*vlan)["up"].boolean());
  EXPECT_TRUE((*vlan)["x"].isNull());
  EXPECT_TRUE((*vlan).has("x"));
  EXPECT_EQ((*links)[0]["mtu"].num(), 65536);
}

TEST(MiniJson, MissingKeysAndIndexesReadAsNull) {
  auto doc = parseJson(R"({"a":[1]})");
  ASSERT_TRUE(doc.has_value());
  EXPECT_TRUE((*doc)["b"]["c"][3].isNull());
  EXPECT_TRUE((*doc)["a"][1].isNull());
  EXPECT_EQ((*doc)["a"].str(), "");
  EXPECT_EQ(doc->findIf("ifname", "x"), nullptr);
}

TEST(MiniJson, DecodesEscapes) {
  auto doc = parseJson(R"(["a\"b\\c\/\n\t", "\u00e9\u20ac", "\ud83d\ude00"])");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)[0].str(), "a\"b\\c/\n\t");
  EXPECT_EQ((*doc)[1].str(), "\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ((*doc)[2].str(), "\xf0\x9f\x98\x80");
}

TEST(MiniJson, RefusesWhatIsNotJson) {
  for (const char* text : {"", "[", "[1,]", "{\"a\" 1}", "\"open", "tru", "[1] 2", "{1:2}",
                           "\"\\x\"", "\"\\ud83d\"", "-"}) {
    EXPECT_FALSE(parseJson(text).has_value()) << text;
  }
  EXPECT_FALSE(parseJson(std::string(100, '[') + std::string(100, ']')).has_value())
      << "nesting beyond the depth limit";
}

}  // namespace
}  // namespace ifkit::test
