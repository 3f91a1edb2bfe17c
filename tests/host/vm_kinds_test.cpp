// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/vm_kinds_test.cpp: bonds and VLANs, for a kernel with bonding and 8021q (the VM).
//
// Built as host_vm_kinds_test and run inside the qemu VM by the tests/vm harness: this machine's
// kernel has neither module. It needs only the kernel and `ip`; each test makes its own
// namespace, like the other host tests.
#include <gtest/gtest.h>

#include <cerrno>

#include "host/host_op.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

using namespace host;  // NOLINT

void expectOk(nl::NetlinkHost& h, const HostOp& o) {
  Status st = h.apply(o);
  EXPECT_TRUE(st.ok()) << describe(o) << ": " << (st.ok() ? "" : st.error().message);
}

LiveState snapshotOf(nl::NetlinkHost& h) {
  auto st = h.snapshot();
  if (!st) throw std::runtime_error(st.error().message);
  return std::move(*st);
}

TEST(HostVmBond, SnapshotMatchesIpDetailsOfABondBuiltWithIp) {
  TestNetns ns;
  ns.ip("link add bond0 type bond mode active-backup miimon 100 updelay 200 downdelay 300");
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add eth1 type veth peer name eth1-peer");
  ns.ip("link set eth0 master bond0");
  ns.ip("link set eth1 master bond0");
  auto h = ns.openHost();
  LiveState st = snapshotOf(h);
  const Link* bond = st.linkByName("bond0");
  ASSERT_NE(bond, nullptr);
  EXPECT_EQ(bond->kind, LinkKind::Bond);
  ASSERT_NE(bond->bond(), nullptr);
  Json data = ns.ipJson("-d link show bond0")[0]["linkinfo"]["info_data"];
  EXPECT_EQ(std::string(toString(bond->bond()->mode)), data["mode"].str());
  EXPECT_EQ(bond->bond()->miimon, data["miimon"].integer());
  EXPECT_EQ(bond->bond()->updelay, data["updelay"].integer());
  EXPECT_EQ(bond->bond()->downdelay, data["downdelay"].integer());
  EXPECT_EQ(bond->bond()->useCarrier, data["use_carrier"].integer() != 0);
  EXPECT_EQ(bond->bond()->arpInterval, data["arp_interval"].integer());
  EXPECT_EQ(bond->bond()->mode, BondMode::ActiveBackup);
  std::vector<std::string> slaves;
  for (const Link* s : st.portsOf(bond->index)) slaves.push_back(s->name);
  EXPECT_EQ(slaves, (std::vector<std::string>{"eth0", "eth1"}));
}

TEST(HostVmBond, ArpMonitorSettingsMatchIpDetails) {
  TestNetns ns;
  ns.ip(
      "link add bond0 type bond mode active-backup arp_interval 250 "
      "arp_ip_target 192.0.2.1,192.0.2.2 arp_validate all");
  auto h = ns.openHost();
  LiveState st = snapshotOf(h);
  const BondInfo* b = st.linkByName("bond0")->bond();
  ASSERT_NE(b, nullptr);
  Json data = ns.ipJson("-d link show bond0")[0]["linkinfo"]["info_data"];
  EXPECT_EQ(b->arpInterval, data["arp_interval"].integer());
  EXPECT_EQ(std::string(toString(b->arpValidate)), data["arp_validate"].str());
  std::vector<std::string> targets, ipTargets;
  for (const IpAddress& t : b->arpTargets) targets.push_back(t.toString());
  for (const Json& t : data["arp_ip_target"].items()) ipTargets.push_back(t.str());
  EXPECT_EQ(targets, ipTargets);
  EXPECT_EQ(targets, (std::vector<std::string>{"192.0.2.1", "192.0.2.2"}));
}

TEST(HostVmBond, CreateBondWithParametersAndEnslave) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::CreateBond{"bond0",
                             {.mode = BondMode::ActiveBackup,
                              .miimon = 100,
                              .updelay = 200,
                              .downdelay = 200,
                              .useCarrier = true}});
  // The bonding driver takes a slave only while the slave is down.
  expectOk(h, op::SetUp{"eth0", false});
  expectOk(h, op::SetMaster{"eth0", "bond0"});
  Json bond = ns.ipJson("-d link show bond0")[0];
  EXPECT_EQ(bond["linkinfo"]["info_kind"].str(), "bond");
  EXPECT_EQ(bond["linkinfo"]["info_data"]["mode"].str(), "active-backup");
  EXPECT_EQ(bond["linkinfo"]["info_data"]["miimon"].integer(), 100);
  EXPECT_EQ(bond["linkinfo"]["info_data"]["updelay"].integer(), 200);
  EXPECT_EQ(ns.ipJson("link show eth0")[0]["master"].str(), "bond0");
  expectOk(h, op::SetMaster{"eth0", ""});
  EXPECT_FALSE(ns.ipJson("link show eth0")[0].has("master"));
  expectOk(h, op::DeleteLink{"bond0"});
}

