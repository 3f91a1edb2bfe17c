// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/snapshot_test.cpp: snapshot() against `ip -j` on situations built with `ip`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "host/live_state.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

using host::LinkKind;
using host::LiveState;

LiveState snapshotOf(const TestNetns& ns) {
  auto h = ns.openHost();
  auto st = h.snapshot();
  if (!st) throw std::runtime_error(st.error().message);
  return std::move(*st);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A namespace with what a small host has: two "NICs" (veth pairs), a bridge with STP over one
// of them, addresses of both families, and default routes of both families.
void buildSmallHost(const TestNetns& ns) {
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add eth1 type veth peer name eth1-peer");
  ns.ip("link add br0 type bridge stp_state 1 forward_delay 400");
  ns.ip("link set eth0 master br0");
  ns.ip("link set eth1 mtu 1400 address 52:54:00:12:34:56");
  ns.ip("link set br0 address 52:54:00:aa:bb:cc");
  for (const char* l : {"eth0", "eth0-peer", "eth1", "eth1-peer", "br0"})
    ns.ip(std::string("link set ") + l + " up");
  ns.ip("addr add 192.0.2.1/24 dev br0");
  ns.ip("addr add 2001:db8:1::1/64 dev br0 nodad");
  ns.ip("addr add 198.51.100.7/25 dev eth1");
  ns.ip("addr add 2001:db8:2::7/64 dev eth1 nodad");
  ns.ip("route add default via 192.0.2.254 dev br0");
  ns.ip("-6 route add default via 2001:db8:2::fe dev eth1 metric 50");
}

TEST(HostSnapshot, EveryLinkMatchesIpLinkShow) {
  TestNetns ns;
  buildSmallHost(ns);
  LiveState st = snapshotOf(ns);
  Json links = ns.ipJson("-d link show");
  ASSERT_EQ(st.links.size(), links.size()) << host::toString(st);
  for (const Json& j : links.items()) {
    std::string name = j["ifname"].str();
    SCOPED_TRACE(name);
    const host::Link* l = st.linkByName(name);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->index, j["ifindex"].integer());
    EXPECT_EQ(l->mtu, j["mtu"].integer());
    EXPECT_EQ(l->mac ? l->mac->toString() : "", j["address"].str());
    EXPECT_EQ(l->up, j["flags"].contains("UP"));
    EXPECT_EQ(upper(host::toString(l->operState)), j["operstate"].str());
    if (l->up) {
      EXPECT_EQ(l->carrier, j["flags"].contains("LOWER_UP"));
    }
    EXPECT_EQ(l->kindName, j["linkinfo"]["info_kind"].str());
    if (j.has("master")) {
      ASSERT_NE(st.linkByIndex(l->masterIndex), nullptr);
      EXPECT_EQ(st.linkByIndex(l->masterIndex)->name, j["master"].str());
    } else {
      EXPECT_EQ(l->masterIndex, 0);
    }
    if (j.has("link")) {  // a veth whose peer is in the same namespace
      ASSERT_NE(st.linkByIndex(l->linkIndex), nullptr);
      EXPECT_EQ(st.linkByIndex(l->linkIndex)->name, j["link"].str());
    }
  }
  EXPECT_EQ(st.linkByName("lo")->kind, LinkKind::Loopback);
  EXPECT_EQ(st.linkByName("eth0")->kind, LinkKind::Veth);
  EXPECT_EQ(st.linkByName("br0")->kind, LinkKind::Bridge);
}

TEST(HostSnapshot, BridgeStpAndForwardDelayMatchIpDetails) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.ip("link add br1 type bridge stp_state 0 forward_delay 0");
  LiveState st = snapshotOf(ns);
  for (const char* name : {"br0", "br1"}) {
    SCOPED_TRACE(name);
    Json data = ns.ipJson(std::string("-d link show ") + name)[0]["linkinfo"]["info_data"];
    const host::BridgeInfo* b = st.linkByName(name)->bridge();
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->stp, data["stp_state"].integer() != 0);
    EXPECT_EQ(b->forwardDelayCs, data["forward_delay"].integer());
  }
  EXPECT_TRUE(st.linkByName("br0")->bridge()->stp);
  EXPECT_EQ(st.linkByName("br0")->bridge()->forwardDelayCs, 400u);
  std::vector<std::string> ports;
  for (const host::Link* p : st.portsOf(st.linkByName("br0")->index)) ports.push_back(p->name);
  EXPECT_EQ(ports, std::vector<std::string>{"eth0"});
}

