// SPDX-License-Identifier: LGPL-2.1-or-later
// The interfaces a definition claims: the members of a bridge and the slaves of a bond, at every
// depth (a bond that is a bridge's member claims its slaves too). A VLAN claims nothing: its
// parent carries other VLANs and a configuration of its own.
//
//   claimedInterfaces(br0)   // <bridge><interface name='bond0'><bond><interface name='eth0'/>...
//                            //   -> {"bond0", "eth0", "eth1"}
//
// A claimed interface is configured by the definition that claims it, nowhere else: the system
// driver keeps one owner per interface among its stored definitions (libvirt's netcf backend
// kept one configuration per interface the same way).
#pragma once

#include <string>
#include <vector>

#include "conf/interface_def.h"

namespace ifkit::conf {

// In document order, outer before inner; a name claimed twice comes twice.
std::vector<std::string> claimedInterfaces(const InterfaceDef& def);

}  // namespace ifkit::conf
