// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver's start and stop: planned (plan/plan.h), applied op by op, undone on
// refusal (or, for a start, when the kernel read again differs), each start recorded for its stop.
#include "driver/check_flags.h"
#include "driver/system/dhcp_identities.h"
#include "driver/system/plan_application.h"
#include "driver/system/system_driver.h"
#include "driver/system/system_driver_private.h"
#include "driver/system/warning.h"
#include "plan/relevant_state.h"
#include "plan/start_record.h"

namespace ifkit::driver {

Result<SystemDriver::Change> SystemDriver::planLocked(const std::string& name, bool start) {
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  return planLocked(name, start, *live);
}

Result<SystemDriver::Change> SystemDriver::planLocked(const std::string& name, bool start,
                                                      const host::LiveState& live) {
  const host::Link* link = live.linkByName(name);
  if (link != nullptr && link->kind == host::LinkKind::Loopback) link = nullptr;  // not ours
  std::optional<conf::InterfaceDef> definition;
  if (auto file = store::definitionFileName(name)) {  // else no file can define it
    auto stored = store_.load(name);
    // A damaged NAME.xml: say so, rather than "no interface" or "no persistent definition".
    if (!stored) return unreadableDefinition(store_, *file, stored.error());
    definition = std::move(*stored);
  }
  // A stop goes by the start's record if there is one; one left unfinished is a start killed on
  // the way, which may have made devices and enslaved NICs with the link still down: a stop
  // undoes what it says, running or not.
  std::optional<LoadedRecord> record;
  if (!start) {
    auto loaded = records_->load(name);
    if (!loaded) return std::move(loaded).error();
    record = std::move(*loaded);
  }
  const bool killedStart = record && record->state == RecordState::Unfinished;
  if (link == nullptr && !definition && !killedStart)
    return start ? noDefinitionToStart(name, false) : noSuchName(name);
  const bool active = link != nullptr && link->up;
  // libvirt's netcf backend words these two checks so.
  if (start && active)
    return makeError(ErrorNumber::OperationInvalid, kDomain, "interface is already running");
  if (!start && !active && !killedStart)
    return makeError(ErrorNumber::OperationInvalid, kDomain, "interface is not running");
  if (start && !definition) return noDefinitionToStart(name, true);
  if (start) {
    auto plan = plan::planStart(*definition, plan::relevantState(live, *definition));
    if (!plan) return std::move(plan).error();
    dropIdleDhcpHandOvers(*plan, *host_);
    // Before the managers are told (after the start): their lease files are read here.
    attachDhcpIdentities(*plan, live, store_, native_ ? &native_->root() : nullptr);
    plan::StartRecord started = plan::recordStart(*definition, *plan);
    return Change{std::move(*plan), std::move(started), std::move(definition)};
  }
  // What the start did, as it recorded it; else what the definition describes.
  if (record) {
    plan::Plan plan = plan::planStopRecorded(record->record, live);
    attachDhcpIdentities(plan, live, store_, nullptr);  // a lease handed back goes on as it was
    return Change{std::move(plan), std::move(record->record), std::nullopt};
  }
  if (!definition) {
    // Nothing says what start made: only take the link down.
    plan::Plan down;
    down.steps.push_back({host::op::SetUp{name, false}, {host::op::SetUp{name, true}}});
    return Change{std::move(down), std::nullopt, std::nullopt};
  }
  auto plan = plan::planStop(*definition, live);
  if (!plan) return std::move(plan).error();
  return Change{std::move(*plan), std::nullopt, std::nullopt};
}

Status SystemDriver::finishKilledStartLocked(const std::string& name) {
  auto loaded = records_->load(name);
  if (!loaded) return std::move(loaded).error();
  if (!*loaded || (*loaded)->state == RecordState::Finished) return Status();
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  // Up: the killed start got as far as its last step; the start now is refused as running, and
  // a stop undoes it by its record.
  if (const host::Link* link = live->linkByName(name); link != nullptr && link->up) return Status();
  // Undone, not added to: the start now begins from the host as it was before the killed one.
  if (Status st = applyLocked(plan::planStopRecorded((*loaded)->record, *live)); !st) {
    Error e = st.error();
    const std::string detail = "cannot undo the start of '" + name +
                               "' that was cut short: " + (e.str2.empty() ? e.message : e.str2);
    Error out = makeError(ErrorNumber::OperationFailed, kDomain, detail);
    out.sysErrno = e.sysErrno;
    return out;
  }
  return records_->remove(name);
}

Result<std::optional<plan::StartRecord>> SystemDriver::recordStartLocked(
    const plan::StartRecord& record, bool mayHaveRecord) {
  // A killed start's record is undone before (finishKilledStartLocked), never added to.
  std::optional<plan::StartRecord> previous;
  if (mayHaveRecord) {
    auto loaded = records_->load(record.name);
    if (!loaded) return std::move(loaded).error();
    if (*loaded && (*loaded)->state == RecordState::Finished)
      previous = std::move((*loaded)->record);
  }
  // Written before the first operation, unfinished: a start cut short (the process killed) leaves
  // a record of more than it did, and a stop undoes only the steps it finds in place.
  if (Status st = records_->saveUnfinished(keptRecord(record, previous)); !st) return st.error();
  return previous;
}

plan::StartRecord SystemDriver::keptRecord(const plan::StartRecord& record,
                                           const std::optional<plan::StartRecord>& previous) {
  // An interface that went down without ifkit's stop may be started again: the stop then undoes
  // this start, then what is left of the earlier one (an MTU it set, that this one found set).
  if (!previous) return record;
  plan::StartRecord kept = *previous;
  kept.append(record);
  return kept;
}

Error SystemDriver::dropUnfinishedStartLocked(const std::string& name, Error error) {
  if (Status dropped = records_->dropUnfinished(name); !dropped)
    noteUndoFailure(error, "the record of the start", dropped.error());
  return error;
}

Error SystemDriver::unrecordStartLocked(const plan::StartRecord& record,
                                        const std::optional<plan::StartRecord>& previous,
                                        Error error) {
  Status back = previous ? records_->save(*previous) : records_->remove(record.name);
  if (!back) noteUndoFailure(error, "the record of the start", back.error());
  return error;
}

Status SystemDriver::startLocked(Change change) {
  std::vector<Starting> group;
  group.push_back(
      Starting{0, std::make_unique<Change>(std::move(change)), true, std::nullopt, nullptr});
  std::vector<Status> out(1);
  std::vector<Starting> applied;
  startTogether(group, out, applied);  // a group of one: applied step by step
  verifyLocked(applied, out);
  return out[0];
}

Status SystemDriver::stopLocked(const Change& change) {
  if (Status st = keepDhcpIdentities(store_, change.plan); !st) return st;
  if (Status st = applyLocked(change.plan); !st) return st;
  if (!change.record) return Status();
  return records_->remove(change.record->name);
}

Status SystemDriver::applyLocked(const plan::Plan& plan) {
  PlanApplication run(*host_, plan);
  Status st = run.begin();
  while (st && run.stepsLeft()) st = run.nextStep();
  return st ? run.finish() : st;
}

Status SystemDriver::create(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceCreate", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return st;
  // From planning to the last operation: another process's start, stop or rollback (which
  // hold it too) must not change the host in between.
  auto changing = store_.lockHostChanges();
  if (!changing) return std::move(changing).error();
  if (Status st = finishKilledStartLocked(iface.name); !st) return st;
  auto change = planLocked(iface.name, true);
  if (!change) return std::move(change).error();
  // A manager that ifkit took the links over from is told around the start: NetworkManager to
  // let go before the links change, networkd after (networkd_reload.h says why).
  const std::vector<native::HandOver> handOvers =
      native_ ? native_->tellBeforeStart({iface.name}) : std::vector<native::HandOver>{};
  if (Status st = startLocked(std::move(*change)); !st) return st;
  if (native_) native_->tellAfterStart(handOvers);
  return Status();
}

Status SystemDriver::destroy(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceDestroy", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return st;
  auto changing = store_.lockHostChanges();  // as in create
  if (!changing) return std::move(changing).error();
  auto change = planLocked(iface.name, false);
  if (!change) return std::move(change).error();
  return stopLocked(*change);
}

Result<std::string> SystemDriver::planCreate(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  auto change = planLocked(iface.name, true);  // a plan only: no lock, nothing changes
  if (!change) return std::move(change).error();
  return plan::formatPlan(change->plan);
}

Result<std::string> SystemDriver::planDestroy(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  auto change = planLocked(iface.name, false);  // as in planCreate: the record's plan if any
  if (!change) return std::move(change).error();
  return plan::formatPlan(change->plan);
}

}  // namespace ifkit::driver
