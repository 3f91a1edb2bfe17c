// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/kinds.h: per-kind readers and writers of IFLA_INFO_DATA (one .cpp per kind).
//
// By hand because libnl-route 3.7 has no reader or writer for IFLA_BR_* or IFLA_BOND_*. A VLAN's
// id is written by libnl's vlan link (requests.cpp) and read here with the rest of its link.
#pragma once

#include "host/host_op.h"
#include "host/live_state.h"
#include "host/netlink/message.h"
#include "ifkit/error.h"

namespace ifkit::host::nl {

// kind_bridge.cpp
BridgeInfo readBridgeInfo(const nlattr* infoData);
void putBridgeParams(Message& m, const BridgeParams& p);
// The kernel applies a bridge's forward delay before its STP state, and refuses a delay outside
// 2..30 s while STP is on; so "STP off, delay 0" must go as two requests, STP first.
std::vector<BridgeParams> splitBridgeParams(const BridgeParams& p);

// kind_bond.cpp
BondInfo readBondInfo(const nlattr* infoData);
// Fails (EAFNOSUPPORT) for an IPv6 ARP target: the bonding driver's arp_ip_target is IPv4 only.
Status putBondParams(Message& m, const BondParams& p, const std::string& what);

// kind_vlan.cpp
VlanInfo readVlanInfo(const nlattr* infoData, int parentIndex);

}  // namespace ifkit::host::nl
