// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/verify_start_test.cpp: verifyStart finds every kind of difference between a started
// definition and the kernel, and none where a real kernel differs on its own (tentative IPv6
// addresses, carrier, a bond's slaves, the STP delay clamp, jiffies). One claim a test.
#include "plan/verify_start.h"

#include <gtest/gtest.h>

#include "conf/interface_xml.h"
#include "live_fixture.h"

namespace ifkit::plan {
namespace {

using Differences = std::vector<std::string>;

conf::InterfaceDef parse(const std::string& xml) {
  auto def = conf::parseInterfaceXml(xml);
  EXPECT_TRUE(def.ok()) << def.error().message;
  return *def;
}

Differences verify(const std::string& xml, const std::string& live,
                   const std::set<std::string>& dhcp = {}) {
  return verifyStart(parse(xml), test::readLiveFixture(live), dhcp);
}

constexpr const char* kBridge =
    "<interface type='bridge' name='br0'><mtu size='9000'/>"
    "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/>"
    "<route gateway='192.0.2.254'/></protocol>"
    "<protocol family='ipv6'><ip address='2001:db8::1' prefix='64'/></protocol>"
    "<bridge stp='off' delay='0.5'>"
    "<interface type='ethernet' name='eth0'><mac address='52:54:00:00:00:09'/></interface>"
    "</bridge></interface>";

// The host as a start of kBridge leaves it.
constexpr const char* kStarted =
    "link lo loopback up\n"
    "link br0 bridge mac=52:54:00:00:00:09 mtu=9000 stp=off delay=50 accept_ra=0 autoconf=0 up\n"
    "link eth0 veth mac=52:54:00:00:00:09 mtu=9000 master=br0 up\n"
    "addr br0 192.0.2.1/24\n"
    "addr br0 2001:db8::1/64\n"
    "route br0 192.0.2.254\n";

TEST(VerifyStart, AHostThatHoldsTheDefinitionHasNoDifference) {
  EXPECT_EQ(verify(kBridge, kStarted), Differences{});
}

// Start adjusts, it does not remove: what the definition does not name is no difference.
TEST(VerifyStart, ExtraAddressesPortsAndRoutesAreNoDifference) {
  EXPECT_EQ(verify(kBridge, std::string(kStarted) + "link vnet0 tap mtu=9000 master=br0 up\n"
                                                    "addr br0 198.51.100.1/24\n"
                                                    "addr br0 2001:db8:1::1/64 dynamic\n"
                                                    "route br0 2001:db8::fe\n"),
            Differences{});
}

TEST(VerifyStart, ATentativeIpv6AddressIsThereAFailedOneIsNot) {
  const std::string base =
      "link br0 bridge mac=52:54:00:00:00:09 mtu=9000 stp=off delay=50 accept_ra=0 autoconf=0 "
      "up\n"
      "link eth0 veth mac=52:54:00:00:00:09 mtu=9000 master=br0 up\n"
      "addr br0 192.0.2.1/24\n"
      "route br0 192.0.2.254\n";
  EXPECT_EQ(verify(kBridge, base + "addr br0 2001:db8::1/64 tentative\n"), Differences{});
  EXPECT_EQ(verify(kBridge, base + "addr br0 2001:db8::1/64 dadfailed\n"),
            Differences{"address 2001:db8::1/64 on 'br0' failed duplicate address detection"});
}

// Active is administratively up: a bridge whose port has no carrier has none either.
TEST(VerifyStart, UpIsTheAdministrativeStateNotCarrier) {
  const std::string live =
      "link br0 bridge mac=52:54:00:00:00:09 mtu=9000 stp=off delay=50 accept_ra=0 autoconf=0 "
      "up nocarrier\n"
      "link eth0 veth mac=52:54:00:00:00:09 mtu=9000 master=br0 up nocarrier "
      "state=lowerlayerdown\n"
      "addr br0 192.0.2.1/24\n"
      "addr br0 2001:db8::1/64\n"
      "route br0 192.0.2.254\n";
  EXPECT_EQ(verify(kBridge, live), Differences{});
  EXPECT_EQ(verify("<interface type='ethernet' name='eth0'/>", "link eth0 ethernet\n"),
            Differences{"'eth0' down, not up"});
}

TEST(VerifyStart, AMissingLinkIsADifferenceAndSaysNothingMoreOfIt) {
  EXPECT_EQ(verify(kBridge,
                   "link br0 bridge mtu=9000 stp=off delay=50 accept_ra=0 autoconf=0 up\n"
                   "addr br0 192.0.2.1/24\n"
                   "addr br0 2001:db8::1/64\n"
                   "route br0 192.0.2.254\n"),
            Differences{"no link 'eth0'"});
}

TEST(VerifyStart, AVirtualLinkOfAnotherKindIsADifference) {
  EXPECT_EQ(verify("<interface type='bond' name='bond0'><bond>"
                   "<interface type='ethernet' name='eth0'/></bond></interface>",
                   "link bond0 veth up\n"
                   "link eth0 ethernet master=bond0 up\n"),
            Differences{"'bond0' of kind veth, not bond"});
}

TEST(VerifyStart, AMemberWithoutItsMasterIsADifference) {
  const char* def =
      "<interface type='bridge' name='br0'><bridge>"
      "<interface type='ethernet' name='eth0'/></bridge></interface>";
  EXPECT_EQ(verify(def, "link br0 bridge up\nlink eth0 ethernet up\n"),
            Differences{"master none on 'eth0', not 'br0'"});
  EXPECT_EQ(
      verify(def, "link br0 bridge up\nlink br1 bridge up\nlink eth0 ethernet master=br1 up\n"),
      Differences{"master 'br1' on 'eth0', not 'br0'"});
}

TEST(VerifyStart, EveryMtuAndMacIsCheckedListedInTheDefinitionsOrder) {
  EXPECT_EQ(verify(kBridge,
                   "link br0 bridge mac=02:00:00:00:00:01 mtu=1500 stp=off delay=50 accept_ra=0 "
                   "autoconf=0 up\n"
                   "link eth0 veth mac=52:54:00:00:00:01 mtu=1500 master=br0 up\n"
                   "addr br0 192.0.2.1/24\n"
                   "addr br0 2001:db8::1/64\n"
                   "route br0 192.0.2.254\n"),
            (Differences{"MTU 1500 on 'br0', not 9000", "MTU 1500 on 'eth0', not 9000",
                         "MAC 52:54:00:00:00:01 on 'eth0', not 52:54:00:00:00:09"}));
}

// The bond gives its slaves its MTU and its MAC: the definition's are the bond's business.
TEST(VerifyStart, ABondSlavesMtuAndMacAreTheBonds) {
  EXPECT_EQ(verify("<interface type='bond' name='bond0'><mtu size='9000'/><bond>"
                   "<interface type='ethernet' name='eth0'><mac address='52:54:00:00:00:09'/>"
                   "</interface></bond></interface>",
                   "link bond0 bond mac=02:00:00:00:00:07 mtu=9000 up\n"
                   "link eth0 ethernet mac=02:00:00:00:00:07 mtu=1500 master=bond0 up\n"),
            Differences{});
}

TEST(VerifyStart, BridgeStpAndDelayAreChecked) {
  EXPECT_EQ(verify("<interface type='bridge' name='br0'><bridge stp='on' delay='4'/></interface>",
                   "link br0 bridge stp=off delay=1500 up\n"),
            (Differences{"STP off on 'br0', not on", "bridge delay 15 on 'br0', not 4"}));
}

// br_stp_start() clamps the delay into 2..30 s; without STP there is no clamp.
TEST(VerifyStart, TheKernelsClampOfTheDelayUnderStpIsNoDifference) {
  const char* zero = "<interface type='bridge' name='br0'><bridge stp='on' delay='0'/></interface>";
  EXPECT_EQ(verify(zero, "link br0 bridge stp=on delay=200 up\n"), Differences{});
  EXPECT_EQ(verify("<interface type='bridge' name='br0'><bridge stp='on' delay='45'/>"
                   "</interface>",
                   "link br0 bridge stp=on delay=3000 up\n"),
            Differences{});
  EXPECT_EQ(verify("<interface type='bridge' name='br0'><bridge stp='off' delay='0'/>"
                   "</interface>",
                   "link br0 bridge stp=off delay=200 up\n"),
            Differences{"bridge delay 2 on 'br0', not 0"});
}

// The kernel keeps the delay in jiffies: with HZ 250, 0.03 s reads back as 0.02 s.
TEST(VerifyStart, ADelayOneCentisecondShortIsTheKernelsRounding) {
  const char* def =
      "<interface type='bridge' name='br0'><bridge stp='off' delay='0.03'/></interface>";
  EXPECT_EQ(verify(def, "link br0 bridge stp=off delay=2 up\n"), Differences{});
  EXPECT_EQ(verify(def, "link br0 bridge stp=off delay=1 up\n"),
            Differences{"bridge delay 0.01 on 'br0', not 0.03"});
  EXPECT_EQ(verify(def, "link br0 bridge stp=off delay=4 up\n"),
            Differences{"bridge delay 0.04 on 'br0', not 0.03"});
}

TEST(VerifyStart, BondModeAndMiiMonitorAreChecked) {
  EXPECT_EQ(verify("<interface type='bond' name='bond0'><bond mode='active-backup'>"
                   "<miimon freq='100' updelay='200' carrier='ioctl'/>"
                   "<interface type='ethernet' name='eth0'/></bond></interface>",
                   "link bond0 bond mode=balance-rr miimon=50 updelay=0 up\n"
                   "link eth0 ethernet master=bond0 up\n"),
            (Differences{"bond mode balance-rr on 'bond0', not active-backup",
                         "miimon 50 on 'bond0', not 100", "updelay 0 on 'bond0', not 200",
                         "use_carrier 1 on 'bond0', not 0"}));
}

// The kernel counts updelay and downdelay in miimon periods, rounding down.
TEST(VerifyStart, ABondDelayRoundedToMiimonIsNoDifference) {
  EXPECT_EQ(verify("<interface type='bond' name='bond0'><bond>"
                   "<miimon freq='100' updelay='250' downdelay='99'/>"
                   "<interface type='ethernet' name='eth0'/></bond></interface>",
                   "link bond0 bond miimon=100 updelay=200 downdelay=0 up\n"
                   "link eth0 ethernet master=bond0 up\n"),
            Differences{});
}

TEST(VerifyStart, BondArpMonitorIsChecked) {
  EXPECT_EQ(verify("<interface type='bond' name='bond0'><bond>"
                   "<arpmon interval='200' target='192.0.2.1' validate='all'/>"
                   "<interface type='ethernet' name='eth0'/></bond></interface>",
                   "link bond0 bond miimon=0 arp_interval=100 arp_ip_target=192.0.2.9 up\n"
                   "link eth0 ethernet master=bond0 up\n"),
            (Differences{"arp_interval 100 on 'bond0', not 200",
                         "arp_ip_target 192.0.2.9 on 'bond0', not 192.0.2.1",
                         "arp_validate none on 'bond0', not all"}));
}

TEST(VerifyStart, VlanIdParentAndItsParentsUpStateAreChecked) {
  const char* def =
      "<interface type='vlan' name='v10'><vlan tag='10'><interface name='eth0'/></vlan>"
      "</interface>";
  EXPECT_EQ(verify(def, "link eth0 ethernet up\nlink v10 vlan id=10 parent=eth0 up\n"),
            Differences{});
  EXPECT_EQ(verify(def,
                   "link eth0 ethernet\nlink eth1 ethernet up\n"
                   "link v10 vlan id=20 parent=eth1 up\n"),
            (Differences{"VLAN id 20 on 'v10', not 10", "VLAN parent 'eth1' on 'v10', not 'eth0'",
                         "'eth0' down, not up"}));
  EXPECT_EQ(verify(def, "link eth0 ethernet up\nlink v10 vlan id=10 parent=@7 up\n"),
            Differences{"VLAN parent if7 on 'v10', not 'eth0'"});
}

TEST(VerifyStart, AddressesNeedTheirPrefixLength) {
  EXPECT_EQ(verify("<interface type='ethernet' name='eth0'><protocol family='ipv4'>"
                   "<ip address='192.0.2.1' prefix='24'/><ip address='10.0.0.1'/></protocol>"
                   "</interface>",
                   "link eth0 ethernet up\naddr eth0 192.0.2.1/25\naddr eth0 10.0.0.1/8\n"),
            Differences{"no address 192.0.2.1/24 on 'eth0'"});
}

TEST(VerifyStart, TheDefaultRouteMustLeaveThroughTheInterface) {
  const char* def =
      "<interface type='ethernet' name='eth0'><protocol family='ipv4'>"
      "<ip address='192.0.2.1' prefix='24'/><route gateway='192.0.2.254'/></protocol>"
      "</interface>";
  EXPECT_EQ(verify(def,
                   "link eth0 ethernet up\nlink eth1 ethernet up\naddr eth0 192.0.2.1/24\n"
                   "route eth1 192.0.2.254\n"),
            Differences{"no default route via 192.0.2.254 out of 'eth0'"});
  // Any metric and origin: start adds the kernel's, a take-over moves the member's.
  EXPECT_EQ(verify(def,
                   "link eth0 ethernet up\naddr eth0 192.0.2.1/24\n"
                   "route eth0 192.0.2.254 metric=100 proto=16\n"),
            Differences{});
}

// The lease's address comes once the client binds; its router replaces the default route.
TEST(VerifyStart, DhcpNeedsARunningClientNotALease) {
  const char* def =
      "<interface type='ethernet' name='eth0'><protocol family='ipv4'><dhcp/>"
      "<route gateway='192.0.2.254'/></protocol></interface>";
  EXPECT_EQ(verify(def, "link eth0 ethernet up\n", {"eth0"}), Differences{});
  EXPECT_EQ(verify(def, "link eth0 ethernet up\n", {"eth1"}),
            Differences{"no DHCP client running for 'eth0'"});
}

TEST(VerifyStart, Ipv6AutoconfIsAsTheDefinitionSetsIt) {
  const char* on =
      "<interface type='ethernet' name='eth0'><protocol family='ipv6'><autoconf/></protocol>"
      "</interface>";
  const char* off = "<interface type='ethernet' name='eth0'><protocol family='ipv6'/></interface>";
  EXPECT_EQ(verify(on, "link eth0 ethernet up\n"), Differences{});
  EXPECT_EQ(verify(off, "link eth0 ethernet up\n"),
            Differences{"IPv6 autoconf on (accept_ra 1) on 'eth0', not off"});
  EXPECT_EQ(verify(on, "link eth0 ethernet accept_ra=0 autoconf=1 up\n"),
            Differences{"IPv6 autoconf on (accept_ra 0) on 'eth0', not on"});
  EXPECT_EQ(verify(off, "link eth0 ethernet ipv6=off up\n"), Differences{});
}

TEST(VerifyStart, TheErrorNamesEveryDifference) {
  Error e = verifyError("br0", {"MTU 1500 on 'eth0', not 9000", "no link 'eth1'"});
  EXPECT_EQ(e.number, ErrorNumber::OperationFailed);
  EXPECT_EQ(e.domain, ErrorDomain::Interface);
  EXPECT_EQ(e.message,
            "operation failed: cannot start 'br0': after applying, the kernel shows MTU 1500 on "
            "'eth0', not 9000; no link 'eth1'");
}

}  // namespace
}  // namespace ifkit::plan
