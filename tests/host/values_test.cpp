// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/values_test.cpp: the plain values of src/host: addresses, descriptions, errors.
#include <gtest/gtest.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/host_op.h"
#include "host/ip_address.h"
#include "host/live_index.h"
#include "host/live_state.h"
#include "host/mac_address.h"

namespace ifkit::host {
namespace {

TEST(HostValues, MacAddressRoundTripsInLowerCase) {
  auto mac = MacAddress::parse("52:54:00:AB:cd:0F");
  ASSERT_TRUE(mac);
  EXPECT_EQ(mac->toString(), "52:54:00:ab:cd:0f");
  EXPECT_FALSE(MacAddress::parse("52:54:00:ab:cd"));
  EXPECT_FALSE(MacAddress::parse("52-54-00-ab-cd-ef"));
  EXPECT_FALSE(MacAddress::parse("52:54:00:ab:cd:eg"));
}

TEST(HostValues, IpPrefixesParseBothFamiliesAndRejectBadLengths) {
  auto v4 = IpPrefix::parse("192.0.2.1/24");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->address.family, IpFamily::V4);
  EXPECT_EQ(v4->toString(), "192.0.2.1/24");
  auto v6 = IpPrefix::parse("2001:db8::1/64");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->address.family, IpFamily::V6);
  EXPECT_EQ(v6->toString(), "2001:db8::1/64");
  EXPECT_EQ(IpPrefix::parse("2001:db8::1")->length, 128);
  EXPECT_FALSE(IpPrefix::parse("192.0.2.1/33"));
  EXPECT_FALSE(IpPrefix::parse("192.0.2.1/"));
  EXPECT_FALSE(IpPrefix::parse("192.0.2.1/2x"));
  EXPECT_FALSE(IpPrefix::parse("example.com/24"));
}

// The index answers exactly as LiveState's own walks do, in the same order.
TEST(HostValues, LiveIndexAnswersAsTheStatesOwnLookups) {
  auto st = std::make_shared<LiveState>();
  auto link = [&](int index, std::string name, int master) {
    Link l;
    l.index = index;
    l.name = std::move(name);
    l.masterIndex = master;
    st->links.push_back(l);
  };
  link(1, "lo", 0);
  link(2, "br0", 0);
  link(9, "zz", 2);  // out of index and name order: the dump's order is kept
  link(3, "eth0", 2);
  link(4, "bond0", 2);
  link(5, "eth1", 4);
  link(6, "eth2", 4);
  link(7, "eth3", 0);
  for (auto [index, text] : {std::pair{2, "192.0.2.1/24"},
                             {7, "198.51.100.1/24"},
                             {2, "2001:db8::1/64"},
                             {2, "192.0.2.2/24"}})
    st->addresses.push_back({index, *IpPrefix::parse(text)});
  st->defaultRoutes.push_back({IpFamily::V4, IpAddress::parse("192.0.2.254"), 2});
  st->defaultRoutes.push_back({IpFamily::V6, IpAddress::parse("2001:db8::fe"), 7});
  st->defaultRoutes.push_back({IpFamily::V4, std::nullopt, 2, 100});

  const LiveIndex index(st);
  auto same = [](auto span, auto vec) {
    return std::vector(span.begin(), span.end()) == std::vector(vec.begin(), vec.end());
  };
  for (int i = 0; i <= 10; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(index.linkByIndex(i), st->linkByIndex(i));
    EXPECT_TRUE(same(index.portsOf(i), st->portsOf(i)));
    EXPECT_TRUE(same(index.addressesOf(i), st->addressesOf(i)));
    EXPECT_TRUE(same(index.defaultRoutesVia(i), st->defaultRoutesVia(i)));
  }
  for (const char* name : {"lo", "br0", "zz", "eth0", "bond0", "eth3", "nosuch", "", "z"})
    EXPECT_EQ(index.linkByName(name), st->linkByName(name)) << name;
  EXPECT_EQ(index.portsOf(2).size(), 3u);
  EXPECT_EQ(index.addressesOf(2).size(), 3u);
  EXPECT_TRUE(index.portsOf(0).empty());  // "no master" is not a master
  // A borrowing index reads the same state without owning it.
  EXPECT_EQ(LiveIndex::borrowing(*st).linkByName("eth2"), st->linkByName("eth2"));
}

TEST(HostValues, DescriptionsNameTheOperationAndTheInterface) {
  EXPECT_EQ(describe(op::SetMtu{"eth0", 9000}), "set MTU 9000 on 'eth0'");
  EXPECT_EQ(describe(op::CreateBridge{"br0", {.stp = false, .forwardDelayCs = 0}}),
            "create bridge 'br0' stp off forward_delay 0cs");
  EXPECT_EQ(describe(op::SetMaster{"eth0", ""}), "release 'eth0' from its master");
  EXPECT_EQ(describe(op::AddAddress{"br0", *IpPrefix::parse("192.0.2.1/24")}),
            "add address 192.0.2.1/24 to 'br0'");
  EXPECT_EQ(describe(op::CreateBond{"bond0", {.mode = BondMode::ActiveBackup, .miimon = 100}}),
            "create bond 'bond0' mode active-backup miimon 100");
}

TEST(HostValues, KernelRefusalsBecomeOperationFailedWithStrerror) {
  Error e = hostError("set MTU 9000 on 'eth0'", EINVAL);
  EXPECT_EQ(e.number, ErrorNumber::OperationFailed);
  EXPECT_EQ(e.domain, ErrorDomain::Interface);
  EXPECT_EQ(e.sysErrno, EINVAL);
  EXPECT_EQ(e.message, "operation failed: cannot set MTU 9000 on 'eth0': Invalid argument");
}

TEST(HostValues, LiveStateFollowsIndexReferences) {
  LiveState st;
  st.links.push_back(Link{.index = 1, .name = "br0", .kind = LinkKind::Bridge});
  st.links.push_back(
      Link{.index = 2, .name = "eth0", .kind = LinkKind::Ethernet, .masterIndex = 1});
  st.addresses.push_back(Address{.index = 1, .prefix = *IpPrefix::parse("192.0.2.1/24")});
  ASSERT_TRUE(st.linkByName("eth0"));
  EXPECT_EQ(st.linkByName("eth0")->index, 2);
  EXPECT_EQ(st.linkByIndex(1)->name, "br0");
  EXPECT_EQ(st.linkByName("nope"), nullptr);
  ASSERT_EQ(st.portsOf(1).size(), 1u);
  EXPECT_EQ(st.portsOf(1)[0]->name, "eth0");
  EXPECT_TRUE(st.portsOf(0).empty());
  EXPECT_EQ(st.addressesOf(1).size(), 1u);
  std::string text = toString(st);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

}  // namespace
}  // namespace ifkit::host
