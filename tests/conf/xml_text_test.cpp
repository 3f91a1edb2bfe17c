// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/conf/xml_text_test.cpp: which texts XML 1.0 can carry (conf/xml_text.h), checked against
// libxml2 itself: a name is XML text exactly when a document naming it parses.
#include "conf/xml_text.h"

#include <gtest/gtest.h>

#include <string>

#include "conf/interface_xml.h"
#include "conf/xml/xml_writer.h"

namespace ifkit::conf {
namespace {

// libxml2's verdict on an interface named `name`, escaped as ifkit writes attributes (D1).
bool libxmlReadsName(const std::string& name) {
  std::string escaped;
  appendEscaped(escaped, name);
  return parseInterfaceXml("<interface type='ethernet' name='" + escaped + "'/>").ok();
}

TEST(XmlText, AgreesWithLibxml2OnNamesTheKernelAccepts) {
  const std::string names[] = {
      "eth0",
      "br-lan",
      "a&b<c>'\"",
      "a\x7f"
      "b",  // DEL is an XML character
      "\xc3\xa9th0",
      "\xe2\x82\xac",
      "\xf0\x9f\x98\x80",  // é, €, an emoji
      "a\x01"
      "b",
      "a\x1f"
      "b",
      "a\x0e"
      "b",  // C0 controls: never
      "a\xff"
      "b",
      "\xc3",
      "\x80"
      "a",  // not UTF-8
      "\xc0\xbc",
      "\xed\xa0\x80",
      "\xef\xbf\xbe",  // overlong '<', surrogate, U+FFFE
  };
  for (const std::string& name : names) {
    SCOPED_TRACE(testing::PrintToString(name));
    EXPECT_EQ(isXmlText(name), libxmlReadsName(name));
  }
  EXPECT_TRUE(isXmlText("a\tb\nc\rd"));  // written as character references (D1)
  EXPECT_FALSE(
      isXmlText("a\x01"
                "b"));
}

InterfaceDef named(const std::string& name, KindDef kind = EthernetDef{}) {
  InterfaceDef def;
  def.name = name;
  def.kind = std::move(kind);
  return def;
}

TEST(XmlText, FindsTheFirstNestedNameXmlCannotCarry) {
  BridgeDef bridge;
  bridge.members = {named("eth0"),
                    named("vm\x01"
                          "port"),
                    named("eth\xff")};
  // The answer points into the definition: it must outlive the pointer.
  const InterfaceDef br0 = named("br0", bridge);
  const std::string* found = firstNameXmlCannotCarry(br0);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found,
            "vm\x01"
            "port");
  const InterfaceDef v5 = named("v5", VlanDef{"5", "\xff"});
  found = firstNameXmlCannotCarry(v5);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "\xff");
  const InterfaceDef empty = named("br0", BridgeDef{});
  EXPECT_EQ(firstNameXmlCannotCarry(empty), nullptr);
}

}  // namespace
}  // namespace ifkit::conf
