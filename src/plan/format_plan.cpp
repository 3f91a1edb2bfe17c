// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/format_plan.cpp: the dry-run text of a plan.
#include "plan/plan.h"

namespace ifkit::plan {

std::string formatOps(const std::vector<host::HostOp>& ops) {
  std::string out;
  for (const host::HostOp& op : ops) out += host::describe(op) + "\n";
  return out;
}

std::string formatPlan(const Plan& plan) {
  std::string out = formatOps(plan.ops());
  for (const DhcpRequest& d : plan.dhcp) {
    out += std::string("# ") + (d.start ? "start" : "stop") + " DHCP (" +
           (d.family == host::IpFamily::V4 ? "ipv4" : "ipv6") + ") on '" + d.name + "'";
    if (d.start && d.peerDns) out += *d.peerDns ? " peerdns yes" : " peerdns no";
    if (!d.start && d.handOver) out += " keeping its lease";
    if (d.start && d.identity) {
      // The lease it continues (dhcp_identity.h).
      const std::string& id = d.identity->clientId;
      out.append(" as client-id ").append(id.empty() ? "none" : id);
      if (!d.identity->address.empty()) out.append(" asking for ").append(d.identity->address);
    }
    out += ": no host operation yet\n";
  }
  for (const std::string& note : plan.notes) out += "# note: " + note + "\n";
  return out;
}

}  // namespace ifkit::plan
