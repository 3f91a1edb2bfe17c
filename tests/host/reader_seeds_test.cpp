// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/reader_seeds_test.cpp: the readers of the kernel's replies on the fuzzer's seeds.
//
// fuzz/seeds/netlink_replies holds replies a real kernel wrote (a namespace with a bridge and
// its port, a veth pair, a vxlan, addresses of both families and one with a peer, a multipath
// default route, an IPv6 default route, a static route and the kernel's prefix routes). Each is
// read into what the kernel said: the fuzzer (fuzz/fuzz_netlink_replies.cpp) starts from replies
// the readers take, and the readers are checked on the kernel's own bytes, beside the snapshot
// tests that compare whole namespaces with ip -j.
#include <gtest/gtest.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "host/netlink/readers.h"

namespace ifkit::host {
namespace {

namespace fs = std::filesystem;

// A seed's bytes, aligned as a receive buffer is.
class Reply {
 public:
  explicit Reply(const std::string& name) {
    std::ifstream in(fs::path(IFKIT_NETLINK_REPLY_SEEDS_DIR) / name, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    words_.resize((bytes.size() + 3) / 4);
    std::memcpy(words_.data(), bytes.data(), bytes.size());
    size_ = bytes.size();
  }
  const nlmsghdr* get() const {
    EXPECT_GE(size_, sizeof(nlmsghdr));
    return reinterpret_cast<const nlmsghdr*>(words_.data());
  }

 private:
  std::vector<std::uint32_t> words_;
  std::size_t size_ = 0;
};

TEST(HostReaders, LinkRepliesOfTheKernelReadAsTheLinksTheyDescribe) {
  const auto link = [](const std::string& seed) {
    auto read = nl::readLink(Reply(seed).get());
    EXPECT_TRUE(read) << seed;
    return read.value_or(Link{});
  };
  const Link lo = link("link-loopback");
  EXPECT_EQ(lo.name, "lo");
  EXPECT_EQ(lo.kind, LinkKind::Loopback);
  const Link br0 = link("link-bridge");
  EXPECT_EQ(br0.name, "br0");
  EXPECT_EQ(br0.kind, LinkKind::Bridge);
  ASSERT_NE(br0.bridge(), nullptr);
  EXPECT_TRUE(br0.up);
  EXPECT_TRUE(br0.mac);
  EXPECT_TRUE(br0.ipv6);
  const Link port = link("link-bridge-port");
  EXPECT_EQ(port.name, "eth0");
  EXPECT_EQ(port.kind, LinkKind::Veth);
  EXPECT_EQ(port.masterIndex, br0.index);
  EXPECT_NE(port.linkIndex, 0);  // its peer
  EXPECT_EQ(port.linkIndex, link("link-veth-peer").index);
  EXPECT_EQ(link("link-veth").name, "eth1");
  const Link vxlan = link("link-vxlan");
  EXPECT_EQ(vxlan.name, "vx0");
  EXPECT_EQ(vxlan.kindName, "vxlan");
  EXPECT_EQ(vxlan.kind, LinkKind::Other);
  // Nothing else reads a link reply as its own.
  EXPECT_FALSE(nl::readAddress(Reply("link-bridge").get()));
  std::vector<Route> routes;
  nl::readDefaultRoutes(Reply("link-bridge").get(), routes);
  EXPECT_TRUE(routes.empty());
}

TEST(HostReaders, AddressRepliesOfTheKernelReadAsTheirAddresses) {
  const auto address = [](const std::string& seed) {
    auto read = nl::readAddress(Reply(seed).get());
    EXPECT_TRUE(read) << seed;
    EXPECT_FALSE(nl::readLink(Reply(seed).get())) << seed;
    return read.value_or(Address{});
  };
  const Address v4 = address("address-ipv4");
  EXPECT_EQ(v4.prefix.toString(), "192.0.2.1/24");
  EXPECT_EQ(v4.scope, 0);
  EXPECT_TRUE(v4.permanent());
  EXPECT_EQ(address("address-ipv4-second").prefix.toString(), "198.51.100.1/24");
  // With a peer, the link's own address (IFA_LOCAL), not the peer's (IFA_ADDRESS).
  EXPECT_EQ(address("address-ipv4-with-peer").prefix.toString(), "192.0.2.9/32");
  const Address v6 = address("address-ipv6");
  EXPECT_EQ(v6.prefix.toString(), "2001:db8::1/64");
  EXPECT_NE(v6.flags & IFA_F_NODAD, 0u);  // IFA_FLAGS read, all 32 bits
  EXPECT_EQ(v6.index, v4.index);
  const Address linkLocal = address("address-ipv6-link-local");
  EXPECT_TRUE(linkLocal.prefix.toString().starts_with("fe80::"));
  EXPECT_EQ(linkLocal.scope, 253);
}

TEST(HostReaders, RouteRepliesOfTheKernelReadAsDefaultAndConfiguredRoutes) {
  std::vector<Route> defaults;
  std::vector<StaticRoute> configured;
  const auto read = [&](const std::string& seed) {
    defaults.clear();
    configured.clear();
    nl::readDefaultRoutes(Reply(seed).get(), defaults);
    nl::readStaticRoutes(Reply(seed).get(), configured);
  };
  read("route-default-multipath");  // one route, a hop via br0 and one via eth1
  ASSERT_EQ(defaults.size(), 2u);
  EXPECT_EQ(defaults[0].gateway->toString(), "192.0.2.254");
  EXPECT_EQ(defaults[1].gateway->toString(), "198.51.100.254");
  EXPECT_NE(defaults[0].oifIndex, defaults[1].oifIndex);
  EXPECT_TRUE(configured.empty());
  read("route-default-ipv6");
  ASSERT_EQ(defaults.size(), 1u);
  EXPECT_EQ(defaults[0].family, IpFamily::V6);
  EXPECT_EQ(defaults[0].gateway->toString(), "2001:db8::fe");
  EXPECT_EQ(defaults[0].metric, 300u);
  read("route-static");
  EXPECT_TRUE(defaults.empty());
  ASSERT_EQ(configured.size(), 1u);
  EXPECT_EQ(configured[0].destination.toString(), "203.0.113.0/24");
  EXPECT_EQ(configured[0].gateway->toString(), "198.51.100.2");
  // The kernel's own prefix routes are the kernel's to make again.
  for (const char* seed : {"route-prefix-kernel-ipv4", "route-prefix-kernel-ipv6"}) {
    read(seed);
    EXPECT_TRUE(defaults.empty() && configured.empty()) << seed;
  }
}

}  // namespace
}  // namespace ifkit::host
