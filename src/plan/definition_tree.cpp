// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/definition_tree.cpp: walking a definition's nesting, and ordering it inner first.
#include "plan/definition_tree.h"

#include <cerrno>

#include "plan/plan_error.h"

namespace ifkit::plan {
namespace {

void walk(const conf::InterfaceDef& def, Role role, const std::string& master,
          std::vector<Node>& out) {
  const std::size_t self = out.size();
  out.push_back(Node{&def, role, master, {}});
  const std::vector<conf::InterfaceDef>* members = nullptr;
  Role memberRole = Role::BridgePort;
  if (const auto* bridge = std::get_if<conf::BridgeDef>(&def.kind)) {
    members = &bridge->members;
  } else if (const auto* bond = std::get_if<conf::BondDef>(&def.kind)) {
    members = &bond->slaves;
    memberRole = Role::BondSlave;
  }
  if (members == nullptr) return;
  for (const conf::InterfaceDef& m : *members) {
    out[self].children.push_back(out.size());
    walk(m, memberRole, def.name, out);
  }
}

// The tree index of the VLAN parent of node `i`, or the tree size when it is outside the tree.
std::size_t vlanParentIn(const std::vector<Node>& tree, std::size_t i) {
  const auto* vlan = std::get_if<conf::VlanDef>(&tree[i].def->kind);
  if (vlan == nullptr) return tree.size();
  for (std::size_t j = 0; j < tree.size(); ++j)
    if (tree[j].def->name == vlan->parent) return j;
  return tree.size();
}

void postOrder(const std::vector<Node>& tree, std::size_t i, std::vector<std::size_t>& out) {
  for (std::size_t c : tree[i].children) postOrder(tree, c, out);
  out.push_back(i);
}

}  // namespace

Result<std::vector<Node>> flattenTree(const conf::InterfaceDef& def) {
  std::vector<Node> tree;
  walk(def, Role::Top, "", tree);
  for (std::size_t i = 0; i < tree.size(); ++i)
    for (std::size_t j = i + 1; j < tree.size(); ++j)
      if (tree[i].def->name == tree[j].def->name)
        return planError(
            "interface '" + tree[i].def->name + "' appears twice in '" + def.name + "'", EINVAL);
  return tree;
}

Result<std::vector<std::size_t>> innerFirst(const std::vector<Node>& tree) {
  std::vector<std::size_t> pending;
  if (!tree.empty()) postOrder(tree, 0, pending);
  std::vector<bool> placed(tree.size(), false);
  std::vector<std::size_t> out;
  // Post-order puts members first; a VLAN whose parent comes later waits for it.
  while (!pending.empty()) {
    bool progress = false;
    for (auto it = pending.begin(); it != pending.end(); ++it) {
      const std::size_t i = *it;
      const std::size_t parent = vlanParentIn(tree, i);
      bool ready = parent == tree.size() || placed[parent];
      for (std::size_t c : tree[i].children) ready = ready && placed[c];
      if (!ready) continue;
      placed[i] = true;
      out.push_back(i);
      pending.erase(it);
      progress = true;
      break;
    }
    if (!progress)
      return planError(
          "interface '" + tree[pending.front()].def->name + "' would sit on a device that holds it",
          EBUSY);
  }
  return out;
}

}  // namespace ifkit::plan
