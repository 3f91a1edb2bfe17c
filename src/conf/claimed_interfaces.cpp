// SPDX-License-Identifier: LGPL-2.1-or-later
// claimedInterfaces: the members and slaves of a definition, at every depth.
#include "conf/claimed_interfaces.h"

namespace ifkit::conf {
namespace {

void collectClaims(const InterfaceDef& def, std::vector<std::string>& out) {
  const std::vector<InterfaceDef>* subordinates = nullptr;
  if (const auto* bridge = std::get_if<BridgeDef>(&def.kind)) subordinates = &bridge->members;
  if (const auto* bond = std::get_if<BondDef>(&def.kind)) subordinates = &bond->slaves;
  if (subordinates == nullptr) return;
  for (const InterfaceDef& sub : *subordinates) {
    out.push_back(sub.name);
    collectClaims(sub, out);
  }
}

}  // namespace

std::vector<std::string> claimedInterfaces(const InterfaceDef& def) {
  std::vector<std::string> out;
  collectClaims(def, out);
  return out;
}

}  // namespace ifkit::conf
