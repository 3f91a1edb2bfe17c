// SPDX-License-Identifier: LGPL-2.1-or-later
// Unit tests of the CLI's pieces whose rules are easy to get subtly wrong.
#include <gtest/gtest.h>

#include <clocale>

#include "bridge_xml.h"
#include "command_line.h"
#include "echo_text.h"
#include "iface_lookup.h"
#include "table.h"
#include "xpath_dump.h"

namespace ifkit::cli {
namespace {

std::vector<std::string> words(std::string_view text) {
  StringTokens t(text);
  std::vector<std::string> out;
  for (Token tk = t.next(); tk.kind != TokenKind::End; tk = t.next()) {
    if (tk.kind == TokenKind::CommandEnd)
      out.push_back(";");
    else if (tk.kind == TokenKind::Error)
      return {"ERROR: " + tk.text};
    else
      out.push_back(tk.text);
  }
  return out;
}

using W = std::vector<std::string>;

TEST(StringTokens, QuotesAndEscapes) {
  EXPECT_EQ(words(R"(a "b c" 'd;e' f\ g "h\"i" 'j\k')"),
            (W{"a", "b c", "d;e", "f g", "h\"i", "j\\k"}));
  EXPECT_EQ(words("a;b\nc # rest; d\ne"), (W{"a", ";", "b", ";", "c", ";", "e"}));
  EXPECT_EQ(words("x#y"), (W{"x#y"}));
  EXPECT_EQ(words("a \\\nb"), (W{"a", "b"}));
  EXPECT_EQ(words("'open"), (W{"open"}));
  EXPECT_EQ(words("\"open"), (W{"ERROR: missing \""}));
  EXPECT_EQ(words("a\\"), (W{"ERROR: dangling \\"}));
  EXPECT_EQ(words("''"), (W{""}));
}

TEST(LooksLikeMac, FollowsLibvirtsParser) {
  EXPECT_TRUE(looksLikeMac("aa:bb:cc:dd:ee:ff"));
  EXPECT_TRUE(looksLikeMac("A:b:C:d:E:f"));
  EXPECT_TRUE(looksLikeMac("aa:bb:cc:dd:ee:ff x"));  // anything after a blank is ignored
  EXPECT_FALSE(looksLikeMac("aa:bb:cc:dd:ee"));
  EXPECT_FALSE(looksLikeMac("aaa:bb:cc:dd:ee:ff"));
  EXPECT_FALSE(looksLikeMac("aa:bb:cc:dd:ee:ffx"));
  EXPECT_FALSE(looksLikeMac("aa-bb-cc-dd-ee-ff"));
  EXPECT_FALSE(looksLikeMac("eth1"));
  EXPECT_FALSE(looksLikeMac(""));
}

TEST(Table, PadsAllButTheLastColumn) {
  Table t({"Name", "State", "MAC Address"});
  t.addRow({"eth1", "active", "aa:bb:cc:dd:ee:ff"});
  t.addRow({"br0", "inactive", ""});
  EXPECT_EQ(t.render(true),
            " Name   State      MAC Address\n"
            "--------------------------------------\n"
            " eth1   active     aa:bb:cc:dd:ee:ff\n"
            " br0    inactive   \n");
  EXPECT_EQ(t.render(false),
            " eth1   active     aa:bb:cc:dd:ee:ff\n"
            " br0    inactive   \n");
}

TEST(Table, EscapesWhatATerminalWouldMisread) {
  ASSERT_NE(std::setlocale(LC_ALL, "C.UTF-8"), nullptr);
  EXPECT_EQ(encodeCell("a\tb").text, "a\\x09b");
  EXPECT_EQ(encodeCell("a\\x41").text, "a\\x5cx41");
  EXPECT_EQ(encodeCell("a\\b").text, "a\\b");
  EXPECT_EQ(encodeCell("a\xc2\x85"
                       "b")
                .text,
            "a\\xc2\\x85b");                        // C1 control: real bytes
  EXPECT_EQ(encodeCell("\xe6\x97\xa5").width, 2u);  // a wide character
  EXPECT_EQ(encodeCell("e\xcc\x81").width, 1u);     // a combining accent
  (void)std::setlocale(LC_ALL, "C");                // back to the default for the other tests
}

TEST(Table, PrintableAsciiIsItsOwnTextAColumnAByte) {
  EXPECT_EQ(encodeCell("52:54:00:aa:00:01").text, "52:54:00:aa:00:01");
  EXPECT_EQ(encodeCell("52:54:00:aa:00:01").width, 17u);
  EXPECT_EQ(encodeCell("").width, 0u);
  EXPECT_EQ(encodeCell("a~ b").text, "a~ b");
  EXPECT_EQ(encodeCell("a\x7f").text, "a\\x7f");  // DEL is a control, escaped
  EXPECT_EQ(encodeCell("\\x").text, "\\x5cx");    // a backslash-x is escaped, as before
}

TEST(EchoText, ShellQuoting) {
  EXPECT_EQ(quoteForShell("a=b,c"), "a=b,c");
  EXPECT_EQ(quoteForShell(""), "''");
  EXPECT_EQ(quoteForShell("it's"), "'it'\\''s'");
  EXPECT_EQ(quoteForShell("a b"), "'a b'");
}

TEST(EchoText, SplitOnCommas) {
  EXPECT_EQ(splitOnCommas("a,b,,c"), (W{"a", "b,c"}));
  EXPECT_EQ(splitOnCommas("a,"), (W{"a", ""}));
  EXPECT_EQ(splitOnCommas(""), W{});
}

// An ethernet definition as the drivers format it, with everything iface-bridge moves or keeps.
constexpr std::string_view kEthXml =
    "<interface type='ethernet' name='eth0'>\n"
    "  <start mode='onboot'/>\n"
    "  <mtu size='1400'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.0.2.1' prefix='24'/>\n"
    "  </protocol>\n"
    "  <mac address='52:54:00:aa:00:01'/>\n"
    "</interface>\n";

TEST(MakeBridgeXml, KeepsHostSettingsOnTheBridgeAndMovesTheMacToTheMember) {
  auto xml = makeBridgeXml(kEthXml, "eth0", "br0", true, 15);
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  // virsh's bytes: xmlDocDumpMemory of the edited tree, blanks as they were, new nodes unindented.
  EXPECT_EQ(*xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<interface type=\"bridge\" name=\"br0\">\n"
            "  <start mode=\"onboot\"/>\n"
            "  <mtu size=\"1400\"/>\n"
            "  <protocol family=\"ipv4\">\n"
            "    <ip address=\"192.0.2.1\" prefix=\"24\"/>\n"
            "  </protocol>\n"
            "  \n"
            "<bridge stp=\"on\" delay=\"15\"><interface type=\"ethernet\" name=\"eth0\">"
            "<mac address=\"52:54:00:aa:00:01\"/></interface></bridge></interface>\n");
}

TEST(MakeBridgeXml, NoStpMeansNoDelayAndAHugeDelayPrintsSigned) {
  auto off = makeBridgeXml(kEthXml, "eth0", "br0", false, 15);
  ASSERT_TRUE(off.ok());
  EXPECT_NE(off->find("<bridge stp=\"off\"><interface"), std::string::npos) << *off;
  auto huge = makeBridgeXml(kEthXml, "eth0", "br0", true, 4294967295u);
  ASSERT_TRUE(huge.ok());
  EXPECT_NE(huge->find("<bridge stp=\"on\" delay=\"-1\">"), std::string::npos) << *huge;
}

TEST(MakeBridgeXml, RefusesWithVirshsMessages) {
  auto bridge = makeBridgeXml("<interface type='bridge' name='br1'/>", "br1", "br0", true, 0);
  ASSERT_FALSE(bridge.ok());
  EXPECT_EQ(bridge.error().message, "Existing device br1 is already a bridge");
  auto untyped = makeBridgeXml("<interface name='eth0'/>", "eth0", "br0", true, 0);
  ASSERT_FALSE(untyped.ok());
  EXPECT_EQ(untyped.error().message, "Existing device eth0 has no type");
  auto other = makeBridgeXml(kEthXml, "eth1", "br0", true, 0);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message,
            "Interface name from config eth0 doesn't match given supplied name eth1");
  auto bad = makeBridgeXml("<interface", "eth0", "br0", true, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "Failed to parse configuration of eth0");
}

constexpr std::string_view kBridgeXml =
    "<interface type='bridge' name='br0'>\n"
    "  <mtu size='1400'/>\n"
    "  <bridge stp='on' delay='0'>\n"
    "    <interface type='ethernet' name='eth0'>\n"
    "      <mac address='52:54:00:aa:00:01'/>\n"
    "    </interface>\n"
    "  </bridge>\n"
    "</interface>\n";

TEST(MakeUnbridgedXml, TakesTheMembersNameTypeAndMacAndLeavesTheBridgeElement) {
  auto out = makeUnbridgedXml(kBridgeXml, "br0");
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->name, "eth0");
  EXPECT_EQ(out->xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<interface type=\"ethernet\" name=\"eth0\">\n"
            "  <mtu size=\"1400\"/>\n"
            "  <bridge stp=\"on\" delay=\"0\">\n"
            "    <interface type=\"ethernet\" name=\"eth0\">\n"
            "      \n"
            "    </interface>\n"
            "  </bridge>\n"
            "<mac address=\"52:54:00:aa:00:01\"/></interface>\n");
}