TEST(HostVmBond, ChangeArpMonitorOfAnExistingBond) {
  TestNetns ns;
  auto h = ns.openHost();
  expectOk(h, op::CreateBond{"bond0", {.mode = BondMode::ActiveBackup}});
  std::vector<IpAddress> targets{*IpAddress::parse("192.0.2.9")};
  expectOk(h, op::SetBond{
                  "bond0",
                  {.arpInterval = 500, .arpTargets = targets, .arpValidate = ArpValidate::Active}});
  Json data = ns.ipJson("-d link show bond0")[0]["linkinfo"]["info_data"];
  EXPECT_EQ(data["arp_interval"].integer(), 500);
  EXPECT_EQ(data["arp_validate"].str(), "active");
  EXPECT_EQ(data["arp_ip_target"][0].str(), "192.0.2.9");
}

TEST(HostVmBond, AnEmptyArpTargetListClearsTheTargets) {
  // What a rollback sends to a bond that had no ARP targets when the transaction began.
  TestNetns ns;
  auto h = ns.openHost();
  std::vector<IpAddress> targets{*IpAddress::parse("192.0.2.9"), *IpAddress::parse("192.0.2.10")};
  expectOk(h, op::CreateBond{"bond0", {.arpInterval = 500, .arpTargets = targets}});
  ASSERT_EQ(ns.ipJson("-d link show bond0")[0]["linkinfo"]["info_data"]["arp_ip_target"].size(),
            2u);
  expectOk(h, op::SetBond{"bond0", {.arpTargets = std::vector<IpAddress>{}}});
  EXPECT_FALSE(ns.ipJson("-d link show bond0")[0]["linkinfo"]["info_data"].has("arp_ip_target"));
  LiveState st = snapshotOf(h);
  const Link* bond = st.linkByName("bond0");
  ASSERT_NE(bond, nullptr);
  ASSERT_NE(bond->bond(), nullptr);
  EXPECT_TRUE(bond->bond()->arpTargets.empty());
}

TEST(HostVmBond, Ipv6ArpTargetIsRefusedBeforeReachingTheKernel) {
  TestNetns ns;
  auto h = ns.openHost();
  std::vector<IpAddress> targets{*IpAddress::parse("2001:db8::1")};
  Status st = h.apply(op::CreateBond{"bond0", {.arpTargets = targets}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, EAFNOSUPPORT);
  EXPECT_NE(runCommand("ip -n " + ns.name() + " link show bond0").exitCode, 0);
}

TEST(HostVmVlan, SnapshotMatchesIpDetailsOfAVlanBuiltWithIp) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add link eth0 name eth0.42 type vlan id 42");
  auto h = ns.openHost();
  LiveState st = snapshotOf(h);
  const Link* vlan = st.linkByName("eth0.42");
  ASSERT_NE(vlan, nullptr);
  EXPECT_EQ(vlan->kind, LinkKind::Vlan);
  ASSERT_NE(vlan->vlan(), nullptr);
  Json j = ns.ipJson("-d link show eth0.42")[0];
  EXPECT_EQ(vlan->vlan()->id, j["linkinfo"]["info_data"]["id"].integer());
  EXPECT_EQ(st.linkByIndex(vlan->vlan()->parentIndex)->name, j["link"].str());
  // A VLAN shares its parent's MAC: a lookup by MAC can match both.
  EXPECT_EQ(vlan->mac, st.linkByName("eth0")->mac);
}

TEST(HostVmVlan, CreateVlanOnAParent) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::CreateVlan{"vlan7", "eth0", 7});
  Json j = ns.ipJson("-d link show vlan7")[0];
  EXPECT_EQ(j["linkinfo"]["info_kind"].str(), "vlan");
  EXPECT_EQ(j["linkinfo"]["info_data"]["id"].integer(), 7);
  EXPECT_EQ(j["link"].str(), "eth0");
  expectOk(h, op::DeleteLink{"vlan7"});
}

TEST(HostVmVlan, VlanOnMissingParentFailsWithEnodev) {
  TestNetns ns;
  auto h = ns.openHost();
  Status st = h.apply(op::CreateVlan{"vlan7", "nosuch0", 7});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, ENODEV);
}

TEST(HostVmVlan, DuplicateVlanIdOnOneParentKeepsTheKernelsErrno) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  expectOk(h, op::CreateVlan{"vlan7", "eth0", 7});
  Status st = h.apply(op::CreateVlan{"vlan7b", "eth0", 7});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().sysErrno, EEXIST);
}

}  // namespace
}  // namespace ifkit::test
