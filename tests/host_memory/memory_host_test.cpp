// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host_memory/memory_host_test.cpp: the memory host answers and changes as the kernel would.
#include "host/memory/memory_host.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace ifkit::host::memory {
namespace {

Link nic(int index, std::string name, std::string mac, bool up = false) {
  Link l;
  l.index = index;
  l.name = std::move(name);
  l.kind = LinkKind::Ethernet;
  l.mac = MacAddress::parse(mac);
  l.mtu = 1500;
  l.up = up;
  l.carrier = up;
  l.ipv6 = Ipv6Conf{.acceptRa = 1, .autoconf = true, .disabled = false, .forwarding = false};
  return l;
}

LiveState twoNics() {
  LiveState st;
  st.links.push_back(nic(2, "eth0", "52:54:00:00:00:02"));
  st.links.push_back(nic(3, "eth1", "52:54:00:00:00:01"));
  return st;
}

IpPrefix pfx(const char* text) { return *IpPrefix::parse(text); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

int errnoOf(const Status& st) { return st.ok() ? 0 : st.error().sysErrno; }

TEST(MemoryHost, NewBridgeGetsNextIndexGeneratedMacAndDefaults) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::CreateBridge{"br0", {}}).ok());
  const Link* br = host.state().linkByName("br0");
  ASSERT_NE(br, nullptr);
  EXPECT_EQ(br->index, 4);
  ASSERT_TRUE(br->mac.has_value());
  EXPECT_EQ(br->mac->bytes[0] & 3, 2);  // locally administered unicast
  EXPECT_EQ(br->mtu, 1500u);
  EXPECT_EQ(*br->bridge(), (BridgeInfo{.stp = false, .forwardDelayCs = 1500}));
  EXPECT_EQ(br->operState, OperState::Down);
}

TEST(MemoryHost, ErrorsCarryTheKernelsErrnoAndTheOperation) {
  MemoryHost host(twoNics());
  Status st = host.apply(op::CreateBridge{"eth0", {}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(st.error().sysErrno, EEXIST);
  EXPECT_EQ(st.error().message, "operation failed: cannot create bridge 'eth0': File exists");
  EXPECT_EQ(errnoOf(host.apply(op::SetMtu{"eth9", 1400})), ENODEV);
  EXPECT_EQ(errnoOf(host.apply(op::DeleteLink{"eth0"})), EOPNOTSUPP);
  EXPECT_EQ(errnoOf(host.apply(op::RemoveAddress{"eth0", pfx("192.0.2.1/24")})), EADDRNOTAVAIL);
  EXPECT_EQ(errnoOf(host.apply(op::RemoveDefaultRoute{"eth0", ip("192.0.2.254")})), ESRCH);
  EXPECT_EQ(errnoOf(host.apply(op::CreateBridge{"a-name-too-long-x", {}})), EINVAL);
  EXPECT_EQ(errnoOf(host.apply(op::SetMtu{"eth0", 67})), EINVAL);
  EXPECT_TRUE(host.journal().empty());
  EXPECT_EQ(host.state(), MemoryHost(twoNics()).state());
}

TEST(MemoryHost, BondTakesOnlyDownSlavesAndRestoresThemOnRelease) {
  LiveState st = twoNics();
  st.links[0].up = true;
  st.links[0].carrier = true;
  MemoryHost host(st);
  ASSERT_TRUE(host.apply(op::CreateBond{"bond0", {.mode = BondMode::ActiveBackup}}).ok());
  ASSERT_TRUE(host.apply(op::SetMtu{"bond0", 9000}).ok());
  EXPECT_EQ(errnoOf(host.apply(op::SetMaster{"eth0", "bond0"})), EPERM);
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", false}).ok());
  ASSERT_TRUE(host.apply(op::SetMaster{"eth0", "bond0"}).ok());
  ASSERT_TRUE(host.apply(op::SetMaster{"eth1", "bond0"}).ok());
  const Link* bond = host.state().linkByName("bond0");
  const Link* eth0 = host.state().linkByName("eth0");
  const Link* eth1 = host.state().linkByName("eth1");
  EXPECT_TRUE(eth0->up);  // the bond opened its slaves
  EXPECT_EQ(eth0->mtu, 9000u);
  EXPECT_EQ(bond->mac, MacAddress::parse("52:54:00:00:00:02"));  // the first slave's
  EXPECT_EQ(eth1->mac, bond->mac);
  EXPECT_EQ(errnoOf(host.apply(op::SetBond{"bond0", {.mode = BondMode::BalanceRr}})), ENOTEMPTY);

  ASSERT_TRUE(host.apply(op::DeleteLink{"bond0"}).ok());
  eth0 = host.state().linkByName("eth0");
  eth1 = host.state().linkByName("eth1");
  EXPECT_FALSE(eth0->up);
  EXPECT_EQ(eth0->masterIndex, 0);
  EXPECT_EQ(eth0->mtu, 1500u);
  EXPECT_EQ(eth1->mac, MacAddress::parse("52:54:00:00:00:01"));
}

TEST(MemoryHost, BridgeMtuAndMacFollowPortsUntilSet) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::CreateBridge{"br0", {}}).ok());
  ASSERT_TRUE(host.apply(op::SetMtu{"eth0", 1400}).ok());
  ASSERT_TRUE(host.apply(op::SetMaster{"eth0", "br0"}).ok());
  ASSERT_TRUE(host.apply(op::SetMaster{"eth1", "br0"}).ok());
  const Link* br = host.state().linkByName("br0");
  EXPECT_EQ(br->mtu, 1400u);
  EXPECT_EQ(br->mac, MacAddress::parse("52:54:00:00:00:01"));  // the lowest port MAC
  ASSERT_TRUE(host.apply(op::SetMtu{"br0", 1300}).ok());
  ASSERT_TRUE(host.apply(op::SetMaster{"eth0", ""}).ok());
  EXPECT_EQ(host.state().linkByName("br0")->mtu, 1300u);
  EXPECT_EQ(errnoOf(host.apply(op::SetMaster{"br0", "br0"})), ELOOP);
}

