// SPDX-License-Identifier: LGPL-2.1-or-later
// planRestore: the host operations that take the interfaces from their current state back to a
// RestorePoint: what a transaction rollback applies.
//
// Virtual devices (bridges, bonds, VLANs) made since are deleted and the ones deleted since are
// made again; then masters, bridge and bond settings, MTU, MAC, up/down, IPv6 autoconfiguration,
// configured addresses and default routes are put back, in the order the kernel needs (a bond
// slave is down when enslaved; a MAC is changed while the link is down; addresses come after the
// link is up, as bringing it down drops IPv6 addresses). Links that did not change produce no
// operation. Links the kernel cannot make (NICs, veth pairs) are never deleted or created.
#pragma once

#include <vector>

#include "host/host_op.h"
#include "plan/restore/restore_point.h"

namespace ifkit::plan {

std::vector<host::HostOp> planRestore(const RestorePoint& target, const host::LiveState& current);

}  // namespace ifkit::plan
