// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/ops_test.cpp: primitive operations applied, then read back through `ip -j`.
#include <gtest/gtest.h>

#include <cerrno>
#include <set>

#include "host/host_op.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

using namespace host;  // NOLINT: op::, IpPrefix, ... throughout

IpPrefix prefix(const char* text) { return *IpPrefix::parse(text); }
IpAddress address(const char* text) { return *IpAddress::parse(text); }

void expectOk(nl::NetlinkHost& h, const HostOp& o) {
  Status st = h.apply(o);
  EXPECT_TRUE(st.ok()) << describe(o) << ": " << (st.ok() ? "" : st.error().message);
}

Json linkJson(const TestNetns& ns, const std::string& name) {
  return ns.ipJson("-d link show dev " + name)[0];
}

std::set<std::string> addressesOf(const TestNetns& ns, const std::string& name) {
  std::set<std::string> out;
  for (const Json& a : ns.ipJson("addr show dev " + name)[0]["addr_info"].items())
    if (a["scope"].str() != "link")
      out.insert(a["local"].str() + "/" + std::to_string(a["prefixlen"].integer()));
  return out;
}

TEST(HostOps, CreateBridgeSetsOnlyTheGivenSettings) {
  TestNetns ns;
  auto h = ns.openHost();
  expectOk(h, op::CreateBridge{"br0", {.stp = true, .forwardDelayCs = 300}});
  expectOk(h, op::CreateBridge{"br1", {}});
  Json br0 = linkJson(ns, "br0");
  EXPECT_EQ(br0["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_EQ(br0["linkinfo"]["info_data"]["stp_state"].integer(), 1);
  EXPECT_EQ(br0["linkinfo"]["info_data"]["forward_delay"].integer(), 300);
  Json br1 = linkJson(ns, "br1");  // the kernel's defaults: STP off, 15 s
  EXPECT_EQ(br1["linkinfo"]["info_data"]["stp_state"].integer(), 0);
  EXPECT_EQ(br1["linkinfo"]["info_data"]["forward_delay"].integer(), 1500);
}

TEST(HostOps, StpOffWithZeroDelayWorksOnABridgeRunningStp) {
  // The kernel checks the delay against STP's 2..30 s range before it turns STP off.
  TestNetns ns;
  ns.ip("link add br0 type bridge stp_state 1 forward_delay 1500");
  auto h = ns.openHost();
  expectOk(h, op::SetBridge{"br0", {.stp = false, .forwardDelayCs = 0}});
  Json data = linkJson(ns, "br0")["linkinfo"]["info_data"];
  EXPECT_EQ(data["stp_state"].integer(), 0);
  EXPECT_EQ(data["forward_delay"].integer(), 0);
}

TEST(HostOps, ForwardDelayOutOfStpRangeKeepsTheKernelsErange) {
  TestNetns ns;
  ns.ip("link add br0 type bridge stp_state 1");
  auto h = ns.openHost();
  Status st = h.apply(op::SetBridge{"br0", {.forwardDelayCs = 100}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(st.error().sysErrno, ERANGE);
  EXPECT_EQ(st.error().message,
            "operation failed: cannot set bridge 'br0' forward_delay 100cs: Numerical result out "
            "of range");
}

TEST(HostOps, SetAndClearMaster) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add br0 type bridge");
  auto h = ns.openHost();
  expectOk(h, op::SetMaster{"eth0", "br0"});
  EXPECT_EQ(linkJson(ns, "eth0")["master"].str(), "br0");
  expectOk(h, op::SetMaster{"eth0", ""});
  EXPECT_FALSE(linkJson(ns, "eth0").has("master"));
}

TEST(HostOps, MtuMacAndAdminState) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::SetMtu{"eth0", 1280});
  expectOk(h, op::SetMac{"eth0", *MacAddress::parse("52:54:00:01:02:03")});
  expectOk(h, op::SetUp{"eth0", true});
  Json eth0 = linkJson(ns, "eth0");
  EXPECT_EQ(eth0["mtu"].integer(), 1280);
  EXPECT_EQ(eth0["address"].str(), "52:54:00:01:02:03");
  EXPECT_TRUE(eth0["flags"].contains("UP"));
  expectOk(h, op::SetUp{"eth0", false});
  EXPECT_FALSE(linkJson(ns, "eth0")["flags"].contains("UP"));
}

TEST(HostOps, AddAndRemoveAddressesOfBothFamilies) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::AddAddress{"eth0", prefix("192.0.2.1/24")});
  expectOk(h, op::AddAddress{"eth0", prefix("2001:db8::1/64")});
  EXPECT_EQ(addressesOf(ns, "eth0"), (std::set<std::string>{"192.0.2.1/24", "2001:db8::1/64"}));
  expectOk(h, op::RemoveAddress{"eth0", prefix("192.0.2.1/24")});
  expectOk(h, op::RemoveAddress{"eth0", prefix("2001:db8::1/64")});
  EXPECT_EQ(addressesOf(ns, "eth0"), std::set<std::string>{});
}

