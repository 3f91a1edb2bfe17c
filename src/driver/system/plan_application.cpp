// SPDX-License-Identifier: LGPL-2.1-or-later
// Applying a plan step by step, and undoing it on the first refusal.
#include "driver/system/plan_application.h"

#include <algorithm>

#include "driver/system/warning.h"
#include "host/host_error.h"

namespace ifkit::driver {

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

void dropIdleDhcpHandOvers(plan::Plan& plan, host::HostBackend& host) {
  std::erase_if(plan.dhcp, [&](const plan::DhcpRequest& d) {
    return !d.start && d.handOver && !host.dhcpRunning(d.name);
  });
}

Status PlanApplication::begin() {
  // ifkit has no DHCPv6 client: refused before anything changes. planStart refuses such a
  // definition already (conf::checkSupportedOnHost); this keeps any other plan from half-applying.
  for (const auto& dhcp : plan_.dhcp)
    if (dhcp.start && dhcp.family != host::IpFamily::V4)
      return makeError(
          ErrorNumber::ConfigUnsupported, ErrorDomain::Interface,
          "DHCPv6 is not supported by ifkit on this host (interface '" + dhcp.name + "')");
  // Stopping DHCP clients first: a stop plan removes the addresses they manage.
  for (const auto& dhcp : plan_.dhcp) {
    if (dhcp.start || dhcp.family != host::IpFamily::V4 || !host_.dhcpRunning(dhcp.name)) continue;
    Status st = dhcp.handOver ? host_.handOverDhcp(dhcp.name) : host_.stopDhcp(dhcp.name);
    if (!st) return undo(st);
    dhcpStopped_.push_back(dhcp.name);
  }
  return Status();
}

Status PlanApplication::stepApplied(const Status& applied) {
  if (!applied) return undo(applied);
  ++steps_;
  return Status();
}

Status PlanApplication::finish() {
  for (const auto& dhcp : plan_.dhcp) {
    if (!dhcp.start) continue;
    Status st = dhcp.identity ? host_.continueDhcpLease(dhcp.name, *dhcp.identity)
                              : host_.startDhcp(dhcp.name);
    if (!st) return undo(st);
    dhcpStarted_.push_back(dhcp.name);
  }
  return Status();
}

void PlanApplication::warn() const {
  for (const std::string& note : plan_.notes) printWarning(note);
}

// The clients it started are stopped, the applied steps undone last first, the clients it
// stopped started again. The first failure is the one reported; every undo the host refuses is
// added to it.
Status PlanApplication::undo(const Status& failure) {
  Error error = failure.error();
  for (const auto& name : dhcpStarted_)
    if (Status st = host_.stopDhcp(name); !st)
      noteUndoFailure(error, "start DHCP on '" + name + "'", st.error());
  for (const auto& op : plan::planUndo(plan_, steps_))
    if (Status st = host_.apply(op); !st) noteUndoFailure(error, host::describe(op), st.error());
  for (const auto& name : dhcpStopped_) {
    // With the identity it ran with, if it continued another client's lease.
    auto stopped = std::find_if(plan_.dhcp.begin(), plan_.dhcp.end(), [&](const auto& d) {
      return !d.start && d.name == name && d.identity;
    });
    Status st = stopped != plan_.dhcp.end() ? host_.continueDhcpLease(name, *stopped->identity)
                                            : host_.startDhcp(name);
    if (!st) noteUndoFailure(error, "stop DHCP on '" + name + "'", st.error());
  }
  return error;
}

}  // namespace ifkit::driver
