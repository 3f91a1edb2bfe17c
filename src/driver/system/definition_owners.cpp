// SPDX-License-Identifier: LGPL-2.1-or-later
// The one-owner rule of the system driver's definitions: at define, and at boot.
#include "driver/system/definition_owners.h"

#include <algorithm>
#include <map>

#include "conf/claimed_interfaces.h"

namespace ifkit::driver {
namespace {

Error invalid(const std::string& detail) {
  return makeError(ErrorNumber::OperationInvalid, ErrorDomain::Interface, detail);
}

// "bridge 'br1', defined in '/etc/ifkit/interfaces/br1.xml'"
std::string described(const conf::InterfaceDef& owner, const std::string& storePath) {
  return std::string(conf::typeName(owner.kind)) + " '" + owner.name + "', defined in '" +
         storePath + "/" + owner.name + ".xml'";
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Result<store::StoreChange> changeForDefine(const conf::InterfaceDef& def,
                                           const store::LoadedDefinitions& current,
                                           const std::string& storePath) {
  const std::vector<std::string> claims = conf::claimedInterfaces(def);
  std::vector<std::string> distinct;
  for (const std::string& name : claims) {
    if (name == def.name) return invalid("interface '" + name + "' cannot be part of itself");
    if (contains(distinct, name))
      return invalid("interface '" + name + "' appears twice in the definition of '" + def.name +
                     "'");
    distinct.push_back(name);
  }

  store::StoreChange change;
  change.save.push_back(def);
  for (const std::string& name : claims) {
    const bool damaged =
        std::any_of(current.problems.begin(), current.problems.end(),
                    [&](const store::LoadProblem& p) { return p.file == name + ".xml"; });
    if (current.definitionNamed(name) != nullptr || damaged) change.remove.push_back(name);
  }

  // The others keep what they claim: neither `def` nor anything it claims may be among it.
  for (const conf::InterfaceDef& other : current.definitions) {
    if (other.name == def.name || contains(change.remove, other.name)) continue;
    for (const std::string& name : conf::claimedInterfaces(other))
      if (name == def.name || contains(distinct, name))
        return invalid("interface '" + name + "' is already part of " +
                       described(other, storePath));
  }
  return change;
}

Result<store::StoreChange> changeForDefineLocked(const conf::InterfaceDef& def,
                                                 store::DefinitionStore& store,
                                                 const store::StoreLock& held) {
  auto current = store.loadAllLocked(held);
  if (!current) return std::move(current).error();
  return changeForDefine(def, *current, store.path());
}

Status defineWithOneOwner(store::DefinitionStore& store, const conf::InterfaceDef& def) {
  // From reading the others to writing: no other define may come between.
  auto held = store.lockExclusive();
  if (!held) return std::move(held).error();
  auto change = changeForDefineLocked(def, store, *held);
  if (!change) return std::move(change).error();
  return store.commitLocked(*change, *held);
}

OwnerConflicts findOwnerConflicts(const store::LoadedDefinitions& current,
                                  const std::string& storePath) {
  OwnerConflicts out;
  // Which definitions claim each interface, once per claim.
  std::map<std::string, std::vector<const conf::InterfaceDef*>> claimers;
  for (const conf::InterfaceDef& def : current.definitions)
    for (const std::string& name : conf::claimedInterfaces(def)) claimers[name].push_back(&def);

  // A claimed interface's own definition is superseded by the claim.
  std::set<std::string> superseded;
  for (const auto& [name, owners] : claimers) {
    const conf::InterfaceDef* own = current.definitionNamed(name);
    if (own == nullptr) continue;
    superseded.insert(name);
    out.reports.emplace_back(
        name, invalid("interface '" + name + "' is part of " + described(*owners[0], storePath) +
                      ", and has a definition of its own in '" + storePath + "/" + name +
                      ".xml', which boot leaves alone"));
  }
  out.notStarted = superseded;

  // Among the others, two claims of one interface leave both claimers alone.
  for (const auto& [name, all] : claimers) {
    std::vector<const conf::InterfaceDef*> owners;
    for (const conf::InterfaceDef* owner : all)
      if (!superseded.count(owner->name)) owners.push_back(owner);
    for (std::size_t i = 1; i < owners.size(); ++i) {
      const std::string detail =
          owners[i] == owners[0]
              ? "interface '" + name + "' appears twice in " + described(*owners[0], storePath) +
                    ": boot leaves it alone"
              : "interface '" + name + "' is part of " + described(*owners[0], storePath) +
                    ", and of " + described(*owners[i], storePath) + ": boot starts neither";
      out.reports.emplace_back(name, invalid(detail));
      out.notStarted.insert(owners[0]->name);
      out.notStarted.insert(owners[i]->name);
    }
  }
  return out;
}

}  // namespace ifkit::driver