TEST(HostOps, AnAddressWithPrefixLengthZeroIsAddedAndRemoved) {
  // libnl reads prefix length 0 as "none"; the kernel takes /0, and a restore may put one back.
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::AddAddress{"eth0", prefix("10.9.9.1/0")});
  EXPECT_EQ(addressesOf(ns, "eth0"), std::set<std::string>{"10.9.9.1/0"});
  expectOk(h, op::RemoveAddress{"eth0", prefix("10.9.9.1/0")});
  EXPECT_EQ(addressesOf(ns, "eth0"), std::set<std::string>{});
}

TEST(HostOps, AnAddressInTheLoopbackRangeKeepsGlobalScope) {
  // libnl would give 127.0.0.0/8 host scope unless told; the live XML shows global addresses.
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::AddAddress{"eth0", prefix("127.0.0.5/8")});
  Json a = ns.ipJson("-4 addr show dev eth0")[0]["addr_info"][0];
  EXPECT_EQ(a["local"].str(), "127.0.0.5");
  EXPECT_EQ(a["scope"].str(), "global");
}

TEST(HostOps, DefaultRoutesViaGatewayOfBothFamilies) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link set eth0 up");
  ns.ip("link set eth0-peer up");
  ns.ip("addr add 192.0.2.1/24 dev eth0");
  ns.ip("addr add 2001:db8::1/64 dev eth0 nodad");
  auto h = ns.openHost();
  expectOk(h, op::AddDefaultRoute{"eth0", address("192.0.2.254")});
  expectOk(h, op::AddDefaultRoute{"eth0", address("2001:db8::fe")});
  Json v4 = ns.ipJson("-4 route show default");
  ASSERT_EQ(v4.size(), 1u);
  EXPECT_EQ(v4[0]["gateway"].str(), "192.0.2.254");
  EXPECT_EQ(v4[0]["dev"].str(), "eth0");
  Json v6 = ns.ipJson("-6 route show default");
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0]["gateway"].str(), "2001:db8::fe");
  expectOk(h, op::RemoveDefaultRoute{"eth0", address("192.0.2.254")});
  expectOk(h, op::RemoveDefaultRoute{"eth0", address("2001:db8::fe")});
  EXPECT_EQ(ns.ipJson("-4 route show default").size(), 0u);
  EXPECT_EQ(ns.ipJson("-6 route show default").size(), 0u);
}

TEST(HostOps, Ipv6AutoconfSwitchesAutoconfAndAcceptRa) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::SetIpv6Autoconf{"eth0", false});
  EXPECT_EQ(ns.readFileInside("/proc/sys/net/ipv6/conf/eth0/autoconf"), "0");
  EXPECT_EQ(ns.readFileInside("/proc/sys/net/ipv6/conf/eth0/accept_ra"), "0");
  // The peer is untouched: the write went to this namespace's eth0 only.
  EXPECT_EQ(ns.readFileInside("/proc/sys/net/ipv6/conf/eth0-peer/autoconf"), "1");
  expectOk(h, op::SetIpv6Autoconf{"eth0", true});
  EXPECT_EQ(ns.readFileInside("/proc/sys/net/ipv6/conf/eth0/autoconf"), "1");
  EXPECT_EQ(ns.readFileInside("/proc/sys/net/ipv6/conf/eth0/accept_ra"), "1");
}

