// SPDX-License-Identifier: LGPL-2.1-or-later
// Cutting the host's state down to what one definition's plan needs.
#include "plan/relevant_state.h"

#include <set>
#include <string>
#include <unordered_map>

namespace ifkit::plan {
namespace {

void collectNames(const conf::InterfaceDef& def, std::set<std::string>& names) {
  names.insert(def.name);
  if (const auto* bridge = std::get_if<conf::BridgeDef>(&def.kind))
    for (const auto& m : bridge->members) collectNames(m, names);
  if (const auto* bond = std::get_if<conf::BondDef>(&def.kind))
    for (const auto& s : bond->slaves) collectNames(s, names);
  if (const auto* vlan = std::get_if<conf::VlanDef>(&def.kind)) names.insert(vlan->parent);
}

}  // namespace

std::set<std::string> namesIn(const conf::InterfaceDef& def) {
  std::set<std::string> names;
  collectNames(def, names);
  return names;
}

host::LiveState relevantState(const host::LiveState& live, const conf::InterfaceDef& def) {
  const std::set<std::string> names = namesIn(def);

  // The named links, then one step out: their masters, and what is attached or stacked on them.
  std::set<int> wanted;
  for (const host::Link& l : live.links)
    if (names.count(l.name) != 0) wanted.insert(l.index);
  const std::set<int> named = wanted;
  for (const host::Link& l : live.links) {
    if (named.count(l.index) != 0 && l.masterIndex != 0) wanted.insert(l.masterIndex);
    if (named.count(l.masterIndex) != 0) wanted.insert(l.index);
    // A VLAN whose parent is in another namespace names an ifindex of that namespace.
    if (const host::VlanInfo* v = l.vlan();
        v != nullptr && !l.linkInOtherNetns && named.count(v->parentIndex) != 0)
      wanted.insert(l.index);
  }

  host::LiveState out;
  for (const host::Link& l : live.links)
    if (wanted.count(l.index) != 0) out.links.push_back(l);
  for (const host::Address& a : live.addresses)
    if (wanted.count(a.index) != 0) out.addresses.push_back(a);
  out.defaultRoutes = live.defaultRoutes;
  for (const host::StaticRoute& r : live.staticRoutes)
    if (wanted.count(r.oifIndex) != 0) out.staticRoutes.push_back(r);
  // A route out of a link left out still names it, so that its holder can be told by name.
  std::unordered_map<int, const host::Link*> byIndex;
  for (const host::Link& l : live.links) byIndex[l.index] = &l;
  for (const host::Route& r : live.defaultRoutes)
    if (r.oifIndex != 0 && wanted.insert(r.oifIndex).second)
      if (auto it = byIndex.find(r.oifIndex); it != byIndex.end()) out.links.push_back(*it->second);
  return out;
}

}  // namespace ifkit::plan
