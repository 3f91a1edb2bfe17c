// SPDX-License-Identifier: LGPL-2.1-or-later
// A VM host's bridge on a real kernel, as ifkit:///system lists, looks up and describes it: the
// NIC (a veth) as the bridge's port, guests' taps on it, the host's addresses and a DHCP-like
// lease on the bridge. The oracle is the kernel's own view (`ip -j`, /proc/sys); libvirt's udev
// backend run in the same situation is the oracle of libvirt_oracle_test.cpp.
#include "guest_bridge.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "ifkit/connection.h"
#include "ifkit/flags.h"
#include "ifkit/interface.h"
#include "kernel_live_xml.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

class GuestBridgeTest : public ::testing::Test {
 protected:
  GuestBridgeTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-guests-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    test::buildGuestBridge(ns);
  }
  ~GuestBridgeTest() override { fs::remove_all(store_); }

  Connection open() {
    auto conn = Connection::open(test::systemUri(ns.name(), store_));
    EXPECT_TRUE(conn.ok()) << conn.error().message;
    return *conn;
  }
  std::string macOf(const std::string& link) const {
    return ns.ipJson("link show " + link)[0]["address"].str();
  }
  std::string storePath() const { return store_.string(); }

  TestNetns ns;

 private:
  fs::path store_;
};

// What ip shows as interfaces of their own: every link but the loopback, those with a master
// (bridge ports; bond slaves) and tun/tap devices (IFLA_INFO_KIND "tun").
std::set<std::string> topLevelLinksOf(const TestNetns& ns) {
  std::set<std::string> out;
  for (const test::Json& link : ns.ipJson("-d link show").items()) {
    if (link["ifname"].str() == "lo" || link.has("master")) continue;
    if (link["linkinfo"]["info_kind"].str() == "tun") continue;
    out.insert(link["ifname"].str());
  }
  return out;
}

// iface-list and every count and name list leave out the bridge's port and the guests' taps (and
// a VPN's tun): they are not interfaces of the host's own. Looking them up by name still works.
TEST_F(GuestBridgeTest, ListingsLeaveOutPortsAndTapsWhichNamesStillReach) {
  Connection conn = open();
  const std::set<std::string> expected{"br0", "lan0"};
  ASSERT_EQ(topLevelLinksOf(ns), expected);  // the oracle agrees with the situation built

  auto all = conn.listAllInterfaces(0);
  ASSERT_TRUE(all.ok()) << all.error().message;
  std::set<std::string> listed;
  for (const Interface& i : *all) listed.insert(i.name());
  EXPECT_EQ(listed, expected);
  // br0 and lan0 are up (active); nothing listed is down.
  EXPECT_EQ(*conn.listInterfaces(), (std::vector<std::string>{"br0", "lan0"}));
  EXPECT_EQ(*conn.numOfInterfaces(), 2);
  EXPECT_EQ(*conn.listDefinedInterfaces(), std::vector<std::string>{});
  EXPECT_EQ(*conn.numOfDefinedInterfaces(), 0);
  EXPECT_EQ(conn.listAllInterfaces(kListInterfacesInactive)->size(), 0u);

  for (const char* name : {"eth0", "vnet0", "vnet1", "guesttap", "tun0"}) {
    auto found = conn.lookupByName(name);
    ASSERT_TRUE(found.ok()) << name << ": " << found.error().message;
    EXPECT_EQ(found->name(), name);
  }
  EXPECT_EQ(conn.lookupByName("vnet0")->macString(), macOf("vnet0"));
}

// A MAC lookup counts listed interfaces only: br0 shares eth0's MAC (a bridge made from a NIC),
// which is br0's and no "matches multiple interfaces"; a guest's tap is not found by its MAC.
TEST_F(GuestBridgeTest, MacLookupCountsOnlyListedInterfaces) {
  ASSERT_EQ(macOf("br0"), macOf("eth0"));
  Connection conn = open();
  auto bridge = conn.lookupByMACString(macOf("eth0"));
  ASSERT_TRUE(bridge.ok()) << bridge.error().message;
  EXPECT_EQ(bridge->name(), "br0");
  for (const char* tap : {"vnet0", "guesttap"}) {
    auto guest = conn.lookupByMACString(macOf(tap));
    ASSERT_FALSE(guest.ok()) << tap;
    EXPECT_EQ(guest.error().number, ErrorNumber::NoInterface);
  }
  EXPECT_EQ(conn.lookupByMACString(macOf("lan0"))->name(), "lan0");
}

