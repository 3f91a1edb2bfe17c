// The system driver's start and stop: planned (plan/plan.h), applied op by op, undone on
// refusal, each start recorded for its stop.
#include <algorithm>
#include <set>

#include "driver/check_flags.h"
#include "driver/system/system_driver.h"
#include "driver/system/system_driver_private.h"
#include "host/host_error.h"
#include "plan/relevant_state.h"
#include "plan/start_record.h"

namespace ifkit::driver {
namespace {

// What applyLocked has done so far, for its undo.
struct AppliedPart {
  std::size_t steps = 0;                 // plan.steps[0, steps) succeeded
  std::vector<std::string> dhcpStopped;  // clients that ran and were stopped
  std::vector<std::string> dhcpStarted;
};

// Adds to `error` that undoing `what` failed too: the host is left changed, and the user must
// know it ("...; undo of delete 'br0' also failed: Device or resource busy").
void noteUndoFailure(Error& error, const std::string& what, const Error& undo) {
  const std::string reason = undo.sysErrno != 0  ? host::errnoText(undo.sysErrno)
                             : undo.str2.empty() ? undo.message
                                                 : undo.str2;
  const std::string note = "; undo of " + what + " also failed: " + reason;
  if (error.str2.empty()) {
    error.message += note;
    return;
  }
  // The message is the error's template around its detail: rebuild it around the longer one.
  error.str2 += note;
  error.message = makeError(error.number, error.domain, error.str2).message;
}

// Puts the host back after `failure` stopped a plan part-way: the clients it started are
// stopped, the applied steps undone last first, the clients it stopped started again. The
// first failure is the one reported; every undo the host refuses is added to it.
Status undoApplied(host::HostBackend& host, const plan::Plan& plan, const AppliedPart& done,
                   const Status& failure) {
  Error error = failure.error();
  for (const auto& name : done.dhcpStarted)
    if (Status st = host.stopDhcp(name); !st)
      noteUndoFailure(error, "start DHCP on '" + name + "'", st.error());
  for (const auto& undo : plan::planUndo(plan, done.steps))
    if (Status st = host.apply(undo); !st) noteUndoFailure(error, host::describe(undo), st.error());
  for (const auto& name : done.dhcpStopped)
    if (Status st = host.startDhcp(name); !st)
      noteUndoFailure(error, "stop DHCP on '" + name + "'", st.error());
  return error;
}

}  // namespace

Result<SystemDriver::Change> SystemDriver::planLocked(const std::string& name, bool start) {
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  const host::Link* link = live->linkByName(name);
  if (link != nullptr && link->kind == host::LinkKind::Loopback) link = nullptr;  // not ours
  std::optional<conf::InterfaceDef> definition;
  if (auto file = store::definitionFileName(name)) {  // else no file can define it
    auto stored = store_.load(name);
    // A damaged NAME.xml: say so, rather than "no interface" or "no persistent definition".
    if (!stored) return unreadableDefinition(store_, *file, stored.error());
    definition = std::move(*stored);
  }
  if (link == nullptr && !definition) return noSuchName(name);
  const bool active = link != nullptr && link->up;
  // libvirt's netcf backend words these two checks so.
  if (start && active)
    return makeError(ErrorNumber::OperationInvalid, kDomain, "interface is already running");
  if (!start && !active)
    return makeError(ErrorNumber::OperationInvalid, kDomain, "interface is not running");
  if (start && !definition)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "interface '" + name + "' has no persistent definition");
  if (start) {
    auto plan = plan::planStart(*definition, plan::relevantState(*live, *definition));
    if (!plan) return std::move(plan).error();
    plan::StartRecord record = plan::recordStart(*definition, *plan);
    return Change{std::move(*plan), std::move(record)};
  }
  // What the start did, as it recorded it; else what the definition describes.
  auto record = records_->load(name);
  if (!record) return std::move(record).error();
  if (*record) {
    plan::Plan plan = plan::planStopRecorded(**record, *live);
    return Change{std::move(plan), std::move(*record)};
  }
  if (!definition) {
    // Nothing says what start made: only take the link down.
    plan::Plan down;
    down.steps.push_back({host::op::SetUp{name, false}, {host::op::SetUp{name, true}}});
    return Change{std::move(down), std::nullopt};
  }
  auto plan = plan::planStop(*definition, *live);
  if (!plan) return std::move(plan).error();
  return Change{std::move(*plan), std::nullopt};
}

Status SystemDriver::startLocked(const Change& change) {
  const plan::StartRecord& record = *change.record;
  auto previous = records_->load(record.name);
  if (!previous) return std::move(previous).error();
  // An interface that went down without ifkit's stop may be started again: the stop then undoes
  // this start, then what is left of the earlier one (an MTU it set, that this one found set).
  plan::StartRecord kept = *previous ? **previous : record;
  if (*previous) kept.append(record);
  // Written before the first operation: a start cut short (the process killed) leaves a record
  // of more than it did, and a stop undoes only the steps it finds in place.
  if (Status st = records_->save(kept); !st) return st;
  Status applied = applyLocked(change.plan);
  if (applied) return applied;
  Error error = std::move(applied).error();
  Status back = *previous ? records_->save(**previous) : records_->remove(record.name);
  if (!back) noteUndoFailure(error, "the record of the start", back.error());
  return error;
}

