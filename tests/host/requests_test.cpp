// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/requests_test.cpp: the requests an operation is built into, before any kernel sees
// them (the kernel's answers to them are ops_test.cpp's and vm_kinds_test.cpp's).
#include "host/netlink/requests.h"

#include <gtest/gtest.h>

#include "every_operation.h"
#include "host/host_op.h"
#include "host/netlink/message.h"

namespace ifkit::host::nl {
namespace {

// Every request sits in a buffer of kRequestBytes, not in the page libnl allocates by default
// (a batch built ahead would touch a page for each), and the largest ifkit builds, with every
// setting an operation can carry and the longest names, fits it with room to spare.
TEST(Requests, EveryRequestFitsTheSmallBufferItIsBuiltIn) {
  const IndexLookup indexOf = [](const std::string&, int& err) {
    err = 0;
    return 7;
  };
  for (const HostOp& op : test::everyOperationFullySet(std::string(15, 'n'))) {  // IFNAMSIZ - 1
    if (std::holds_alternative<op::SetIpv6Autoconf>(op)) continue;  // a sysctl, not a request
    auto requests = buildRequests(op, indexOf);
    ASSERT_TRUE(requests) << requests.error().message;
    ASSERT_FALSE(requests->empty());
    for (const NlMsg& request : *requests) {
      EXPECT_EQ(nlmsg_get_max_size(request.get()), kRequestBytes) << describe(op);
      EXPECT_LE(nlmsg_hdr(request.get())->nlmsg_len, kRequestBytes / 2) << describe(op);
    }
  }
}

}  // namespace
}  // namespace ifkit::host::nl
