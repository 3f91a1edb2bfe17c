// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/start_record.cpp: a start's record made from its plan, and its text form.
#include "plan/start_record.h"

#include <algorithm>
#include <sstream>  // reading a record

#include "host/host_op_text.h"
#include "plan/definition_tree.h"
#include "util/text_builder.h"

namespace ifkit::plan {
namespace {

Error malformed(const std::string& line) {
  return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                   "malformed start record line: " + line);
}

void addOnce(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

StartRecord recordStart(const conf::InterfaceDef& def, const Plan& plan) {
  StartRecord record;
  record.name = def.name;
  record.steps = plan.steps;
  for (const DhcpRequest& dhcp : plan.dhcp)
    if (dhcp.start) addOnce(record.dhcpClients, dhcp.name);
    else if (dhcp.handOver) addOnce(record.dhcpHandedOver, dhcp.name);
  // planStart refuses a definition that does not flatten, so a started one always does.
  if (auto tree = flattenTree(def))
    for (const Node& n : *tree) {
      if (n.role != Role::Top) record.members.push_back({n.def->name, n.master});
      if (n.def->isEthernet()) addOnce(record.nics, n.def->name);
    }
  return record;
}

void StartRecord::append(const StartRecord& later) {
  steps.insert(steps.end(), later.steps.begin(), later.steps.end());
  for (const std::string& link : later.dhcpClients) addOnce(dhcpClients, link);
  for (const std::string& link : later.dhcpHandedOver) addOnce(dhcpHandedOver, link);
  for (const Membership& m : later.members)
    if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
  for (const std::string& link : later.nics) addOnce(nics, link);
}

std::string StartRecord::serialize() const {
  TextBuilder out;
  out << "interface " << name << '\n';
  for (const Step& step : steps) {
    out << "step " << host::opText(step.op) << '\n';
    for (const host::HostOp& undo : step.undo) out << "undo " << host::opText(undo) << '\n';
  }
  for (const std::string& link : dhcpClients) out << "dhcp " << link << '\n';
  for (const std::string& link : dhcpHandedOver) out << "dhcp-from " << link << '\n';
  for (const Membership& m : members) out << "member " << m.name << ' ' << m.master << '\n';
  for (const std::string& link : nics) out << "nic " << link << '\n';
  return std::move(out).str();
}

Result<StartRecord> StartRecord::parse(const std::string& text) {
  StartRecord record;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto space = line.find(' ');
    if (space == std::string::npos || space + 1 == line.size()) return malformed(line);
    const std::string what = line.substr(0, space);
    const std::string rest = line.substr(space + 1);
    if (what == "interface") {
      if (!record.name.empty()) return malformed(line);
      record.name = rest;
    } else if (what == "step" || what == "undo") {
      auto op = host::parseOpText(rest);
      if (!op) return malformed(line);
      if (what == "step") {
        record.steps.push_back(Step{std::move(*op), {}});
      } else {
        if (record.steps.empty()) return malformed(line);  // an undo of no step
        record.steps.back().undo.push_back(std::move(*op));
      }
    } else if (what == "dhcp") {
      record.dhcpClients.push_back(rest);
    } else if (what == "dhcp-from") {
      record.dhcpHandedOver.push_back(rest);
    } else if (what == "member") {
      const auto space2 = rest.find(' ');
      if (space2 == std::string::npos || space2 == 0 || space2 + 1 == rest.size())
        return malformed(line);
      record.members.push_back({rest.substr(0, space2), rest.substr(space2 + 1)});
    } else if (what == "nic") {
      record.nics.push_back(rest);
    } else {
      return malformed(line);
    }
  }
  if (record.name.empty())
    return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                     "malformed start record: no interface line");
  return record;
}

}  // namespace ifkit::plan