TEST(MemoryHost, VlanInheritsParentMacAndFollowsItsState) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::CreateVlan{"eth0.10", "eth0", 10}).ok());
  EXPECT_EQ(errnoOf(host.apply(op::CreateVlan{"v10", "eth0", 10})), EEXIST);
  EXPECT_EQ(errnoOf(host.apply(op::CreateVlan{"v4095", "eth0", 4095})), ERANGE);
  EXPECT_EQ(errnoOf(host.apply(op::CreateVlan{"v11", "eth9", 11})), ENODEV);
  EXPECT_EQ(errnoOf(host.apply(op::SetMtu{"eth0.10", 9000})), ERANGE);
  ASSERT_TRUE(host.apply(op::SetUp{"eth0.10", true}).ok());
  const Link* vlan = host.state().linkByName("eth0.10");
  EXPECT_EQ(vlan->mac, MacAddress::parse("52:54:00:00:00:02"));
  EXPECT_EQ(vlan->operState, OperState::LowerLayerDown);
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", true}).ok());
  EXPECT_EQ(host.state().linkByName("eth0.10")->operState, OperState::Up);
}

TEST(MemoryHost, MacChangeNeedsTheNicDown) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", true}).ok());
  auto mac = *MacAddress::parse("52:54:00:aa:bb:cc");
  EXPECT_EQ(errnoOf(host.apply(op::SetMac{"eth0", mac})), EBUSY);
  EXPECT_EQ(errnoOf(host.apply(op::SetMac{"eth1", *MacAddress::parse("01:00:5e:00:00:01")})),
            EADDRNOTAVAIL);
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", false}).ok());
  ASSERT_TRUE(host.apply(op::SetMac{"eth0", mac}).ok());
  EXPECT_EQ(host.state().linkByName("eth0")->mac, mac);
}

TEST(MemoryHost, DownDropsIpv6AddressesAndRoutesButKeepsIpv4) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::AddAddress{"eth0", pfx("192.0.2.1/24")}).ok());
  ASSERT_TRUE(host.apply(op::AddAddress{"eth0", pfx("2001:db8::1/64")}).ok());
  EXPECT_EQ(errnoOf(host.apply(op::AddAddress{"eth0", pfx("2001:db8::1/48")})), EEXIST);
  EXPECT_EQ(errnoOf(host.apply(op::AddDefaultRoute{"eth0", ip("192.0.2.254")})), ENETDOWN);
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", true}).ok());
  EXPECT_EQ(errnoOf(host.apply(op::AddDefaultRoute{"eth0", ip("198.51.100.1")})), ENETUNREACH);
  ASSERT_TRUE(host.apply(op::AddDefaultRoute{"eth0", ip("192.0.2.254")}).ok());
  ASSERT_TRUE(host.apply(op::AddDefaultRoute{"eth0", ip("2001:db8::ff")}).ok());
  EXPECT_EQ(errnoOf(host.apply(op::AddDefaultRoute{"eth0", ip("192.0.2.253")})), EEXIST);
  ASSERT_EQ(host.state().defaultRoutes.size(), 2u);
  EXPECT_EQ(host.state().defaultRoutes[1].metric, 1024u);

  ASSERT_TRUE(host.apply(op::SetUp{"eth0", false}).ok());
  ASSERT_EQ(host.state().addresses.size(), 1u);
  EXPECT_EQ(host.state().addresses[0].prefix, pfx("192.0.2.1/24"));
  EXPECT_TRUE(host.state().defaultRoutes.empty());
}