TEST(MakeUnbridgedXml, RefusesWithVirshsMessages) {
  auto notBridge = makeUnbridgedXml(kEthXml, "eth0");
  ASSERT_FALSE(notBridge.ok());
  EXPECT_EQ(notBridge.error().message, "Device eth0 is not a bridge");
  auto noBridge = makeUnbridgedXml("<interface type='bridge' name='br0'/>", "br0");
  ASSERT_FALSE(noBridge.ok());
  EXPECT_EQ(noBridge.error().message, "No bridge node in xml document");
  auto empty = makeUnbridgedXml("<interface type='bridge' name='br0'><bridge/></interface>", "br0");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message, "No interface attached to bridge");
  auto two = makeUnbridgedXml(
      "<interface type='bridge' name='br0'><bridge><interface type='ethernet' name='a'/>"
      "<interface type='ethernet' name='b'/></bridge></interface>",
      "br0");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message, "Multiple interfaces attached to bridge");
  auto nameless = makeUnbridgedXml(
      "<interface type='bridge' name='br0'><bridge><interface type='ethernet'/></bridge>"
      "</interface>",
      "br0");
  ASSERT_FALSE(nameless.ok());
  EXPECT_EQ(nameless.error().message, "Device attached to bridge br0 has no name");
  auto typeless = makeUnbridgedXml(
      "<interface type='bridge' name='br0'><bridge><interface name='a'/></bridge></interface>",
      "br0");
  ASSERT_FALSE(typeless.ok());
  EXPECT_EQ(typeless.error().message, "Attached device a has no type");
  auto unnamed = makeUnbridgedXml("<interface type='bridge'><bridge/></interface>", "br0");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().message,
            "Interface name from config (null) doesn't match given supplied name br0");
}

TEST(DumpXPath, FormatsNodesAttributesAndWrapsThem) {
  auto plain = dumpXPath(kEthXml, "//protocol|//mac", false);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain,
            "<protocol family=\"ipv4\">\n  <ip address=\"192.0.2.1\" prefix=\"24\"/>\n"
            "</protocol>\n<mac address=\"52:54:00:aa:00:01\"/>\n");
  auto attr = dumpXPath(kEthXml, "mtu/@size", true);
  ASSERT_TRUE(attr.ok());
  EXPECT_EQ(*attr, "<nodes size=\"1400\"/>\n");
  auto none = dumpXPath(kEthXml, "//bond", true);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, "<nodes/>\n");
  auto number = dumpXPath(kEthXml, "count(//mtu)", false);
  ASSERT_FALSE(number.ok());
  EXPECT_EQ(number.error().message, "internal error: Incorrect xpath 'count(//mtu)'");
}

}  // namespace
}  // namespace ifkit::cli
