// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/op_text_test.cpp: host operations written as text read back as the same operations.
#include <gtest/gtest.h>

#include "every_operation.h"
#include "host/host_op.h"
#include "host/host_op_text.h"

namespace ifkit::host {
namespace {

IpAddress ip(const char* text) { return IpAddress::parse(text).value(); }
IpPrefix prefix(const char* text) { return IpPrefix::parse(text).value(); }

// A record written by one ifkit process is read by another: every operation, with every
// setting it can carry (and with none), comes back equal.
TEST(HostOpText, EveryOperationReadsBackEqual) {
  BondParams noTargets;
  noTargets.arpTargets = std::vector<IpAddress>{};  // "clear the list", not "leave it"
  std::vector<HostOp> ops = test::everyOperationFullySet("br0");
  // And with none of their settings, or other values of them.
  const std::vector<HostOp> others{
      op::CreateBridge{"br0", {}},
      op::CreateBond{"bond0", {}},
      op::CreateVlan{"eth0.7", "eth0", 7},
      op::SetMaster{"eth0", ""},
      op::SetUp{"eth0", false},
      op::SetBridge{"br0", {.stp = false}},
      op::SetBond{"bond0", noTargets},
      op::AddAddress{"br0", prefix("192.0.2.1/24")},
      op::AddDefaultRoute{"br0", ip("192.0.2.254")},
      op::AddRoute{"br0", prefix("10.20.0.0/16"), ip("192.0.2.254"), 100, 16},
      op::AddRoute{"br0", prefix("203.0.113.0/24")},
      op::RemoveRoute{"eth0", prefix("203.0.113.0/24")},
      op::SetIpv6Autoconf{"a=b", true},  // '=' is allowed in a link name
  };
  ops.insert(ops.end(), others.begin(), others.end());
  for (const HostOp& o : ops) {
    const std::string text = opText(o);
    auto back = parseOpText(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, o) << text << " read back as " << opText(*back);
  }
  EXPECT_EQ(opText(op::SetMtu{"eth0", 1500}), "set-mtu eth0 mtu=1500");
  EXPECT_EQ(opText(op::SetMaster{"eth0", ""}), "set-master eth0 master=");
}

TEST(HostOpText, LinesItDoesNotWriteAreRefused) {
  for (const char* line :
       {"", "set-mtu", "set-mtu eth0", "set-mtu eth0 mtu=", "set-mtu eth0 mtu=x",
        "set-mtu eth0 mtu=1500 mac=52:54:00:00:00:01", "set-up eth0 up=2", "frobnicate eth0",
        "create-bridge br0 stp=yes", "create-bridge br0 mode=1", "create-bond b0 mode=7",
        "create-bond b0 arptargets=192.0.2.1,,192.0.2.2", "create-vlan v parent=eth0",
        "create-vlan v vid=7", "add-address br0 prefix=192.0.2.1/33", "set-mtu eth0 =1",
        "set-mtu  eth0 mtu=1"})
    EXPECT_FALSE(parseOpText(line).has_value()) << "'" << line << "'";
}

}  // namespace
}  // namespace ifkit::host
