// SPDX-License-Identifier: LGPL-2.1-or-later
// relevantState: the part of the host a definition's plan looks at, so that planning one
// interface costs the same on a host with five links and on one with five thousand.
#pragma once

#include <set>
#include <string>

#include "conf/interface_def.h"
#include "host/live_state.h"

namespace ifkit::plan {

// The links the definition names at every level (VLAN parents included), with the masters they
// are attached to, the ports attached to them and the links stacked on them; their addresses;
// every default route (the planner checks who holds the default-route slot). Planning against it
// gives the same plan as against the whole host (tests/plan: every golden case).
host::LiveState relevantState(const host::LiveState& live, const conf::InterfaceDef& def);

// The names of the interfaces a definition is made of, at every level, VLAN parents included.
std::set<std::string> namesIn(const conf::InterfaceDef& def);

}  // namespace ifkit::plan
