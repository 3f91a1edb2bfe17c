// SPDX-License-Identifier: LGPL-2.1-or-later
// interfaces(5) syntax: logical lines, comments, statements and the bytes each one spans.
#include <gtest/gtest.h>

#include "native/ifupdown/interfaces_syntax.h"
#include "native/ifupdown/stanza_values.h"

namespace ifkit::native::ifupdown {
namespace {

TEST(InterfacesSyntax, StatementsOptionsAndTheirBytes) {
  const std::string text =
      "# comment\n"
      "auto lo br0\n"
      "iface br0 inet static\n"
      "    address 192.0.2.5/24\n"
      "  # a comment between options\n"
      "    bridge_ports eth0 \\\n"
      "       eth1\n"
      "\n"
      "source interfaces.d/*\n";
  auto parsed = parseInterfacesText(text);
  ASSERT_TRUE(parsed.problems.empty());
  ASSERT_EQ(parsed.statements.size(), 3u);
  const Statement& iface = parsed.statements[1];
  EXPECT_EQ(iface.keyword, "iface");
  EXPECT_EQ(iface.words, (std::vector<std::string>{"br0", "inet", "static"}));
  ASSERT_EQ(iface.options.size(), 2u);
  EXPECT_EQ(iface.options[0].name, "address");
  EXPECT_EQ(iface.options[0].value, "192.0.2.5/24");
  EXPECT_EQ(iface.options[1].value, "eth0        eth1");  // ifupdown keeps the blanks it joins
  EXPECT_EQ(iface.options[1].line, 6);
  EXPECT_EQ(iface.firstLine, 3);
  EXPECT_EQ(iface.lastLine, 7);
  EXPECT_EQ(text.substr(iface.begin, iface.end - iface.begin),
            "iface br0 inet static\n    address 192.0.2.5/24\n  # a comment between options\n"
            "    bridge_ports eth0 \\\n       eth1\n");
  EXPECT_EQ(parsed.statements[0].words, (std::vector<std::string>{"lo", "br0"}));
  EXPECT_EQ(parsed.statements[2].keyword, "source");
}

TEST(InterfacesSyntax, AnOptionOutsideAStanzaIsAProblemWithItsLine) {
  auto parsed = parseInterfacesText("auto eth0\n  address 10.0.0.1\n");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].line, 2);
}

TEST(InterfacesSyntax, LastLineWithoutNewlineAndCrLf) {
  auto parsed = parseInterfacesText("iface eth0 inet dhcp\r\n  mtu 9000");
  ASSERT_EQ(parsed.statements.size(), 1u);
  ASSERT_EQ(parsed.statements[0].options.size(), 1u);
  EXPECT_EQ(parsed.statements[0].options[0].value, "9000");
  EXPECT_EQ(parsed.statements[0].end, 32u);
}

TEST(StanzaValues, AddressesNetmasksAndTheirDefaults) {
  auto v4 = conf::Family::Ipv4;
  EXPECT_EQ(addressOf("192.0.2.5/24", std::nullopt, v4), (conf::IpDef{"192.0.2.5", 24}));
  EXPECT_EQ(addressOf("192.0.2.5", "255.255.255.128", v4), (conf::IpDef{"192.0.2.5", 25}));
  EXPECT_EQ(addressOf("192.0.2.5", "22", v4), (conf::IpDef{"192.0.2.5", 22}));
  EXPECT_EQ(addressOf("10.1.2.3", std::nullopt, v4), (conf::IpDef{"10.1.2.3", 8}));
  EXPECT_EQ(addressOf("172.16.0.1", std::nullopt, v4), (conf::IpDef{"172.16.0.1", 16}));
  EXPECT_EQ(addressOf("2001:db8::1", std::nullopt, conf::Family::Ipv6),
            (conf::IpDef{"2001:db8::1", 128}));
  EXPECT_EQ(addressOf("2001:db8::1", "64", conf::Family::Ipv6), (conf::IpDef{"2001:db8::1", 64}));
}

TEST(StanzaValues, BondModesVlanNamesBooleans) {
  EXPECT_EQ(bondModeOf("4"), conf::BondMode::Ieee8023ad);
  EXPECT_EQ(bondModeOf("active-backup"), conf::BondMode::ActiveBackup);
  EXPECT_EQ(bondModeOf("7"), std::nullopt);
  EXPECT_EQ(vlanNameOf("eth0.0100")->tag, "100");
  EXPECT_EQ(vlanNameOf("bond0.7")->parent, "bond0");
  EXPECT_EQ(vlanNameOf("vlan42")->parent, "");
  EXPECT_EQ(vlanNameOf("eth0"), std::nullopt);
  EXPECT_EQ(booleanOf("yes"), true);
  EXPECT_EQ(booleanOf("off"), false);
  EXPECT_EQ(booleanOf("maybe"), std::nullopt);
}

}  // namespace
}  // namespace ifkit::native::ifupdown
