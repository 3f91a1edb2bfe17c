// SPDX-License-Identifier: LGPL-2.1-or-later
// PlanApplication: one plan (plan/plan.h) applied to the host step by step, remembering what it
// did, so that a refusal anywhere puts the host back as it was. applyLocked runs one through;
// a start of many interfaces runs several side by side, one step of each in turn.
//
//   PlanApplication run(host, plan);
//   Status st = run.begin();                        // DHCP clients the plan stops
//   while (st && run.stepsLeft()) st = run.nextStep();  // or: stepApplied(apply(nextOp()))
//   if (st) st = run.finish();                      // DHCP clients the plan starts
//   if (st && differs) st = run.revert(why);        // verified after: all undone
//
// Each call that fails has already undone everything the run did (its error says what could not
// be undone); the run is over then.
#pragma once

#include <string>
#include <vector>

#include "host/host_backend.h"
#include "ifkit/error.h"
#include "plan/plan.h"

namespace ifkit::driver {

class PlanApplication {
 public:
  // `plan` must outlive the run.
  PlanApplication(host::HostBackend& host, const plan::Plan& plan) : host_(host), plan_(plan) {}

  Status begin();
  bool stepsLeft() const { return steps_ < plan_.steps.size(); }
  Status nextStep() { return stepApplied(host_.apply(nextOp())); }
  // The operation of the next step, for a caller that applies several runs' steps in one batch
  // (HostBackend::applyBatch) and then tells each run how its step went.
  const host::HostOp& nextOp() const { return plan_.steps[steps_].op; }
  Status stepApplied(const Status& applied);
  Status finish();
  // After finish(): the whole run undone, as a refusal undoes it, for `why` (the kernel read
  // again differs from the definition: plan/verify_start.h); returns `why` with any failed undo.
  Status revert(const Error& why) { return undo(why); }
  // After a start that holds (verified): the plan's notes, as warnings on stderr, where
  // libvirt's own warnings go by default (the daemon's reach its journal).
  void warn() const;

 private:
  Status undo(const Status& failure);

  host::HostBackend& host_;
  const plan::Plan& plan_;
  std::size_t steps_ = 0;                 // plan_.steps[0, steps_) succeeded
  std::vector<std::string> dhcpStopped_;  // clients that ran and were stopped
  std::vector<std::string> dhcpStarted_;
};

// Drops from a start's plan the DHCP hand-overs (plan::DhcpRequest::handOver) of members where
// ifkit's client does not run, so that the plan, its dry-run text and its record say only what
// will happen: a stop must not start a client on a NIC that never had one.
void dropIdleDhcpHandOvers(plan::Plan& plan, host::HostBackend& host);

// Adds to `error` that undoing `what` failed too: the host is left changed, and the user must
// know it ("...; undo of delete 'br0' also failed: Device or resource busy").
void noteUndoFailure(Error& error, const std::string& what, const Error& undo);

}  // namespace ifkit::driver
