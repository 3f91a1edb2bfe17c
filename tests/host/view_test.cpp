// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/view_test.cpp: view() keeps its picture while nothing changes and reads again after
// any change the kernel announces, whoever made it; readLinkNow sees what is not announced.
#include <gtest/gtest.h>

#include <memory>

#include "host/live_state.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

using host::LiveState;
using ViewPtr = std::shared_ptr<const LiveState>;

ViewPtr viewOf(host::nl::NetlinkHost& h) {
  auto v = h.view();
  if (!v) throw std::runtime_error(v.error().message);
  return *v;
}

class HostView : public ::testing::Test {
 protected:
  void SetUp() override {
    ns_.ip("link add eth0 type veth peer name eth0-peer");
    ns_.ip("link add br0 type bridge");
    ns_.ip("link set br0 up");
  }
  TestNetns ns_;
};

TEST_F(HostView, IsKeptWhileNothingChanges) {
  auto h = ns_.openHost();
  ViewPtr first = viewOf(h);
  EXPECT_EQ(viewOf(h), first);
  EXPECT_EQ(viewOf(h), first);
  // Reading is not changing: another process's dump announces nothing.
  ns_.ipJson("-d addr show");
  EXPECT_EQ(viewOf(h), first);
}

TEST_F(HostView, ChangesByAnotherProcessAreSeenAtTheNextCall) {
  auto h = ns_.openHost();
  ViewPtr before = viewOf(h);
  ASSERT_EQ(before->linkByName("br1"), nullptr);

  ns_.ip("link add br1 type bridge");  // a link appears
  ViewPtr v = viewOf(h);
  ASSERT_NE(v->linkByName("br1"), nullptr);

  ns_.ip("link set eth0 master br0");  // a port joins
  v = viewOf(h);
  EXPECT_EQ(v->linkByName("eth0")->masterIndex, v->linkByName("br0")->index);

  ns_.ip("link set br0 mtu 1400");  // a setting changes
  EXPECT_EQ(viewOf(h)->linkByName("br0")->mtu, 1400u);

  auto hasAddress = [](const LiveState& st, const std::string& text) {
    for (const host::Address* a : st.addressesOf(st.linkByName("br0")->index))
      if (a->prefix.toString() == text) return true;
    return false;
  };
  ns_.ip("addr add 192.0.2.1/24 dev br0");  // an address
  EXPECT_TRUE(hasAddress(*viewOf(h), "192.0.2.1/24")) << host::toString(*viewOf(h));

  ns_.ip("route add default via 192.0.2.254 dev br0");  // a default route
  v = viewOf(h);
  EXPECT_EQ(v->defaultRoutesVia(v->linkByName("br0")->index).size(), 1u) << host::toString(*v);

  ns_.ip("link del br1");  // a link goes
  EXPECT_EQ(viewOf(h)->linkByName("br1"), nullptr);
}

// The speeds of a view's links come from one ethtool netlink dump: the same as sysfs's (the
// ioctl's) for each, and read again once a link's carrier changes.
TEST_F(HostView, SpeedsOfTheViewsLinksMatchSysfs) {
  ns_.ip("link set eth0 up");
  ns_.ip("link set eth0-peer up");
  ns_.ip("link add down0 type veth peer name down1");
  auto h = ns_.openHost();
  auto sysfsSpeed = [&](const std::string& name) {
    CommandResult r =
        runCommand("ip netns exec " + ns_.name() + " cat /sys/class/net/" + name + "/speed");
    std::string text = r.exitCode == 0 ? r.output.substr(0, r.output.find('\n')) : "";
    return text == "-1" ? std::string() : text;  // SPEED_UNKNOWN
  };
  ViewPtr v = viewOf(h);
  for (const host::Link& l : v->links) {
    SCOPED_TRACE(l.name);
    if (l.kind == host::LinkKind::Loopback) continue;
    auto speed = h.readSpeedMbps(l);
    EXPECT_EQ(speed ? std::to_string(*speed) : "", sysfsSpeed(l.name));
  }
  EXPECT_EQ(h.readSpeedMbps(*v->linkByName("eth0")), 10000u);  // veth reports 10 Gb/s
  EXPECT_FALSE(h.readSpeedMbps(*v->linkByName("down0")));      // asked only of links up

  ns_.ip("link set down0 up");
  ns_.ip("link set down1 up");
  v = viewOf(h);
  EXPECT_EQ(h.readSpeedMbps(*v->linkByName("down0")), 10000u);
}

