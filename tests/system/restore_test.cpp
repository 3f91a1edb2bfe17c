// SPDX-License-Identifier: LGPL-2.1-or-later
// Returning a real namespace to a restore point: after changes of every kind, the operations of
// planRestore, applied through netlink, give `ip -j -d addr show` and `ip -j route` the same
// content as at the restore point (volatile fields aside: tests/system/normalize_ip_json.py).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "host/host_op.h"
#include "host_view.h"
#include "plan/restore/restore_plan.h"

namespace ifkit::plan {
namespace {

using test::TestNetns;

struct Views {
  std::string links, routes, routes6;
};

Views viewsOf(const TestNetns& ns) {
  return {test::normalizedIp(ns, "-d addr show"), test::normalizedIp(ns, "route show"),
          test::normalizedIp(ns, "-6 route show")};
}

// A unified diff of two texts, for failure messages that show only what differs.
std::string diffOf(const std::string& expected, const std::string& actual) {
  const std::string a = "/tmp/ifkit-restore-expected-" + std::to_string(getpid());
  const std::string b = "/tmp/ifkit-restore-actual-" + std::to_string(getpid());
  std::ofstream(a) << expected;
  std::ofstream(b) << actual;
  auto r = test::runCommand("diff -u " + a + " " + b);
  std::remove(a.c_str());
  std::remove(b.c_str());
  return r.output;
}

void restoreAndCompare(TestNetns& ns, const RestorePoint& point, const Views& before) {
  auto host = ns.openHost();
  // Through the text form, as a rollback after a restart would read it.
  auto reread = RestorePoint::parse(point.serialize());
  ASSERT_TRUE(reread.ok()) << reread.error().message;
  ASSERT_EQ(*reread, point);
  const auto ops = planRestore(*reread, host.snapshot().value());
  std::string plan;
  for (const auto& op : ops) plan += host::describe(op) + "\n";
  for (const auto& op : ops) {
    Status st = host.apply(op);
    ASSERT_TRUE(st.ok()) << st.error().message << "\nplan:\n" << plan;
  }
  const Views after = viewsOf(ns);
  EXPECT_TRUE(after.links == before.links) << diffOf(before.links, after.links) << "plan:\n"
                                           << plan;
  EXPECT_TRUE(after.routes == before.routes) << diffOf(before.routes, after.routes) << "plan:\n"
                                             << plan;
  EXPECT_TRUE(after.routes6 == before.routes6) << diffOf(before.routes6, after.routes6) << "plan:\n"
                                               << plan;
  // Restoring again changes nothing.
  EXPECT_TRUE(planRestore(point, host.snapshot().value()).empty());
}

void buildBridgeOverVeth(TestNetns& ns) {
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add eth1 type veth peer name eth1-peer");
  ns.ip("link add br0 type bridge stp_state 0 forward_delay 200");
  ns.ip("link set br0 address 52:54:00:bb:00:01");
  ns.ip("link set eth0 mtu 1400");
  ns.ip("link set eth0 master br0");
  for (const char* l : {"eth0", "eth0-peer", "eth1", "eth1-peer", "br0"})
    ns.ip(std::string("link set ") + l + " up");
  ns.ip("addr add 192.0.2.1/24 dev br0");
  ns.ip("addr add 2001:db8::1/64 dev br0");
  ns.ip("addr add 198.51.100.7/24 dev eth1");
  // ifkit adds the routes it manages as "static"; a route it restores comes back as such.
  ns.ip("route add default via 192.0.2.254 proto static");
}

TEST(Restore, DeletedBridgeComesBackWithPortsAddressesAndRoute) {
  TestNetns ns;
  buildBridgeOverVeth(ns);
  const Views before = viewsOf(ns);
  const RestorePoint point = RestorePoint::capture(ns.openHost().snapshot().value());
  ns.ip("link delete br0");
  restoreAndCompare(ns, point, before);
}

TEST(Restore, NewDevicesGoAndChangedSettingsComeBack) {
  TestNetns ns;
  buildBridgeOverVeth(ns);
  const Views before = viewsOf(ns);
  const RestorePoint point = RestorePoint::capture(ns.openHost().snapshot().value());
  ns.ip("link add br1 type bridge");
  ns.ip("link set eth1 master br1");
  ns.ip("link set br1 up");
  ns.ip("link set eth0 mtu 1500");
  ns.ip("link set eth0-peer down");
  ns.ip("link set eth0-peer address 52:54:00:cc:00:09");
  ns.ip("addr del 198.51.100.7/24 dev eth1");
  ns.ip("addr add 203.0.113.5/24 dev eth0-peer");
  ns.ip("link set br0 type bridge stp_state 1 forward_delay 900");
  ns.ip("route del default");
  restoreAndCompare(ns, point, before);
}

TEST(Restore, MacChangeOnAnUpLinkKeepsItsIpv6AddressAndRoute) {
  TestNetns ns;
  buildBridgeOverVeth(ns);
  const Views before = viewsOf(ns);
  const RestorePoint point = RestorePoint::capture(ns.openHost().snapshot().value());
  // Changing br0's MAC on the way back takes br0 down: its IPv6 address and the default route
  // must be put back.
  ns.ip("link set br0 address 52:54:00:bb:00:99");
  restoreAndCompare(ns, point, before);
}

TEST(Restore, NothingChangedMeansNoOperation) {
  TestNetns ns;
  buildBridgeOverVeth(ns);
  auto host = ns.openHost();
  const RestorePoint point = RestorePoint::capture(host.snapshot().value());
  EXPECT_TRUE(planRestore(point, host.snapshot().value()).empty());
}

TEST(RestorePointText, MalformedLinesAreRefused) {
  EXPECT_FALSE(RestorePoint::parse("link br0 kind=nonsense\n").ok());
  EXPECT_FALSE(RestorePoint::parse("addr br0 not-an-address\n").ok());
  EXPECT_FALSE(RestorePoint::parse("what br0\n").ok());
  EXPECT_TRUE(RestorePoint::parse("").ok());
  EXPECT_FALSE(RestorePoint::parse("dhcp eth0\ndhcp br0\n").ok());
}

// A transaction begun before an upgrade is rolled back after it: the text of its restore point
// reads back, and is written again, byte for byte.
TEST(RestorePointText, RecordsWrittenBeforeReadAndWriteTheSame) {
  const std::string text =
      "link eth0 kind=ethernet mac=52:54:00:00:00:01 mtu=1500 up=1 master=bond0\n"
      "link br0 kind=bridge mac=52:54:00:00:00:02 mtu=1500 up=1 autoconf=1 stp=0 delay=1500\n"
      "link bond0 kind=bond mac=52:54:00:00:00:01 mtu=1500 up=1 mode=1 miimon=100 updelay=0 "
      "downdelay=0 carrier=1 arpinterval=0 arpvalidate=0\n"
      "link bond1 kind=bond mtu=1500 up=0 mode=0 miimon=0 updelay=0 downdelay=0 carrier=0 "
      "arpinterval=1000 arpvalidate=3 arptargets=192.0.2.1,192.0.2.2\n"
      "link eth0.7 kind=vlan mtu=1500 up=0 vid=7 parent=eth0\n"
      "addr br0 192.0.2.1/24\n"
      "route br0 192.0.2.254\n"
      "dhcp br0\n";
  auto point = RestorePoint::parse(text);
  ASSERT_TRUE(point.ok()) << point.error().message;
  ASSERT_TRUE(point->link("bond1") && point->link("bond1")->bond);
  EXPECT_EQ(point->link("bond1")->bond->arpTargets.size(), 2u);
  EXPECT_EQ(point->link("br0")->bridge->forwardDelayCs, 1500u);
  EXPECT_EQ(point->serialize(), text);
}

// The DHCP clients are kept as a list that may be empty, which is not the same as none kept: a
// record written before ifkit kept them reads as "not recorded", and a rollback leaves them be.
TEST(RestorePointText, DhcpClientsRoundTripAndOldRecordsHaveNone) {
  RestorePoint point;
  point.routes.push_back({"eth0", host::IpAddress::parse("192.0.2.254").value()});
  for (const auto& clients :
       {std::vector<std::string>{}, std::vector<std::string>{"br0", "eth1"}}) {
    point.dhcpClients = clients;
    auto reread = RestorePoint::parse(point.serialize());
    ASSERT_TRUE(reread.ok()) << reread.error().message;
    EXPECT_EQ(*reread, point) << point.serialize();
  }
  EXPECT_EQ(RestorePoint::parse("route eth0 192.0.2.254\n")->dhcpClients, std::nullopt);
}

}  // namespace
}  // namespace ifkit::plan

