// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/kind_bond.cpp: a bond's settings in IFLA_INFO_DATA, read and written.
#include <errno.h>
#include <linux/if_link.h>

#include <cstring>

#include "host/host_error.h"
#include "host/netlink/attr.h"
#include "host/netlink/kinds.h"

namespace ifkit::host::nl {

BondInfo readBondInfo(const nlattr* infoData) {
  BondInfo info;
  nlattr* tb[IFLA_BOND_MAX + 1] = {};
  if (!parseNested(tb, IFLA_BOND_MAX, infoData)) return info;
  info.mode = static_cast<BondMode>(attrU8(tb[IFLA_BOND_MODE]).value_or(0));
  info.miimon = attrU32(tb[IFLA_BOND_MIIMON]).value_or(0);
  info.updelay = attrU32(tb[IFLA_BOND_UPDELAY]).value_or(0);
  info.downdelay = attrU32(tb[IFLA_BOND_DOWNDELAY]).value_or(0);
  info.useCarrier = attrU8(tb[IFLA_BOND_USE_CARRIER]).value_or(1) != 0;
  info.arpInterval = attrU32(tb[IFLA_BOND_ARP_INTERVAL]).value_or(0);
  info.arpValidate = static_cast<ArpValidate>(attrU32(tb[IFLA_BOND_ARP_VALIDATE]).value_or(0));
  if (const nlattr* targets = tb[IFLA_BOND_ARP_IP_TARGET]) {
    // One nested attribute per target, a __be32 each; their types are just positions.
    forEachAttr(attrPayload(targets), attrLength(targets), [&](const nlattr* t) {
      if (attrLength(t) < 4) return;
      if (auto addr = IpAddress::fromBytes(attrPayload(t), 4)) info.arpTargets.push_back(*addr);
    });
  }
  return info;
}

Status putBondParams(Message& m, const BondParams& p, const std::string& what) {
  // Order matters only in the kernel, which reads these in its own fixed order (mode first);
  // note the bonding driver's own rules: the mode changes only while the bond is down and has
  // no slaves (EBUSY, ENOTEMPTY otherwise), and a non-zero arp_interval switches miimon off.
  if (p.mode) m.putU8(IFLA_BOND_MODE, static_cast<std::uint8_t>(*p.mode));
  if (p.miimon) m.putU32(IFLA_BOND_MIIMON, *p.miimon);
  if (p.updelay) m.putU32(IFLA_BOND_UPDELAY, *p.updelay);
  if (p.downdelay) m.putU32(IFLA_BOND_DOWNDELAY, *p.downdelay);
  if (p.useCarrier) m.putU8(IFLA_BOND_USE_CARRIER, *p.useCarrier ? 1 : 0);
  if (p.arpInterval) m.putU32(IFLA_BOND_ARP_INTERVAL, *p.arpInterval);
  if (p.arpTargets) {
    // An empty nest clears the list: the kernel drops the old targets before adding these. Ended
    // with keep-empty, or libnl would drop the nest and the old targets would stay.
    nlattr* nest = m.beginNest(IFLA_BOND_ARP_IP_TARGET);
    int position = 0;
    for (const IpAddress& t : *p.arpTargets) {
      if (t.family != IpFamily::V4) return hostError(what, EAFNOSUPPORT);
      m.put(position++, t.bytes.data(), 4);
    }
    m.endNestKeepEmpty(nest);
  }
  if (p.arpValidate) m.putU32(IFLA_BOND_ARP_VALIDATE, static_cast<std::uint32_t>(*p.arpValidate));
  return Status::success();
}

}  // namespace ifkit::host::nl
