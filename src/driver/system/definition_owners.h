// SPDX-License-Identifier: LGPL-2.1-or-later
// One owner per interface among the stored definitions: a bridge or a bond owns the interfaces it
// claims (its members and slaves, at every depth: conf/claimed_interfaces.h), every other
// interface owns itself. libvirt's netcf backend kept one configuration per interface the same
// way, and it is what lets boot start each link from one definition only.
//
//   auto change = changeForDefine(br0, *stored, store.path());  // br0 claims eth0, which has
//   store.commitLocked(*change, held);                           // eth0.xml: both in one step
//   auto conflicts = findOwnerConflicts(*stored, store.path());  // a hand-edited store, at boot
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "conf/interface_def.h"
#include "ifkit/error.h"
#include "store/store.h"

namespace ifkit::driver {

// The store change that defines `def`: its file written and, in the same step, the definitions
// of the interfaces it claims removed, as they are part of it now (a damaged file of such a name
// goes too: it was that interface's). The definition `def` replaces, of the same name, does not
// count. Refused, with nothing changed, when an interface would get two owners:
//   "Requested operation is not valid: interface 'eth0' is already part of bridge 'br1', defined
//   in '/etc/ifkit/interfaces/br1.xml'"
// (`def` claims what another bridge or bond claims, or is claimed by one itself), or when `def`
// claims one interface twice, or itself.
Result<store::StoreChange> changeForDefine(const conf::InterfaceDef& def,
                                           const store::LoadedDefinitions& current,
                                           const std::string& storePath);

// changeForDefine of the definitions stored now, read under the store's lock `held`.
Result<store::StoreChange> changeForDefineLocked(const conf::InterfaceDef& def,
                                                 store::DefinitionStore& store,
                                                 const store::StoreLock& held);

// Defines `def` under the rule, reading and changing the store under its exclusive lock.
Status defineWithOneOwner(store::DefinitionStore& store, const conf::InterfaceDef& def);

// What boot does with a store that breaks the rule (edited by hand, or written by an ifkit that
// did not keep it). A definition of an interface that a bridge or bond claims is superseded by
// it, as if the claiming define had replaced it, which is what a define does now: it is not
// started, the claiming one is. Then, among the rest, two that claim one interface (or one that
// claims it twice) are both left alone: which one should own it is anybody's guess.
struct OwnerConflicts {
  // One per conflict: the interface with two owners, and the error naming both files.
  std::vector<std::pair<std::string, Error>> reports;
  // The definitions (by name) that boot leaves alone.
  std::set<std::string> notStarted;
};
OwnerConflicts findOwnerConflicts(const store::LoadedDefinitions& current,
                                  const std::string& storePath);

}  // namespace ifkit::driver
