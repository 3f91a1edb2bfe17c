// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/kind_bridge.cpp: a bridge's settings in IFLA_INFO_DATA, read and written.
#include <linux/if_link.h>

#include "host/netlink/attr.h"
#include "host/netlink/kinds.h"

namespace ifkit::host::nl {

BridgeInfo readBridgeInfo(const nlattr* infoData) {
  BridgeInfo info;
  nlattr* tb[IFLA_BR_MAX + 1] = {};
  if (!parseNested(tb, IFLA_BR_MAX, infoData)) return info;
  // STP state 0 is off; 1 (kernel STP) and 2 (user-space STP daemon) both mean STP runs.
  info.stp = attrU32(tb[IFLA_BR_STP_STATE]).value_or(0) != 0;
  info.forwardDelayCs = attrU32(tb[IFLA_BR_FORWARD_DELAY]).value_or(0);
  return info;
}

void putBridgeParams(Message& m, const BridgeParams& p) {
  if (p.forwardDelayCs) m.putU32(IFLA_BR_FORWARD_DELAY, *p.forwardDelayCs);
  if (p.stp) m.putU32(IFLA_BR_STP_STATE, *p.stp ? 1 : 0);
}

std::vector<BridgeParams> splitBridgeParams(const BridgeParams& p) {
  if (p.stp == false && p.forwardDelayCs)
    return {BridgeParams{.stp = false, .forwardDelayCs = {}},
            BridgeParams{.stp = {}, .forwardDelayCs = p.forwardDelayCs}};
  return {p};
}

}  // namespace ifkit::host::nl