// br0's live XML is the kernel's view without the taps: its MTU, its addresses with the lease as
// <dhcp/> (ip: "dynamic") beside the static ones, its default route, <autoconf/> (accept_ra=1,
// not forwarding), and one port, the NIC. Its inactive XML (no definition: the live one, what
// iface-edit starts from) names no tap either.
TEST_F(GuestBridgeTest, BridgeLiveXmlLeavesOutTapsAndShowsTheLeaseAsDhcp) {
  Connection conn = open();
  const test::KernelReader k = test::readerOf(ns);
  auto live = [&] { return conn.lookupByName("br0")->xmlDesc(0).value(); };
  auto kernel = [&] {
    return "<interface type='bridge' name='br0'>\n" + test::mtuLine(k, "br0", "  ") +
           test::protocolLines(k, "br0", "  ") + "  <bridge stp='off' delay='0'>\n" +
           test::nestedEthernetLines(k, "eth0", "    ") + "  </bridge>\n</interface>\n";
  };
  test::expectSameOnceSettled(live, kernel);
  EXPECT_EQ(test::protocolLines(k, "br0", ""),
            "<protocol family='ipv4'>\n"
            "  <dhcp/>\n"
            "  <ip address='192.0.2.5' prefix='24'/>\n"
            "  <route gateway='192.0.2.1'/>\n"
            "</protocol>\n"
            "<protocol family='ipv6'>\n"
            "  <autoconf/>\n"
            "  <ip address='2001:db8::5' prefix='64'/>\n"
            "</protocol>\n");
  const std::string inactive = conn.lookupByName("br0")->xmlDesc(kInterfaceXmlInactive).value();
  EXPECT_EQ(inactive.find("tap"), std::string::npos) << inactive;
  EXPECT_EQ(inactive.find("vnet"), std::string::npos) << inactive;
}

// <autoconf/> only where the kernel acts on router advertisements: accept_ra 1 stops counting once
// the link forwards IPv6 (a router), accept_ra 2 counts even then.
TEST_F(GuestBridgeTest, AutoconfOnlyWhereTheKernelLearnsFromRouterAdvertisements) {
  Connection conn = open();
  const test::KernelReader k = test::readerOf(ns);
  auto live = [&] { return conn.lookupByName("br0")->xmlDesc(0).value(); };
  auto kernel = [&] {
    return "<interface type='bridge' name='br0'>\n" + test::mtuLine(k, "br0", "  ") +
           test::protocolLines(k, "br0", "  ") + "  <bridge stp='off' delay='0'>\n" +
           test::nestedEthernetLines(k, "eth0", "    ") + "  </bridge>\n</interface>\n";
  };
  ns.exec("sysctl -q -w net.ipv6.conf.br0.accept_ra=1 net.ipv6.conf.br0.forwarding=1");
  test::expectSameOnceSettled(live, kernel);
  EXPECT_EQ(live().find("<autoconf/>"), std::string::npos) << live();
  ns.exec("sysctl -q -w net.ipv6.conf.br0.accept_ra=2");
  test::expectSameOnceSettled(live, kernel);
  EXPECT_NE(live().find("<autoconf/>"), std::string::npos) << live();
}

// A stored definition of a link that is now a bridge's port stays listed (so that it can be found
// and undefined), with the kernel's state and MAC: then it does share br0's MAC.
TEST_F(GuestBridgeTest, DefinitionOfAPortStaysListed) {
  Connection conn = open();
  ASSERT_TRUE(conn.defineXML("<interface type='ethernet' name='eth0'>\n"
                             "  <mac address='" + macOf("eth0") + "'/>\n"
                             "</interface>\n")
                  .ok());
  auto all = conn.listAllInterfaces(0);
  ASSERT_TRUE(all.ok());
  std::set<std::string> listed;
  for (const Interface& i : *all) listed.insert(i.name());
  EXPECT_EQ(listed, (std::set<std::string>{"br0", "eth0", "lan0"}));
  EXPECT_EQ(*conn.listInterfaces(), (std::vector<std::string>{"br0", "eth0", "lan0"}));
  EXPECT_EQ(conn.lookupByMACString(macOf("eth0")).error().number,
            ErrorNumber::MultipleInterfaces);
}

// A link whose name holds a control character (the kernel takes any byte but '/', ':',
// whitespace and NUL) is listed and found by name, but XML 1.0 cannot carry its name, raw or as a
// character reference: its XML is refused with the reason rather than written ill-formed (as
// libvirt writes it), and so is the XML of a bridge with such a port.
TEST_F(GuestBridgeTest, ANameXmlCannotCarryIsListedButItsXmlIsRefused) {
  // /bin/sh (dash) has no $'...': printf writes the byte.
  ns.ip("link add \"$(printf 'a\\001b')\" type bridge");
  ns.ip("link add \"$(printf 'p\\001x')\" type veth peer name p1");
  ns.ip("link set \"$(printf 'p\\001x')\" master br0");
  Connection conn = open();
  auto all = conn.listAllInterfaces(0);
  ASSERT_TRUE(all.ok());
  std::set<std::string> listed;
  for (const Interface& i : *all) listed.insert(i.name());
  EXPECT_EQ(listed, (std::set<std::string>{"a\x01" "b", "br0", "lan0", "p1"}));

  auto odd = conn.lookupByName("a\x01" "b");
  ASSERT_TRUE(odd.ok()) << odd.error().message;
  for (unsigned flags : {0u, unsigned(kInterfaceXmlInactive)}) {
    auto xml = odd->xmlDesc(flags);
    ASSERT_FALSE(xml.ok()) << *xml;
    EXPECT_EQ(xml.error().number, ErrorNumber::ConfigUnsupported);
    EXPECT_EQ(xml.error().message,
              "unsupported configuration: interface name 'a\\x01b' cannot be written in XML: it "
              "holds a control character or bytes that are not UTF-8");
  }
  auto bridge = conn.lookupByName("br0")->xmlDesc(0);
  ASSERT_FALSE(bridge.ok());
  EXPECT_NE(bridge.error().message.find("'p\\x01x'"), std::string::npos)
      << bridge.error().message;
}

}  // namespace
}  // namespace ifkit
