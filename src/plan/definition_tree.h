// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/definition_tree.h: the interfaces of one definition, flattened, with the order in
// which the kernel needs them made.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "ifkit/error.h"

namespace ifkit::plan {

enum class Role { Top, BridgePort, BondSlave };

struct Node {
  const conf::InterfaceDef* def = nullptr;  // points into the definition the tree was made from
  Role role = Role::Top;
  std::string master;  // the bridge or bond that holds it; empty for the top-level interface
  std::vector<std::size_t> children;  // its members or slaves, as indices into the tree
};

// The top-level interface first, then its members depth-first in the definition's order.
// EINVAL if a name appears twice (the kernel has one link per name).
Result<std::vector<Node>> flattenTree(const conf::InterfaceDef& def);

// The tree's indices, inner first: every interface after its members or slaves and after its
// VLAN parent when that parent is in the tree too, in the definition's order otherwise. EBUSY
// for a loop (a VLAN whose parent holds it), which the kernel refuses.
Result<std::vector<std::size_t>> innerFirst(const std::vector<Node>& tree);

}  // namespace ifkit::plan
