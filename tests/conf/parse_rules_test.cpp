// SPDX-License-Identifier: LGPL-2.1-or-later
// Rules of the parser that the corpus does not pin down on its own: number syntaxes at their
// limits, the size cap, and models built in code (not parsed) formatting as libvirt would.
#include <gtest/gtest.h>

#include "conf/interface_xml.h"
#include "conf/xml_read.h"

namespace ifkit::conf {
namespace {

TEST(NumberSyntax, U32AcceptsLeadingSpaceAndPlusRejectsAnyMinus) {
  EXPECT_EQ(parseU32(" +0100"), 100u);
  EXPECT_EQ(parseU32("4294967295"), 4294967295u);
  EXPECT_FALSE(parseU32("4294967296"));
  EXPECT_FALSE(parseU32("-0"));
  EXPECT_FALSE(parseU32("1 "));
  EXPECT_FALSE(parseU32(""));
  EXPECT_FALSE(parseU32("+"));
  EXPECT_FALSE(parseU32(std::string_view("1\0" "2", 3)));
}

TEST(NumberSyntax, I32CoversTheSignedRangeOnly) {
  EXPECT_EQ(parseI32("-2147483648"), -2147483647 - 1);
  EXPECT_EQ(parseI32("2147483647"), 2147483647);
  EXPECT_FALSE(parseI32("2147483648"));
  EXPECT_FALSE(parseI32("0x10"));
}

TEST(NumberSyntax, AutoBaseFollowsC) {
  EXPECT_EQ(parseIntAutoBase("0x18"), 24);
  EXPECT_EQ(parseIntAutoBase("030"), 24);
  EXPECT_EQ(parseIntAutoBase("-0x18"), -24);
  EXPECT_FALSE(parseIntAutoBase("08"));
  EXPECT_FALSE(parseIntAutoBase("0x"));
}

TEST(Hardening, DocumentsOverOneMebibyteAreRefusedUnparsed) {
  std::string big = "<interface type='ethernet' name='eth0'>";
  big += std::string(kMaxDocumentBytes, ' ');
  big += "</interface>";
  auto def = parseInterfaceXml(big);
  ASSERT_FALSE(def.ok());
  EXPECT_EQ(def.error().number, ErrorNumber::XmlError);
  EXPECT_EQ(def.error().domain, ErrorDomain::Interface);
  EXPECT_NE(def.error().message.find("exceeds the limit of 1048576 bytes"), std::string::npos);
}

TEST(Hardening, ExternalEntityFilesAreNeverRead) {
  // A file that exists: if it were loaded, its content would show in the name.
  const std::string xml =
      "<!DOCTYPE interface [<!ENTITY ext SYSTEM \"file:///etc/hostname\">]>"
      "<interface type='ethernet' name='eth0'><mac address='&ext;'/></interface>";
  auto def = parseInterfaceXml(xml);
  if (def.ok()) {
    EXPECT_EQ(def->mac(), std::nullopt);
  } else {
    EXPECT_EQ(def.error().number, ErrorNumber::XmlDetail);
  }
}

TEST(Format, NestedInterfacesNeverShowTopLevelElements) {
  InterfaceDef member;
  member.name = "eth0";
  member.mtu = 9000;          // set in code: libvirt would never have read it on a member
  member.startMode = StartMode::Onboot;
  member.kind = EthernetDef{"52:54:00:00:00:01"};
  InterfaceDef bridge;
  bridge.name = "br0";
  bridge.kind = BridgeDef{true, "0.5", {member}};
  EXPECT_EQ(formatInterfaceXml(bridge),
            "<interface type='bridge' name='br0'>\n"
            "  <bridge stp='on' delay='0.5'>\n"
            "    <interface type='ethernet' name='eth0'>\n"
            "      <mac address='52:54:00:00:00:01'/>\n"
            "    </interface>\n"
            "  </bridge>\n"
            "</interface>\n");
}

TEST(Format, EmptyLinkIsNotWritten) {
  InterfaceDef def;
  def.name = "eth0";
  def.link = LinkDef{};
  EXPECT_EQ(formatInterfaceXml(def), "<interface type='ethernet' name='eth0'>\n</interface>\n");
}

}  // namespace
}  // namespace ifkit::conf