TEST(HostOps, DeleteLinkRemovesBridge) {
  TestNetns ns;
  ns.ip("link add br0 type bridge");
  auto h = ns.openHost();
  expectOk(h, op::DeleteLink{"br0"});
  EXPECT_NE(runCommand("ip -n " + ns.name() + " link show br0").exitCode, 0);
}

// Failures: each keeps the kernel's errno and names the operation and the interface.

TEST(HostOps, AddressOnMissingLinkFailsWithEnodev) {
  TestNetns ns;
  auto h = ns.openHost();
  Status st = h.apply(op::AddAddress{"nosuch0", prefix("192.0.2.1/24")});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(st.error().sysErrno, ENODEV);
  EXPECT_EQ(st.error().message,
            "operation failed: cannot add address 192.0.2.1/24 to 'nosuch0': No such device");
}

TEST(HostOps, MtuOnMissingLinkFailsWithTheKernelsEnodev) {
  // Here the kernel itself looks the name up (IFLA_IFNAME), and its ack carries the errno.
  TestNetns ns;
  auto h = ns.openHost();
  Status st = h.apply(op::SetMtu{"nosuch0", 1400});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, ENODEV);
}

TEST(HostOps, ANameTooLongForTheKernelFailsWithEnrangeAndTouchesNoOtherLink) {
  // libnl cuts a name to 15 bytes; sent cut, it would name this 15-byte link instead.
  TestNetns ns;
  ns.ip("link add abcdefghijklmno type veth peer name peer0");
  auto h = ns.openHost();
  for (const HostOp& o :
       {HostOp(op::SetMtu{"abcdefghijklmnop", 1280}), HostOp(op::SetUp{"abcdefghijklmnop", true}),
        HostOp(op::DeleteLink{"abcdefghijklmnop"})}) {
    Status st = h.apply(o);
    ASSERT_FALSE(st.ok()) << describe(o);
    EXPECT_EQ(st.error().sysErrno, ERANGE) << describe(o);
  }
  Json link = linkJson(ns, "abcdefghijklmno");
  EXPECT_EQ(link["mtu"].integer(), 1500);
  EXPECT_FALSE(link["flags"].contains("UP"));
}

TEST(HostOps, DuplicateAddressFailsWithEexist) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("addr add 192.0.2.1/24 dev eth0");
  auto h = ns.openHost();
  Status st = h.apply(op::AddAddress{"eth0", prefix("192.0.2.1/24")});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, EEXIST);
}

TEST(HostOps, CreatingAnExistingLinkFailsWithEexist) {
  TestNetns ns;
  ns.ip("link add br0 type bridge");
  auto h = ns.openHost();
  Status st = h.apply(op::CreateBridge{"br0", {}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, EEXIST);
  EXPECT_EQ(st.error().message, "operation failed: cannot create bridge 'br0': File exists");
}

TEST(HostOps, MtuAboveTheDevicesMaximumFailsWithEinval) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  Status st = h.apply(op::SetMtu{"eth0", 70000});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, EINVAL);
}

TEST(HostOps, RouteViaAnUnreachableGatewayFailsWithEnetunreach) {
  // libnl has no code for ENETUNREACH (it would say "Unspecific failure"); the errno survives.
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link set eth0 up");
  auto h = ns.openHost();
  Status st = h.apply(op::AddDefaultRoute{"eth0", address("192.0.2.254")});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, ENETUNREACH);
  EXPECT_EQ(st.error().message,
            "operation failed: cannot add default route via 192.0.2.254 dev 'eth0': Network is "
            "unreachable");
}

TEST(HostOps, DeletingLoopbackIsRefused) {
  TestNetns ns;
  auto h = ns.openHost();
  Status st = h.apply(op::DeleteLink{"lo"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, EOPNOTSUPP);
}

TEST(HostOps, MasterThatDoesNotExistFailsWithEnodev) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  Status st = h.apply(op::SetMaster{"eth0", "br9"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, ENODEV);
  EXPECT_EQ(st.error().message, "operation failed: cannot attach 'eth0' to 'br9': No such device");
}

TEST(HostOps, Ipv6AutoconfOnMissingLinkFailsWithEnodev) {
  TestNetns ns;
  auto h = ns.openHost();
  Status st = h.apply(op::SetIpv6Autoconf{"nosuch0", true});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, ENODEV);
}

}  // namespace
}  // namespace ifkit::test
