// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/every_operation.h: every primitive operation, each with every setting it can carry,
// for the tests that must hold for all of them (written as text and read back: op_text_test.cpp;
// built into a netlink request: requests_test.cpp).
#pragma once

#include <string>
#include <vector>

#include "host/host_op.h"

namespace ifkit::test {

// Each kind of operation once, about the link `name` (and `name` as the master, the parent or the
// route's link), every optional setting set, lists at their longest: the bond's ARP targets are the
// kernel's most (BOND_MAX_ARP_TARGETS, 16), the addresses and routes IPv6.
std::vector<host::HostOp> everyOperationFullySet(const std::string& name);

}  // namespace ifkit::test