TEST_F(HostView, ManyChangesAtOnceStillMeanChanged) {
  auto h = ns_.openHost();
  ViewPtr before = viewOf(h);
  // Far more announcements than the watch's small buffer holds: the overflow says "changed".
  std::string batch;
  for (int i = 0; i < 200; ++i) batch += "link add d" + std::to_string(i) + " type bridge\n";
  ASSERT_EQ(runCommand("printf '" + batch + "' | ip -n " + ns_.name() + " -batch -").exitCode, 0);
  ViewPtr after = viewOf(h);
  EXPECT_NE(after, before);
  EXPECT_NE(after->linkByName("d199"), nullptr);
  EXPECT_EQ(viewOf(h), after);  // and once read, it is kept again
}

TEST_F(HostView, OwnOperationsAreSeenEvenWhereTheKernelSaysNothing) {
  auto h = ns_.openHost();
  ViewPtr before = viewOf(h);
  ASSERT_TRUE(before->linkByName("br0")->ipv6.has_value());
  const bool autoconf = before->linkByName("br0")->ipv6->autoconf;
  // The IPv6 autoconf sysctl is not announced; ifkit's own write of it still refreshes the view.
  ASSERT_TRUE(h.apply(host::op::SetIpv6Autoconf{"br0", !autoconf}).ok());
  EXPECT_EQ(viewOf(h)->linkByName("br0")->ipv6->autoconf, !autoconf);
}

TEST_F(HostView, ReadLinkNowSeesWhatTheKernelDoesNotAnnounce) {
  auto h = ns_.openHost();
  ViewPtr before = viewOf(h);
  const bool autoconf = before->linkByName("br0")->ipv6->autoconf;
  ns_.exec(std::string("sh -c 'echo ") + (autoconf ? "0" : "1") +
           " >/proc/sys/net/ipv6/conf/br0/autoconf'");
  ASSERT_EQ(viewOf(h), before);  // not announced: the view is kept, and is now behind
  auto now = h.readLinkNow("br0");
  ASSERT_TRUE(now.ok()) << now.error().message;
  ASSERT_TRUE(now->has_value());
  EXPECT_EQ((*now)->ipv6->autoconf, !autoconf);
  EXPECT_EQ((*now)->index, before->linkByName("br0")->index);
  EXPECT_TRUE((*now)->up);
}

TEST_F(HostView, ReadLinkNowOfAMissingOrImpossibleNameIsNothing) {
  auto h = ns_.openHost();
  for (const char* name : {"nosuch0", "", "a-name-far-too-long-for-the-kernel"}) {
    auto now = h.readLinkNow(name);
    ASSERT_TRUE(now.ok()) << name << ": " << now.error().message;
    EXPECT_FALSE(now->has_value()) << name;
  }
}

// A read of one link asks for no ack; the socket's next dump and change must still be answered
// in order (libnl matches their answers by sequence number).
TEST_F(HostView, ReadLinkNowLeavesTheSocketInStepForDumpsAndChanges) {
  auto h = ns_.openHost();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(h.readLinkNow("br0").ok());
    ASSERT_TRUE(h.readLinkNow("nosuch0").ok());
    auto st = h.snapshot();
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_NE(st->linkByName("br0"), nullptr);
    Status set = h.apply(host::op::SetMtu{"br0", static_cast<std::uint32_t>(1400 + i)});
    ASSERT_TRUE(set.ok()) << set.error().message;
  }
  EXPECT_EQ(ns_.ipJson("link show br0")[0]["mtu"].integer(), 1402);
}

// A listing's picture holds the links alone; the whole view asked next completes it with the
// addresses and routes, without a change in between or after one.
TEST_F(HostView, ViewOfLinksIsCompletedByTheWholeView) {
  auto h = ns_.openHost();
  ns_.ip("addr add 192.0.2.7/24 dev br0");
  auto links = h.viewOfLinks();
  ASSERT_TRUE(links.ok()) << links.error().message;
  EXPECT_NE((*links)->linkByName("br0"), nullptr);
  EXPECT_TRUE((*links)->addresses.empty());
  auto hasAddress = [](const host::LiveState& st, const std::string& address) {
    for (const auto& a : st.addresses)
      if (a.prefix.toString() == address) return true;
    return false;
  };
  auto whole = h.view();
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ((*whole)->links, (*links)->links);
  EXPECT_TRUE(hasAddress(**whole, "192.0.2.7/24"));
  EXPECT_EQ(h.viewOfLinks().value(), *whole);  // kept: the whole one serves listings too
  ns_.ip("addr add 198.51.100.7/24 dev br0");  // announced: both are read again
  auto links2 = h.viewOfLinks();
  ASSERT_TRUE(links2.ok());
  EXPECT_NE(*links2, *whole);
  auto whole2 = h.view();
  ASSERT_TRUE(whole2.ok());
  EXPECT_TRUE(hasAddress(**whole2, "198.51.100.7/24"));
}

}  // namespace
}  // namespace ifkit::test