namespace ifkit::plan {
namespace {

// A VLAN moved into this namespace from its parent's reports the parent's ifindex over there,
// which here may be an unrelated link's: the restore point must not record that link as the
// parent (a rollback would make the VLAN again on it).
TEST(RestorePointCapture, AVlanWhoseParentIsInAnotherNamespaceNamesNoParent) {
  host::LiveState live;
  auto add = [&](int index, const std::string& name, host::LinkKind kind) -> host::Link& {
    host::Link l;
    l.index = index;
    l.name = name;
    l.kind = kind;
    live.links.push_back(l);
    return live.links.back();
  };
  add(2, "eth0", host::LinkKind::Ethernet);
  add(3, "eth0.7", host::LinkKind::Vlan).details = host::VlanInfo{7, 2};
  host::Link& moved = add(4, "nic0.9", host::LinkKind::Vlan);
  moved.details = host::VlanInfo{9, 2};  // index 2 of the other namespace, not our eth0
  moved.linkInOtherNetns = true;
  const RestorePoint point = RestorePoint::capture(live);
  ASSERT_EQ(point.links.size(), 3u);
  EXPECT_EQ(point.links[1].vlanParent, "eth0");
  EXPECT_EQ(point.links[2].vlanParent, "");
  EXPECT_EQ(point.links[2].vlanId, 9);
}

}  // namespace
}  // namespace ifkit::plan