Status SystemDriver::stopLocked(const Change& change) {
  if (Status st = applyLocked(change.plan); !st) return st;
  if (!change.record) return Status();
  return records_->remove(change.record->name);
}

Status SystemDriver::applyLocked(const plan::Plan& plan) {
  // ifkit has no DHCPv6 client: refused before anything changes. planStart refuses such a
  // definition already (conf::checkSupportedOnHost); this keeps any other plan from half-applying.
  for (const auto& dhcp : plan.dhcp)
    if (dhcp.start && dhcp.family != host::IpFamily::V4)
      return makeError(
          ErrorNumber::ConfigUnsupported, kDomain,
          "DHCPv6 is not supported by ifkit on this host (interface '" + dhcp.name + "')");
  AppliedPart done;
  // Stopping DHCP clients first: a stop plan removes the addresses they manage.
  for (const auto& dhcp : plan.dhcp) {
    if (dhcp.start || dhcp.family != host::IpFamily::V4 || !host_->dhcpRunning(dhcp.name)) continue;
    if (Status st = host_->stopDhcp(dhcp.name); !st) return undoApplied(*host_, plan, done, st);
    done.dhcpStopped.push_back(dhcp.name);
  }
  for (; done.steps < plan.steps.size(); ++done.steps)
    if (Status st = host_->apply(plan.steps[done.steps].op); !st)
      return undoApplied(*host_, plan, done, st);
  for (const auto& dhcp : plan.dhcp) {
    if (!dhcp.start) continue;
    if (Status st = host_->startDhcp(dhcp.name); !st) return undoApplied(*host_, plan, done, st);
    done.dhcpStarted.push_back(dhcp.name);
  }
  return Status();
}

Status SystemDriver::create(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceCreate", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return st;
  // From planning to the last operation: another process's start, stop or rollback (which
  // hold it too) must not change the host in between.
  auto changing = store_.lockHostChanges();
  if (!changing) return std::move(changing).error();
  auto change = planLocked(iface.name, true);
  if (!change) return std::move(change).error();
  return startLocked(*change);
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

std::vector<Status> SystemDriver::createMany(const std::vector<InterfaceRef>& ifaces,
                                             unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceCreate", kDomain); !st)
    return std::vector<Status>(ifaces.size(), st);
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::vector<Status>(ifaces.size(), st);
  auto changing = store_.lockHostChanges();  // as in create, for the whole batch
  if (!changing) return std::vector<Status>(ifaces.size(), Status(changing.error()));
  auto live = host_->snapshot();
  if (!live) return std::vector<Status>(ifaces.size(), Status(live.error()));
  auto stored = store_.loadAll();
  if (!stored) return std::vector<Status>(ifaces.size(), Status(stored.error()));

  // One snapshot serves every definition that does not touch what an earlier one changed; one
  // that does (a name given twice, a bridge over a bond started just before) gets a fresh look.
  std::set<std::string> touched;
  std::vector<Status> out;
  for (const InterfaceRef& iface : ifaces) {
    const auto def = std::find_if(stored->definitions.begin(), stored->definitions.end(),
                                  [&](const auto& d) { return d.name == iface.name; });
    if (def != stored->definitions.end() && !touched.empty()) {
      host::LiveState part = plan::relevantState(*live, *def);
      std::set<std::string> involved = plan::namesIn(*def);
      for (const host::Link& l : part.links) involved.insert(l.name);
      const bool stale = std::any_of(involved.begin(), involved.end(),
                                     [&](const std::string& n) { return touched.count(n) != 0; });
      if (stale) {
        auto fresh = host_->snapshot();
        if (!fresh) {
          out.push_back(fresh.error());
          continue;
        }
        live = std::move(fresh);
        touched.clear();
      }
    }
    const host::Link* link = live->linkByName(iface.name);
    const auto problem =
        std::find_if(stored->problems.begin(), stored->problems.end(),
                     [&](const store::LoadProblem& p) { return p.file == iface.name + ".xml"; });
    if (def == stored->definitions.end() && problem != stored->problems.end()) {
      out.push_back(unreadableDefinition(store_, problem->file, problem->error));
      continue;
    }
    if (def == stored->definitions.end()) {
      out.push_back(link ? makeError(ErrorNumber::OperationInvalid, kDomain,
                                     "interface '" + iface.name + "' has no persistent definition")
                         : noSuchName(iface.name));
      continue;
    }
    if (link != nullptr && link->up) {
      out.push_back(
          makeError(ErrorNumber::OperationInvalid, kDomain, "interface is already running"));
      continue;
    }
    // Only what this definition touches: planning costs the same whatever the host's size.
    auto plan = plan::planStart(*def, plan::relevantState(*live, *def));
    if (!plan) {
      out.push_back(std::move(plan).error());
      continue;
    }
    plan::StartRecord record = plan::recordStart(*def, *plan);
    Status st = startLocked(Change{*plan, std::move(record)});
    for (const auto& step : plan->steps)
      touched.insert(std::visit([](const auto& op) { return op.name; }, step.op));
    touched.insert(def->name);
    out.push_back(std::move(st));
  }
  return out;
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