TEST(MemoryHost, RemovingTheLastIpv4AddressTakesItsRoutes) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", true}).ok());
  ASSERT_TRUE(host.apply(op::AddAddress{"eth0", pfx("192.0.2.1/24")}).ok());
  ASSERT_TRUE(host.apply(op::AddDefaultRoute{"eth0", ip("192.0.2.254")}).ok());
  ASSERT_TRUE(host.apply(op::RemoveAddress{"eth0", pfx("192.0.2.1/24")}).ok());
  EXPECT_TRUE(host.state().defaultRoutes.empty());
}

TEST(MemoryHost, BridgeForwardDelayIsCheckedWhileStpIsOn) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::CreateBridge{"br0", {.stp = true, .forwardDelayCs = 0}}).ok());
  EXPECT_EQ(errnoOf(host.apply(op::SetBridge{"br0", {.forwardDelayCs = 100}})), ERANGE);
  EXPECT_EQ(errnoOf(host.apply(op::SetBridge{"eth0", {.stp = false}})), EOPNOTSUPP);
  ASSERT_TRUE(host.apply(op::SetBridge{"br0", {.forwardDelayCs = 400}}).ok());
  EXPECT_EQ(host.state().linkByName("br0")->bridge()->forwardDelayCs, 400u);
}

TEST(MemoryHost, Ipv6AutoconfSetsAcceptRaToo) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::SetIpv6Autoconf{"eth0", false}).ok());
  EXPECT_EQ(*host.state().linkByName("eth0")->ipv6,
            (Ipv6Conf{.acceptRa = 0, .autoconf = false, .disabled = false, .forwarding = false}));
}

TEST(MemoryHost, FailNthCountsFromNowAndChangesNothing) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::SetUp{"eth0", true}).ok());
  host.failNth(1, EPERM);
  std::vector<HostOp> ops{op::CreateBridge{"br0", {}}, op::SetMaster{"eth0", "br0"},
                          op::SetUp{"br0", true}};
  std::vector<Status> out = host.applyBatch(ops);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_TRUE(out[0].ok());
  EXPECT_EQ(errnoOf(out[1]), EPERM);
  EXPECT_EQ(out[1].error().message,
            "operation failed: cannot attach 'eth0' to 'br0': Operation not permitted");
  EXPECT_TRUE(out[2].ok());  // a batch goes on after a failure
  EXPECT_EQ(host.state().linkByName("eth0")->masterIndex, 0);
  EXPECT_EQ(host.opsSeen(), 4u);
  EXPECT_EQ(host.journal().size(), 3u);
}

TEST(MemoryHost, FailWhenMatchesUntilCleared) {
  MemoryHost host(twoNics());
  host.failWhen([](const HostOp& op) { return std::holds_alternative<op::SetMtu>(op); }, EINVAL);
  EXPECT_EQ(errnoOf(host.apply(op::SetMtu{"eth0", 1400})), EINVAL);
  EXPECT_EQ(errnoOf(host.apply(op::SetMtu{"eth1", 1400})), EINVAL);
  EXPECT_TRUE(host.apply(op::SetUp{"eth1", true}).ok());
  host.clearFailures();
  EXPECT_TRUE(host.apply(op::SetMtu{"eth0", 1400}).ok());
}

TEST(MemoryHost, DeletingAParentTakesItsVlansAlong) {
  MemoryHost host(twoNics());
  ASSERT_TRUE(host.apply(op::CreateBond{"bond0", {}}).ok());
  ASSERT_TRUE(host.apply(op::CreateVlan{"bond0.5", "bond0", 5}).ok());
  ASSERT_TRUE(host.apply(op::AddAddress{"bond0.5", pfx("192.0.2.1/24")}).ok());
  ASSERT_TRUE(host.apply(op::DeleteLink{"bond0"}).ok());
  EXPECT_EQ(host.state().linkByName("bond0.5"), nullptr);
  EXPECT_TRUE(host.state().addresses.empty());
}

}  // namespace
}  // namespace ifkit::host::memory
