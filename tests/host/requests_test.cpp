// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/requests_test.cpp: the requests an operation is built into, before any kernel sees
// them (the kernel's answers to them are ops_test.cpp's and vm_kinds_test.cpp's).
#include <gtest/gtest.h>

#include "host/host_op.h"
#include "host/netlink/message.h"
#include "host/netlink/requests.h"

namespace ifkit::host::nl {
namespace {

IpAddress ip(const char* text) { return IpAddress::parse(text).value(); }
IpPrefix prefix(const char* text) { return IpPrefix::parse(text).value(); }

// Every request sits in a buffer of kRequestBytes, not in the page libnl allocates by default
// (a batch built ahead would touch a page for each), and the largest ifkit builds, with every
// setting an operation can carry, fits it with room to spare.
TEST(Requests, EveryRequestFitsTheSmallBufferItIsBuiltIn) {
  BondParams everything;
  everything.mode = BondMode::ActiveBackup;
  everything.miimon = 100;
  everything.updelay = 200;
  everything.downdelay = 300;
  everything.useCarrier = false;
  everything.arpInterval = 1000;
  everything.arpTargets.emplace();
  for (int i = 1; i <= 16; ++i)  // the kernel's BOND_MAX_ARP_TARGETS
    everything.arpTargets->push_back(ip(("192.0.2." + std::to_string(i)).c_str()));
  everything.arpValidate = ArpValidate::All;
  const std::string longest(15, 'n');  // IFNAMSIZ - 1
  const std::vector<HostOp> ops{
      op::CreateBridge{longest, {.stp = true, .forwardDelayCs = 1500}},
      op::CreateBond{longest, everything},
      op::SetBond{longest, everything},
      op::CreateVlan{longest, longest, 4094},
      op::DeleteLink{longest},
      op::SetMaster{longest, longest},
      op::SetMtu{longest, 9000},
      op::SetMac{longest, MacAddress::parse("52:54:00:00:00:01").value()},
      op::SetUp{longest, true},
      op::SetBridge{longest, {.stp = false, .forwardDelayCs = 200}},
      op::AddAddress{longest, prefix("2001:db8::5/64"), true},
      op::RemoveAddress{longest, prefix("2001:db8::5/64")},
      op::AddDefaultRoute{longest, ip("fe80::1"), 512, 3},
      op::RemoveDefaultRoute{longest, ip("2001:db8::fe")},
      op::AddRoute{longest, prefix("2001:db8:1::/48"), ip("2001:db8::fe"), 1024, 16},
      op::RemoveRoute{longest, prefix("2001:db8:1::/48"), ip("2001:db8::fe"), 1024},
  };
  const IndexLookup indexOf = [](const std::string&, int& err) {
    err = 0;
    return 7;
  };
  for (const HostOp& op : ops) {
    auto requests = buildRequests(op, indexOf);
    ASSERT_TRUE(requests) << requests.error().message;
    ASSERT_FALSE(requests->empty());
    for (const NlMsg& request : *requests) {
      EXPECT_EQ(nlmsg_get_max_size(request.get()), kRequestBytes) << op.index();
      EXPECT_LE(nlmsg_hdr(request.get())->nlmsg_len, kRequestBytes / 2) << op.index();
    }
  }
}

}  // namespace
}  // namespace ifkit::host::nl
