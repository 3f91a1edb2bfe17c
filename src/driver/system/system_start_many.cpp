// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver's start of many interfaces in one call (iface-start br0 br1 ...): the host
// read once, the definitions planned against it, and the plans applied side by side.
//
// Side by side, not one after the other: the first step of every plan (create the bridge), then
// the second of every plan (bring it up), and so on, as an `ip -batch` script is written; each
// round is one batch of requests (a few sendmsg calls for a thousand bridges, not a thousand). The
// kernel does the same work either way, but each link that comes up sets off work of its own
// (IPv6 on it, link watch) that then competes with the next creations for the rtnl lock: with
// 1000 bridges, one at a time took a fifth longer, in ip's hands as in ifkit's. Each plan still
// starts whole or not at all: one the kernel refuses is undone alone, and the others go on. The
// host is read once more at the end, and each start verified against it (verifyLocked): 1000
// bridges, two dumps.
#include <algorithm>
#include <memory>
#include <set>

#include "conf/host_checks.h"
#include "driver/check_flags.h"
#include "driver/system/dhcp_identities.h"
#include "driver/system/plan_application.h"
#include "driver/system/system_driver.h"
#include "driver/system/system_driver_private.h"
#include "plan/relevant_state.h"
#include "plan/start_record.h"

namespace ifkit::driver {

namespace {

// A plan that changes what no name holds (the default route of a family) or waits on a DHCP
// server is applied on its own: two side by side could meet in what they change.
bool mustRunAlone(const plan::Plan& plan) {
  if (!plan.dhcp.empty()) return true;
  return std::any_of(plan.steps.begin(), plan.steps.end(), [](const plan::Step& step) {
    return std::holds_alternative<host::op::AddDefaultRoute>(step.op) ||
           std::holds_alternative<host::op::RemoveDefaultRoute>(step.op);
  });
}

}  // namespace

void SystemDriver::startTogether(std::vector<Starting>& group, std::vector<Status>& out,
                                 std::vector<Starting>& applied) {
  auto fail = [&](Starting& s, Status st) {
    out[s.index] = dropUnfinishedStartLocked(s.change->record->name, std::move(st).error());
    s.run.reset();
  };
  for (Starting& s : group) {
    // Kept before its client runs: a boot after a crash here presents the same identity.
    if (Status st = keepDhcpIdentities(store_, s.change->plan); !st) {
      out[s.index] = std::move(st);
      continue;
    }
    auto previous = recordStartLocked(*s.change->record, s.mayHaveRecord);
    if (!previous) {
      out[s.index] = std::move(previous).error();
      continue;
    }
    s.previous = std::move(*previous);
    s.run = std::make_unique<PlanApplication>(*host_, s.change->plan);
    if (Status st = s.run->begin(); !st) fail(s, std::move(st));
  }
  // One batch per step: the kernel gets the next operation of every start in one message (the
  // plans touch no name in common, so their operations cannot meet), and answers each.
  std::vector<Starting*> stepping;
  std::vector<host::HostOp> ops;
  for (;;) {
    stepping.clear();
    ops.clear();
    for (Starting& s : group) {
      if (!s.run || !s.run->stepsLeft()) continue;
      stepping.push_back(&s);
      ops.push_back(s.run->nextOp());
    }
    if (stepping.empty()) break;
    const std::vector<Status> results = host_->applyBatch(ops);
    for (std::size_t i = 0; i < stepping.size(); ++i)
      if (Status st = stepping[i]->run->stepApplied(results[i]); !st)
        fail(*stepping[i], std::move(st));
  }
  for (Starting& s : group) {
    if (!s.run) continue;
    if (Status st = s.run->finish(); !st) {
      fail(s, std::move(st));
      continue;
    }
    // Every operation applied: the record says so (a verify that fails puts back the previous).
    if (Status st = records_->finish(s.change->record->name); !st) {
      Status back = s.run->revert(st.error());
      fail(s, std::move(back));
      continue;
    }
    out[s.index] = Status();
    applied.push_back(std::move(s));
  }
  group.clear();
}

std::vector<Status> SystemDriver::createMany(const std::vector<InterfaceRef>& ifaces,
                                             unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceCreate", kDomain); !st)
    return std::vector<Status>(ifaces.size(), st);
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::vector<Status>(ifaces.size(), st);
  auto changing = store_.lockHostChanges();  // as in create, for the whole batch
  if (!changing) return std::vector<Status>(ifaces.size(), Status(changing.error()));
  // One look at the records: only a name that has one may have a start killed on the way, or an
  // earlier start's record to keep. Those killed are undone first, before the one look at the host.
  auto recorded = records_->names();
  if (!recorded) return std::vector<Status>(ifaces.size(), Status(recorded.error()));
  std::vector<Status> killed(ifaces.size());
  for (std::size_t i = 0; i < ifaces.size(); ++i)
    if (conf::isKernelInterfaceName(ifaces[i].name) && recorded->count(ifaces[i].name) != 0)
      killed[i] = finishKilledStartLocked(ifaces[i].name);
  auto live = host_->snapshot();
  if (!live) return std::vector<Status>(ifaces.size(), Status(live.error()));
  auto stored = store_.loadAll();
  if (!stored) return std::vector<Status>(ifaces.size(), Status(stored.error()));
  // As in create: the managers that ifkit took links over from are told around the starts.
  std::vector<native::HandOver> handOvers;
  if (native_) {
    std::vector<std::string> names;
    for (const InterfaceRef& iface : ifaces) names.push_back(iface.name);
    handOvers = native_->tellBeforeStart(names);
  }

  // One snapshot serves every definition that does not touch what an earlier one changes; one
  // that does (a name given twice, a bridge over a bond started just before) waits for the
  // plans before it to be applied, and is planned against a fresh look.
  std::vector<Status> out(ifaces.size());
  std::vector<Starting> group;
  std::vector<Starting> applied;  // waiting to be verified
  std::set<std::string> touched;
  for (std::size_t i = 0; i < ifaces.size(); ++i) {
    const std::string& name = ifaces[i].name;
    if (!killed[i]) {
      out[i] = killed[i];
      continue;
    }
    const conf::InterfaceDef* def = stored->definitionNamed(name);
    // Only what this definition touches: planning costs the same whatever the host's size.
    std::optional<host::LiveState> relevant;
    if (def != nullptr) relevant = plan::relevantState(*live, *def);
    if (def != nullptr && !touched.empty()) {
      std::set<std::string> involved = plan::namesIn(*def);
      for (const host::Link& l : relevant->links) involved.insert(l.name);
      const bool stale = std::any_of(involved.begin(), involved.end(),
                                     [&](const std::string& n) { return touched.count(n) != 0; });
      if (stale) {
        startTogether(group, out, applied);
        auto fresh = host_->snapshot();
        // The look this definition is planned against verifies the starts it may build on.
        if (fresh && verifyLocked(applied, *fresh, out)) fresh = host_->snapshot();
        if (!fresh) {
          verifyLocked(applied, out);
          out[i] = fresh.error();
          continue;
        }
        live = std::move(fresh);
        touched.clear();
        relevant = plan::relevantState(*live, *def);
      }
    }
    const host::Link* link = live->linkByName(name);
    const auto problem =
        std::find_if(stored->problems.begin(), stored->problems.end(),
                     [&](const store::LoadProblem& p) { return p.file == name + ".xml"; });
    if (def == nullptr && problem != stored->problems.end()) {
      out[i] = unreadableDefinition(store_, problem->file, problem->error);
      continue;
    }
    if (def == nullptr) {
      out[i] = noDefinitionToStart(name, link != nullptr);
      continue;
    }
    if (link != nullptr && link->up) {
      out[i] = makeError(ErrorNumber::OperationInvalid, kDomain, "interface is already running");
      continue;
    }
    auto plan = plan::planStart(*def, *relevant);
    if (!plan) {
      out[i] = std::move(plan).error();
      continue;
    }
    dropIdleDhcpHandOvers(*plan, *host_);
    for (const auto& step : plan->steps)
      touched.insert(std::visit([](const auto& op) { return op.name; }, step.op));
    touched.insert(def->name);
    const bool alone = mustRunAlone(*plan);
    if (alone) startTogether(group, out, applied);
    plan::StartRecord record = plan::recordStart(*def, *plan);
    group.push_back(
        Starting{i, std::make_unique<Change>(Change{std::move(*plan), std::move(record), *def}),
                 recorded->count(name) != 0, std::nullopt, nullptr});
    if (alone) startTogether(group, out, applied);
  }
  startTogether(group, out, applied);
  verifyLocked(applied, out);  // one more look at the host for the whole batch
  if (native_) native_->tellAfterStart(handOvers);
  return out;
}

}  // namespace ifkit::driver
