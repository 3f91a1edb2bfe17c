// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/netns_test.cpp: namespace handles, and sockets opened in a namespace without moving.
#include "host/netlink/netns.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/rtnetlink.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "host/netlink/message.h"
#include "host/netlink/netlink_host.h"
#include "host/netlink/route_socket.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

using host::nl::EnteredNetns;
using host::nl::Message;
using host::nl::Netns;
using host::nl::RouteSocket;

ino_t threadNetnsInode() {
  struct stat st {};
  EXPECT_EQ(::stat("/proc/thread-self/ns/net", &st), 0);
  return st.st_ino;
}

TEST(HostNetns, MissingNamespaceFailsWithTheKernelsErrno) {
  auto ns = Netns::openByName("ifkit-t-no-such-namespace");
  ASSERT_FALSE(ns);
  EXPECT_EQ(ns.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(ns.error().sysErrno, ENOENT);
  EXPECT_EQ(ns.error().message,
            "operation failed: cannot open network namespace "
            "'/run/netns/ifkit-t-no-such-namespace': No such file or directory");
}

TEST(HostNetns, NamesThatCouldLeaveRunNetnsAreRefused) {
  for (const char* bad : {"", ".", "..", "../../proc/1/ns/net", "a/b"}) {
    auto ns = Netns::openByName(bad);
    ASSERT_FALSE(ns) << bad;
    EXPECT_EQ(ns.error().number, ErrorNumber::InvalidArg) << bad;
  }
}

TEST(HostNetns, AFileThatIsNoNetworkNamespaceIsRefused) {
  auto ns = Netns::openPath("/proc/self/ns/uts");
  ASSERT_FALSE(ns);
  EXPECT_EQ(ns.error().sysErrno, EINVAL);
  auto plain = Netns::openPath("/dev/null");
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().sysErrno, 0);
}

TEST(HostNetns, EnteringMovesOnlyThisThreadAndOnlyForTheScope) {
  TestNetns tns;
  ino_t before = threadNetnsInode();
  auto ns = Netns::openByName(tns.name());
  ASSERT_TRUE(ns) << ns.error().message;
  {
    auto inside = EnteredNetns::enter(*ns);
    ASSERT_TRUE(inside) << inside.error().message;
    EXPECT_NE(threadNetnsInode(), before);
  }
  EXPECT_EQ(threadNetnsInode(), before);
}

TEST(HostNetns, RouteSocketOpenedInsideSeesTheNamespaceFromHome) {
  TestNetns tns;
  tns.ip("link add ns-only0 type veth peer name ns-only1");
  ino_t before = threadNetnsInode();
  auto ns = Netns::openByName(tns.name());
  ASSERT_TRUE(ns) << ns.error().message;
  auto sock = [&] {
    auto inside = EnteredNetns::enter(*ns);
    if (!inside) throw std::runtime_error(inside.error().message);
    return RouteSocket::openHere();
  }();
  ASSERT_TRUE(sock) << sock.error().message;
  EXPECT_EQ(threadNetnsInode(), before);
  ifinfomsg ifi{};
  host::nl::NlMsg req = Message(RTM_GETLINK, NLM_F_DUMP, ifi).take();
  std::vector<std::string> names;
  int err = sock->dump(req.get(), [&](const nlmsghdr* h) {
    nlattr* tb[IFLA_MAX + 1] = {};
    if (h->nlmsg_type == RTM_NEWLINK &&
        nlmsg_parse(const_cast<nlmsghdr*>(h), sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) == 0 &&
        tb[IFLA_IFNAME])
      names.push_back(nla_get_string(tb[IFLA_IFNAME]));
  });
  EXPECT_EQ(err, 0);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"lo", "ns-only0", "ns-only1"}));
}

// An interrupted dump is asked again with the same request: it must get a fresh sequence number,
// or its replies would be taken for stale answers (they would carry the first request's number).
TEST(HostNetns, TheSameDumpRequestCanBeSentAgain) {
  TestNetns tns;
  auto ns = Netns::openByName(tns.name());
  ASSERT_TRUE(ns);
  auto inside = EnteredNetns::enter(*ns);
  ASSERT_TRUE(inside);
  auto sock = RouteSocket::openHere();
  ASSERT_TRUE(sock);
  ifinfomsg ifi{};
  host::nl::NlMsg req = Message(RTM_GETLINK, NLM_F_DUMP, ifi).take();
  for (int round = 0; round < 3; ++round) {
    int links = 0;
    EXPECT_EQ(sock->dump(req.get(), [&](const nlmsghdr*) { ++links; }), 0) << "round " << round;
    EXPECT_EQ(links, 1) << "round " << round;  // lo
  }
  // And a plain request after them is still answered as its own.
  Message getLo(RTM_GETLINK, 0, ifi);
  getLo.putString(IFLA_IFNAME, "lo");
  host::nl::NlMsg one = getLo.take();
  int replies = 0;
  EXPECT_EQ(sock->get(one.get(), [&](const nlmsghdr*) { ++replies; }), 0);
  EXPECT_EQ(replies, 1);
}

TEST(HostNetns, RequestsReturnTheKernelsErrnoNotLibnlsCode) {
  TestNetns tns;
  tns.ip("link add eth0 type veth peer name eth0-peer");
  auto ns = Netns::openByName(tns.name());
  ASSERT_TRUE(ns);
  auto inside = EnteredNetns::enter(*ns);
  ASSERT_TRUE(inside);
  auto sock = RouteSocket::openHere();
  ASSERT_TRUE(sock);
  // A default route via a gateway no subnet reaches: ENETUNREACH, which libnl has no code for.
  rtmsg rtm{};
  rtm.rtm_family = AF_INET;
  rtm.rtm_table = RT_TABLE_MAIN;
  rtm.rtm_type = RTN_UNICAST;
  rtm.rtm_protocol = RTPROT_STATIC;
  Message m(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, rtm);
  std::uint32_t gw = htonl(0xc00002fe);  // 192.0.2.254
  m.put(RTA_GATEWAY, &gw, sizeof gw);
  host::nl::NlMsg route = m.take();
  EXPECT_EQ(sock->request(route.get()), ENETUNREACH);
  ifinfomsg ifi{};
  Message setMtu(RTM_SETLINK, 0, ifi);
  setMtu.putString(IFLA_IFNAME, "eth0");
  setMtu.putU32(IFLA_MTU, 1280);
  host::nl::NlMsg ok = setMtu.take();
  EXPECT_EQ(sock->request(ok.get()), 0);
  EXPECT_EQ(tns.ipJson("link show eth0")[0]["mtu"].integer(), 1280);
}

TEST(HostNetns, HostSeesTheNamespacesLinksWhileTheThreadStaysHome) {
  TestNetns tns;
  tns.ip("link add ns-only0 type veth peer name ns-only1");
  ino_t before = threadNetnsInode();
  host::nl::NetlinkHost h = tns.openHost();
  EXPECT_EQ(threadNetnsInode(), before);
  auto st = h.snapshot();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(threadNetnsInode(), before);
  std::vector<std::string> names;
  for (const auto& l : st->links) names.push_back(l.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"lo", "ns-only0", "ns-only1"})) << host::toString(*st);
}

}  // namespace
}  // namespace ifkit::test
