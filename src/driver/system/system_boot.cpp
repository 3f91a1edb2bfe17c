// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver's boot: an interrupted transaction's definitions back, onboot ones started.
#include <algorithm>
#include <map>
#include <set>

#include "conf/claimed_interfaces.h"
#include "driver/system/definition_owners.h"
#include "driver/system/system_driver.h"
#include "driver/system/system_driver_private.h"
#include "driver/system/transaction.h"
#include "driver/system/warning.h"

namespace ifkit::driver {

namespace {

// The names of other interfaces a definition is built on: its members, slaves and VLAN parent,
// at every level.
void collectDependencies(const conf::InterfaceDef& def, bool top, std::set<std::string>& out) {
  if (!top) out.insert(def.name);
  if (const auto* bridge = std::get_if<conf::BridgeDef>(&def.kind))
    for (const auto& m : bridge->members) collectDependencies(m, false, out);
  if (const auto* bond = std::get_if<conf::BondDef>(&def.kind))
    for (const auto& m : bond->slaves) collectDependencies(m, false, out);
  if (const auto* vlan = std::get_if<conf::VlanDef>(&def.kind)) out.insert(vlan->parent);
}

// Definitions in an order where each comes after the definitions it is built on; a cycle keeps
// the remaining ones in name order (their start will tell what is missing).
std::vector<const conf::InterfaceDef*> dependencyOrder(
    const std::vector<conf::InterfaceDef>& defs) {
  // What each definition makes: itself and every interface it claims (a bridge's bond), which
  // a VLAN defined on its own may be built on.
  std::map<std::string, std::set<std::string>> makes;
  for (const auto& d : defs) {
    const std::vector<std::string> claimed = conf::claimedInterfaces(d);
    makes[d.name].insert(claimed.begin(), claimed.end());
    makes[d.name].insert(d.name);
  }
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& d : defs) {
    std::set<std::string> deps;
    collectDependencies(d, true, deps);
    for (const auto& other : defs)
      if (other.name != d.name &&
          std::any_of(deps.begin(), deps.end(),
                      [&](const std::string& n) { return makes[other.name].count(n) != 0; }))
        needs[d.name].insert(other.name);
  }
  std::vector<const conf::InterfaceDef*> order;
  std::set<std::string> placed;
  while (order.size() < defs.size()) {
    bool progress = false;
    for (const auto& d : defs) {
      if (placed.count(d.name)) continue;
      const auto& deps = needs[d.name];
      if (std::all_of(deps.begin(), deps.end(),
                      [&](const auto& n) { return placed.count(n) != 0; })) {
        order.push_back(&d);
        placed.insert(d.name);
        progress = true;
      }
    }
    if (!progress)
      for (const auto& d : defs)
        if (!placed.count(d.name)) {
          order.push_back(&d);
          placed.insert(d.name);
        }
  }
  return order;
}

}  // namespace

Result<BootReport> SystemDriver::boot() {
  std::lock_guard lock(mutex_);
  BootReport report;
  // The host is changed by boot alone until it ends: a CLI start or a daemon's rollback waits.
  auto changing = store_.lockHostChanges();
  if (!changing) return std::move(changing).error();
  auto pending = transactionExists(store_);
  if (!pending) return std::move(pending).error();
  if (*pending) {
    auto held = store_.lockExclusive();
    if (!held) return std::move(held).error();
    auto loaded = loadTransaction(store_);
    if (!loaded) return std::move(loaded).error();
    if (loaded->damage) {
      // Kept aside and reported; the onboot definitions still start, as they are now.
      report.damaged.emplace_back(
          store_.path() + "/.transaction",
          setDamagedTransactionAside(store_, *loaded->damage,
                                     "nothing was rolled back; the definitions stay as they are"));
    } else {
      if (Status st = restoreRecordedDefinitions(store_, *loaded->record, *held); !st)
        return std::move(st).error();
      if (Status st = endTransaction(store_, kNothingToRollback); !st) return std::move(st).error();
      report.rolledBackTransaction = true;
    }
  }
  if (native_) {
    // A hand-over that a crash cut short is completed before anything is started from it.
    auto held = store_.lockExclusive();
    if (!held) return std::move(held).error();
    if (Status st = native_->reconcile(store_, *held); !st) return std::move(st).error();
  }
  auto stored = store_.loadAll();
  if (!stored) return std::move(stored).error();
  // A file that holds no definition may be an onboot one that is damaged: never skipped quietly.
  for (const auto& problem : stored->problems)
    report.unreadable.emplace_back(store_.path() + "/" + problem.file,
                                   unreadableDefinition(store_, problem.file, problem.error));
  // A store edited by hand may give a link two owners: each case is reported, and the
  // definitions it concerns are started as definition_owners.h says, or not at all.
  OwnerConflicts conflicts = findOwnerConflicts(*stored, store_.path());
  report.conflicts = std::move(conflicts.reports);
  // A manager's file that took an interface of ifkit's back (a configuration tool rewrote it)
  // makes two owners from this boot on: said, not undone, as the file is somebody's decision.
  if (native_)
    if (auto live = host_->snapshot(); live)
      for (const std::string& message : native_->configuredTwice(*stored, linkNames(*live)))
        printWarning(message);
  std::vector<conf::InterfaceDef> onboot;
  for (auto& def : stored->definitions)
    if (def.startMode == conf::StartMode::Onboot && !conflicts.notStarted.count(def.name))
      onboot.push_back(std::move(def));
  // Each start is verified at the next look at the host, the one its successor is planned
  // against (whatever it builds on is checked first), or at the end: one read of the kernel a
  // definition, not two.
  std::vector<const conf::InterfaceDef*> order = dependencyOrder(onboot);
  // A manager that runs already and was told nothing yet (its files changed while it ran) lets
  // go before ifkit's starts, as in create.
  std::vector<native::HandOver> handOvers;
  if (native_) {
    std::vector<std::string> names;
    for (const conf::InterfaceDef* def : order) names.push_back(def->name);
    handOvers = native_->tellBeforeStart(names);
  }
  std::vector<Status> out(order.size());
  std::vector<bool> alreadyActive(order.size(), false);
  std::vector<Starting> applied;
  for (std::size_t i = 0; i < order.size(); ++i) {
    // A start killed on the way (the daemon's, without a reboot since) is undone first.
    if (Status st = finishKilledStartLocked(order[i]->name); !st) {
      out[i] = std::move(st);
      continue;
    }
    auto live = host_->snapshot();
    if (live && verifyLocked(applied, *live, out)) live = host_->snapshot();
    if (!live) {
      out[i] = std::move(live).error();
      continue;
    }
    auto change = planLocked(order[i]->name, true, *live);
    if (!change) {
      alreadyActive[i] = change.error().number == ErrorNumber::OperationInvalid &&
                         change.error().message.ends_with("interface is already running");
      out[i] = std::move(change).error();
      continue;
    }
    std::vector<Starting> group;
    group.push_back(
        Starting{i, std::make_unique<Change>(std::move(*change)), true, std::nullopt, nullptr});
    startTogether(group, out, applied);
  }
  verifyLocked(applied, out);
  if (native_) native_->tellAfterStart(handOvers);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (alreadyActive[i])
      report.alreadyActive.push_back(order[i]->name);
    else if (!out[i])
      report.failed.emplace_back(order[i]->name, out[i].error());
    else
      report.started.push_back(order[i]->name);
  }
  return report;
}

}  // namespace ifkit::driver
