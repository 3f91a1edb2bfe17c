// SPDX-License-Identifier: LGPL-2.1-or-later
// The definition rewrites of iface-bridge and iface-unbridge, step for step as virsh makes them.
#pragma once

#include <string>
#include <string_view>

#include "ifkit/error.h"

namespace ifkit::cli {

// From the inactive definition of interface `ifName`, the definition of a new bridge `brName`
// with that interface as its only member: the top element is renamed and retyped as the
// bridge, so start mode, mtu, link and protocol stay with it; a <bridge stp='on|off'
// [delay='N']> element is appended (delay only with stp on, printed as a signed int as virsh
// does), holding <interface type=T name=ifName> to which the <mac>, <bond> and <vlan> children
// move. On failure the error's message is virsh's, for "error: ..." ("Existing device eth0 is
// already a bridge").
Result<std::string> makeBridgeXml(std::string_view ifXml, const std::string& ifName,
                                  const std::string& brName, bool stp, unsigned delay);

struct DetachedXml {
  std::string name;  // the member's name, which the new definition carries
  std::string xml;
};

// From the inactive definition of bridge `brName`, the definition of its only member: the top
// element takes the member's type and name and gets its <mac>, <bond> and <vlan> children
// back (at the end). Like virsh, it leaves the <bridge> element in place; the interface parser
// ignores it for a non-bridge type.
Result<DetachedXml> makeUnbridgedXml(std::string_view brXml, const std::string& brName);

}  // namespace ifkit::cli