TEST(HostSnapshot, AddressesOfBothFamiliesMatchIpAddrShow) {
  TestNetns ns;
  buildSmallHost(ns);
  LiveState st = snapshotOf(ns);
  std::set<std::string> fromIp, fromSnapshot;
  for (const Json& link : ns.ipJson("addr show").items())
    for (const Json& a : link["addr_info"].items())
      fromIp.insert(std::to_string(link["ifindex"].integer()) + " " + a["local"].str() + "/" +
                    std::to_string(a["prefixlen"].integer()));
  for (const host::Address& a : st.addresses)
    fromSnapshot.insert(std::to_string(a.index) + " " + a.prefix.toString());
  EXPECT_EQ(fromSnapshot, fromIp) << host::toString(st);
  int br0 = st.linkByName("br0")->index;
  EXPECT_TRUE(fromSnapshot.count(std::to_string(br0) + " 192.0.2.1/24"));
  EXPECT_TRUE(fromSnapshot.count(std::to_string(br0) + " 2001:db8:1::1/64"));
  for (const host::Address* a : st.addressesOf(br0))
    if (a->prefix.toString() == "192.0.2.1/24") {
      EXPECT_TRUE(a->permanent());
    }
}

TEST(HostSnapshot, DefaultRoutesPerFamilyMatchIpRoute) {
  TestNetns ns;
  buildSmallHost(ns);
  LiveState st = snapshotOf(ns);
  std::set<std::string> fromIp, fromSnapshot;
  for (const char* family : {"-4", "-6"})
    for (const Json& r : ns.ipJson(std::string(family) + " route show default").items())
      fromIp.insert(r["gateway"].str() + " dev " + r["dev"].str());
  for (const host::Route& r : st.defaultRoutes)
    fromSnapshot.insert((r.gateway ? r.gateway->toString() : "") + " dev " +
                        st.linkByIndex(r.oifIndex)->name);
  EXPECT_EQ(fromSnapshot, fromIp) << host::toString(st);
  EXPECT_EQ(fromSnapshot,
            (std::set<std::string>{"192.0.2.254 dev br0", "2001:db8:2::fe dev eth1"}));
  ASSERT_EQ(st.defaultRoutesVia(st.linkByName("eth1")->index).size(), 1u);
  EXPECT_EQ(st.defaultRoutesVia(st.linkByName("eth1")->index)[0]->metric, 50u);
}

// Routes to prefixes that someone configured, with their metric and origin; not the kernel's
// own prefix routes (proto kernel), which come and go with the addresses.
TEST(HostSnapshot, ConfiguredRoutesToPrefixesMatchIpRoute) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.ip("route add 10.20.0.0/16 via 192.0.2.254 dev br0");
  ns.ip("route add 203.0.113.0/24 dev eth1 metric 50 proto dhcp");
  ns.ip("-6 route add 2001:db8:9::/48 via 2001:db8:2::fe dev eth1");
  LiveState st = snapshotOf(ns);
  std::set<std::string> fromSnapshot;
  for (const host::StaticRoute& r : st.staticRoutes)
    fromSnapshot.insert(r.destination.toString() + " via " +
                        (r.gateway ? r.gateway->toString() : "-") + " dev " +
                        st.linkByIndex(r.oifIndex)->name + " metric " + std::to_string(r.metric) +
                        " proto " + std::to_string(r.protocol));
  EXPECT_EQ(fromSnapshot, (std::set<std::string>{
                              "10.20.0.0/16 via 192.0.2.254 dev br0 metric 0 proto 3",
                              "203.0.113.0/24 via - dev eth1 metric 50 proto 16",
                              "2001:db8:9::/48 via 2001:db8:2::fe dev eth1 metric 1024 proto 3"}))
      << host::toString(st);
}

// NetworkManager's way with IPv6: the address noprefixroute, and the prefix route added in the
// kernel's name with a metric of its own. That route is somebody's (it does not go with the
// address); the kernel's own prefix routes, whatever their metric (an address added with
// `metric`), are not.
TEST(HostSnapshot, APrefixRouteMadeInTheKernelsNameForANoprefixrouteAddressIsSomebodys) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.ip("-6 addr add 2001:db8:7::5/64 dev eth1 noprefixroute nodad");
  ns.ip("-6 route add 2001:db8:7::/64 dev eth1 proto kernel metric 100");
  ns.ip("-6 addr add 2001:db8:8::5/64 dev eth1 metric 77 nodad");
  LiveState st = snapshotOf(ns);
  std::set<std::string> kernelProto;
  for (const host::StaticRoute& r : st.staticRoutes)
    if (r.protocol == 2)
      kernelProto.insert(r.destination.toString() + " dev " + st.linkByIndex(r.oifIndex)->name +
                         " metric " + std::to_string(r.metric));
  EXPECT_EQ(kernelProto, (std::set<std::string>{"2001:db8:7::/64 dev eth1 metric 100"}))
      << host::toString(st);
  // The kernel made one for the other address, with the address's metric: left out.
  EXPECT_EQ(ns.ipJson("-6 route show 2001:db8:8::/64 proto kernel").size(), 1u);
}

