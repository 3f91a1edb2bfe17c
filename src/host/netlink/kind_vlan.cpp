// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/kind_vlan.cpp: a VLAN's id in IFLA_INFO_DATA, read (requests.cpp writes it
// through libnl-route's vlan link).
#include <linux/if_link.h>

#include "host/netlink/attr.h"
#include "host/netlink/kinds.h"

namespace ifkit::host::nl {

VlanInfo readVlanInfo(const nlattr* infoData, int parentIndex) {
  VlanInfo info;
  info.parentIndex = parentIndex;  // a VLAN's parent is its IFLA_LINK, outside INFO_DATA
  nlattr* tb[IFLA_VLAN_MAX + 1] = {};
  if (!parseNested(tb, IFLA_VLAN_MAX, infoData)) return info;
  info.id = attrU16(tb[IFLA_VLAN_ID]).value_or(0);
  return info;
}

}  // namespace ifkit::host::nl
