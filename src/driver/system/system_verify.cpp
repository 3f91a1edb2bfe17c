// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver's verify after apply: starts checked against the kernel read again, and
// undone where it differs from their definition (plan/verify_start.h).
#include <set>

#include "driver/system/system_driver.h"
#include "driver/system/system_driver_private.h"
#include "host/live_index.h"
#include "plan/verify_start.h"

namespace ifkit::driver {

namespace {

// The links of `def` where ifkit's DHCP client runs, of those it could run on (the top level).
std::set<std::string> dhcpClientsOf(host::HostBackend& host, const conf::InterfaceDef& def) {
  std::set<std::string> running;
  for (const conf::ProtocolDef& p : def.protocols)
    if (p.dhcp && host.dhcpRunning(def.name)) running.insert(def.name);
  return running;
}

}  // namespace

bool SystemDriver::verifyLocked(std::vector<Starting>& applied, const host::LiveState& live,
                                std::vector<Status>& out) {
  const host::LiveIndex index = host::LiveIndex::borrowing(live);
  bool undid = false;
  for (Starting& s : applied) {
    const conf::InterfaceDef& def = *s.change->definition;
    const auto differences = plan::verifyStart(def, index, dhcpClientsOf(*host_, def));
    if (differences.empty()) {
      s.run->warn();  // it holds: what it did beyond the definition is said now, not before
      continue;
    }
    Status back = s.run->revert(plan::verifyError(def.name, differences));
    out[s.index] = unrecordStartLocked(*s.change->record, s.previous, std::move(back).error());
    undid = true;
  }
  applied.clear();
  return undid;
}

void SystemDriver::verifyLocked(std::vector<Starting>& applied, std::vector<Status>& out) {
  if (applied.empty()) return;
  auto live = host_->snapshot();
  if (live) {
    verifyLocked(applied, *live, out);
    return;
  }
  // Unverified is not started: what cannot be checked is undone, as nmstate rolls back.
  const Error& read = live.error();
  for (Starting& s : applied) {
    const std::string detail =
        "cannot start '" + s.change->record->name +
        "': cannot read the host after applying: " + (read.str2.empty() ? read.message : read.str2);
    Error why = makeError(ErrorNumber::OperationFailed, kDomain, detail);
    why.sysErrno = read.sysErrno;
    Status back = s.run->revert(why);
    out[s.index] = unrecordStartLocked(*s.change->record, s.previous, std::move(back).error());
  }
  applied.clear();
}

}  // namespace ifkit::driver