TEST(HostSnapshot, AMultipathDefaultRouteGivesOneRoutePerHop) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.ip("route replace default nexthop via 192.0.2.254 dev br0 nexthop via 198.51.100.1 dev eth1");
  ns.ip(
      "-6 route add default metric 300 nexthop via 2001:db8:2::fd dev eth1 nexthop via "
      "2001:db8:2::fc dev eth1");
  LiveState st = snapshotOf(ns);
  std::set<std::string> routes;
  for (const host::Route& r : st.defaultRoutes)
    routes.insert((r.gateway ? r.gateway->toString() : "") + " dev " +
                  st.linkByIndex(r.oifIndex)->name + " metric " + std::to_string(r.metric));
  EXPECT_EQ(routes, (std::set<std::string>{
                        "192.0.2.254 dev br0 metric 0", "198.51.100.1 dev eth1 metric 0",
                        "2001:db8:2::fe dev eth1 metric 50", "2001:db8:2::fd dev eth1 metric 300",
                        "2001:db8:2::fc dev eth1 metric 300"}))
      << host::toString(st);
}

TEST(HostSnapshot, NonDefaultAndOtherTableRoutesAreLeftOut) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.ip("route add 203.0.113.0/24 via 192.0.2.254");
  ns.ip("route add default via 192.0.2.253 table 100");
  LiveState st = snapshotOf(ns);
  EXPECT_EQ(st.defaultRoutes.size(), 2u) << host::toString(st);
}

TEST(HostSnapshot, Ipv6AutoconfAcceptRaAndForwardingMatchTheSysctls) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.exec("sysctl -q -w net.ipv6.conf.eth1.autoconf=0 net.ipv6.conf.eth1.accept_ra=2");
  ns.exec("sysctl -q -w net.ipv6.conf.br0.forwarding=1");
  LiveState st = snapshotOf(ns);
  for (const char* name : {"eth0", "eth1", "br0"}) {
    SCOPED_TRACE(name);
    const host::Link* l = st.linkByName(name);
    ASSERT_TRUE(l->ipv6);
    std::string dir = std::string("/proc/sys/net/ipv6/conf/") + name + "/";
    EXPECT_EQ(std::to_string(l->ipv6->autoconf), ns.readFileInside(dir + "autoconf"));
    EXPECT_EQ(std::to_string(l->ipv6->acceptRa), ns.readFileInside(dir + "accept_ra"));
    EXPECT_EQ(std::to_string(l->ipv6->forwarding), ns.readFileInside(dir + "forwarding"));
  }
  EXPECT_FALSE(st.linkByName("eth1")->ipv6->autoconf);
  EXPECT_EQ(st.linkByName("eth1")->ipv6->acceptRa, 2);
  EXPECT_TRUE(st.linkByName("br0")->ipv6->forwarding);
  EXPECT_FALSE(st.linkByName("eth0")->ipv6->forwarding);
}

TEST(HostSnapshot, SpeedMatchesSysfsForLinksThatAreUp) {
  TestNetns ns;
  buildSmallHost(ns);
  ns.ip("link add down0 type veth peer name down1");
  auto h = ns.openHost();
  LiveState st = h.snapshot().value();
  for (const host::Link& l : st.links) {
    SCOPED_TRACE(l.name);
    if (l.kind == LinkKind::Loopback) continue;
    // The snapshot holds no speed: it is read per link, where a live XML shows it.
    EXPECT_FALSE(l.speedMbps);
    // `ip netns exec` mounts a sysfs of the namespace; reading speed of a down link fails there.
    CommandResult r =
        runCommand("ip netns exec " + ns.name() + " cat /sys/class/net/" + l.name + "/speed");
    std::string sysfs = r.exitCode == 0 ? r.output.substr(0, r.output.find('\n')) : "";
    if (sysfs == "-1") sysfs.clear();  // SPEED_UNKNOWN
    auto speed = h.readSpeedMbps(l);
    EXPECT_EQ(speed ? std::to_string(*speed) : "", sysfs);
  }
  EXPECT_EQ(h.readSpeedMbps(*st.linkByName("eth0")), 10000u);  // veth reports 10 Gb/s
  EXPECT_FALSE(h.readSpeedMbps(*st.linkByName("down0")));
}

TEST(HostSnapshot, AnEmptyNamespaceHasOnlyLoopback) {
  TestNetns ns;
  LiveState st = snapshotOf(ns);
  ASSERT_EQ(st.links.size(), 1u);
  EXPECT_EQ(st.links[0].name, "lo");
  EXPECT_FALSE(st.links[0].up);
  EXPECT_TRUE(st.addresses.empty());
  EXPECT_TRUE(st.defaultRoutes.empty());
}

}  // namespace
}  // namespace ifkit::test
