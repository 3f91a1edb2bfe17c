// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/verify_start.h: what a started definition asks of the host and the kernel, read again
// after the start, does not show (verify after apply, as nmstate does).
//
//   auto differences = verifyStart(def, host.snapshot().value(), {"br0"});  // br0 runs DHCP
//   if (!differences.empty()) return verifyError(def.name, differences);   // and undo the start
//
// A start whose every operation the kernel accepted can still leave the host other than the
// definition says: another program fought the change (a network manager put an MTU back), or a
// driver took a setting and ignored it. The driver reads the kernel once after a start (once
// per batch of starts) and undoes a start this finds differences for.
//
// What is checked, for every interface of the definition's tree: the link exists and, for a
// bridge, bond or VLAN, is of that kind; a member or slave has its bridge or bond as master; the
// definition's MTU on every interface but bond slaves (a bond sets its slaves' MTU itself, as
// planStart leaves them); the MAC of an ethernet interface that names one, but a bond slave (its
// bond gives it the bond's); the bridge's stp and delay, the bond's mode and monitor settings
// the definition names; a VLAN's id and parent; the administrative up state (not the
// operational state nor carrier: a bridge without a port in forwarding state is up and has no
// carrier), of a VLAN's parent from outside the definition too, which start brings up. On the
// top-level interface: each address of the definition with its prefix length (an IPv6 address
// in duplicate address detection counts as there; one that failed it does not); the default
// route via each protocol's gateway out of it; IPv6 autoconf as the definition sets it (on a
// link with IPv6); a running DHCP client where <dhcp/> asks for one.
//
// What is not a difference: what the definition leaves out (extra addresses, extra bridge ports,
// bond settings it does not name: start adjusts, it does not remove); the address a DHCP lease
// gives, which comes once the client binds; the default route of a protocol with <dhcp/> (the
// lease's router replaces it); a bridge delay the kernel clamped to 2..30 s because STP is on
// (it does so when STP starts), or that it keeps one centisecond short (it holds the delay in
// jiffies: with HZ 250, 0.03 s reads back as 0.02 s); a bond's updelay and downdelay rounded
// down to a multiple of miimon (the kernel keeps them as a count of miimon periods).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "host/live_index.h"
#include "host/live_state.h"
#include "ifkit/error.h"

namespace ifkit::plan {

// Each difference as a phrase that follows "the kernel shows": "MTU 1500 on 'eth0', not 9000",
// "no address 192.0.2.1/24 on 'br0'", in the definition's order, top-level interface first;
// empty when the host holds everything `def` asks for. `dhcpRunning` names the links where
// ifkit's DHCP client runs. `def` is one planStart accepted.
std::vector<std::string> verifyStart(const conf::InterfaceDef& def, const host::LiveIndex& live,
                                     const std::set<std::string>& dhcpRunning);
std::vector<std::string> verifyStart(const conf::InterfaceDef& def, const host::LiveState& live,
                                     const std::set<std::string>& dhcpRunning);

// VIR_ERR_OPERATION_FAILED in the interface domain naming every difference: "operation failed:
// cannot start 'br0': after applying, the kernel shows MTU 1500 on 'eth0', not 9000; ...".
Error verifyError(const std::string& name, const std::vector<std::string>& differences);

}  // namespace ifkit::plan
