// SPDX-License-Identifier: LGPL-2.1-or-later
// Which links run ifkit's DHCP client at a transaction's begin, and putting that back at rollback.
#include <algorithm>

#include "driver/system/dhcp_identities.h"
#include "driver/system/system_driver_private.h"

namespace ifkit::driver {
namespace {

bool recorded(const plan::RestorePoint& begin, const std::string& name) {
  return std::find(begin.dhcpClients->begin(), begin.dhcpClients->end(), name) !=
         begin.dhcpClients->end();
}

}  // namespace

std::vector<std::string> runningDhcpClients(host::HostBackend& host, const host::LiveState& live) {
  std::vector<std::string> out;
  for (const host::Link& link : live.links)
    if (link.kind != host::LinkKind::Loopback && host.dhcpRunning(link.name))
      out.push_back(link.name);
  return out;
}

Status stopDhcpClientsStartedSince(host::HostBackend& host, const plan::RestorePoint& begin) {
  if (!begin.dhcpClients) return Status();  // not recorded: leave them as they are
  auto live = host.snapshot();
  if (!live) return std::move(live).error();
  for (const std::string& name : runningDhcpClients(host, *live))
    if (!recorded(begin, name))
      if (Status st = host.stopDhcp(name); !st) return st;
  return Status();
}

Status startDhcpClientsStoppedSince(host::HostBackend& host, const plan::RestorePoint& begin,
                                    const store::DefinitionStore& store) {
  if (!begin.dhcpClients) return Status();
  auto live = host.snapshot();
  if (!live) return std::move(live).error();
  for (const std::string& name : *begin.dhcpClients) {
    if (live->linkByName(name) == nullptr || host.dhcpRunning(name)) continue;
    // As the start did: with the identity of the lease it continued (dhcp_identities.h).
    auto identity = keptDhcpIdentity(store, name);
    Status st = identity ? host.continueDhcpLease(name, *identity) : host.startDhcp(name);
    if (!st) return st;
  }
  return Status();
}

}  // namespace ifkit::driver
