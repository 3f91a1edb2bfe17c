// tests/host/values_test.cpp: the plain values of src/host: addresses, descriptions, errors.
#include <gtest/gtest.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/host_op.h"
#include "host/ip_address.h"
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
