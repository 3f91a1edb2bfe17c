// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/host_op.cpp: the one-line description of each primitive operation.
#include "host/host_op.h"

namespace ifkit::host {
namespace {

std::string quoted(const std::string& name) { return "'" + name + "'"; }

std::string bridgeParamsText(const BridgeParams& p) {
  std::string s;
  if (p.stp) s += *p.stp ? " stp on" : " stp off";
  if (p.forwardDelayCs) s += " forward_delay " + std::to_string(*p.forwardDelayCs) + "cs";
  return s;
}

std::string bondParamsText(const BondParams& p) {
  std::string s;
  if (p.mode) s += " mode " + std::string(toString(*p.mode));
  if (p.miimon) s += " miimon " + std::to_string(*p.miimon);
  if (p.updelay) s += " updelay " + std::to_string(*p.updelay);
  if (p.downdelay) s += " downdelay " + std::to_string(*p.downdelay);
  if (p.useCarrier) s += " use_carrier " + std::to_string(*p.useCarrier);
  if (p.arpInterval) s += " arp_interval " + std::to_string(*p.arpInterval);
  if (p.arpTargets) {
    s += " arp_ip_target ";
    std::string list;
    for (const IpAddress& t : *p.arpTargets) {
      if (!list.empty()) list += ',';
      list += t.toString();
    }
    s += list.empty() ? "none" : list;
  }
  if (p.arpValidate) s += " arp_validate " + std::string(toString(*p.arpValidate));
  return s;
}

struct Describer {
  std::string operator()(const op::CreateBridge& o) const {
    return "create bridge " + quoted(o.name) + bridgeParamsText(o.params);
  }
  std::string operator()(const op::CreateBond& o) const {
    return "create bond " + quoted(o.name) + bondParamsText(o.params);
  }
  std::string operator()(const op::CreateVlan& o) const {
    return "create vlan " + quoted(o.name) + " id " + std::to_string(o.id) + " on " +
           quoted(o.parent);
  }
  std::string operator()(const op::DeleteLink& o) const { return "delete " + quoted(o.name); }
  std::string operator()(const op::SetMaster& o) const {
    if (o.master.empty()) return "release " + quoted(o.name) + " from its master";
    return "attach " + quoted(o.name) + " to " + quoted(o.master);
  }
  std::string operator()(const op::SetMtu& o) const {
    return "set MTU " + std::to_string(o.mtu) + " on " + quoted(o.name);
  }
  std::string operator()(const op::SetMac& o) const {
    return "set MAC " + o.mac.toString() + " on " + quoted(o.name);
  }
  std::string operator()(const op::SetUp& o) const {
    return std::string(o.up ? "bring up " : "bring down ") + quoted(o.name);
  }
  std::string operator()(const op::SetBridge& o) const {
    return "set bridge " + quoted(o.name) + bridgeParamsText(o.params);
  }
  std::string operator()(const op::SetBond& o) const {
    return "set bond " + quoted(o.name) + bondParamsText(o.params);
  }
  std::string operator()(const op::AddAddress& o) const {
    return "add address " + o.prefix.toString() + " to " + quoted(o.name) +
           (o.nodad ? " without DAD" : "");
  }
  std::string operator()(const op::RemoveAddress& o) const {
    return "remove address " + o.prefix.toString() + " from " + quoted(o.name);
  }
  std::string operator()(const op::AddDefaultRoute& o) const {
    return "add default route via " + o.gateway.toString() + " dev " + quoted(o.name) +
           (o.metric ? " metric " + std::to_string(*o.metric) : "");
  }
  std::string operator()(const op::RemoveDefaultRoute& o) const {
    return "remove default route via " + o.gateway.toString() + " dev " + quoted(o.name);
  }
  std::string operator()(const op::AddRoute& o) const {
    return "add route to " + o.destination.toString() +
           (o.gateway ? " via " + o.gateway->toString() : std::string()) + " dev " +
           quoted(o.name) + (o.metric ? " metric " + std::to_string(*o.metric) : "");
  }
  std::string operator()(const op::RemoveRoute& o) const {
    return "remove route to " + o.destination.toString() +
           (o.gateway ? " via " + o.gateway->toString() : std::string()) + " dev " +
           quoted(o.name) + (o.metric ? " metric " + std::to_string(*o.metric) : "");
  }
  std::string operator()(const op::SetIpv6Autoconf& o) const {
    return std::string(o.on ? "enable" : "disable") + " IPv6 autoconf on " + quoted(o.name);
  }
};

}  // namespace

std::string describe(const HostOp& op) { return std::visit(Describer{}, op); }

BridgeParams paramsOf(const BridgeInfo& bridge) { return {bridge.stp, bridge.forwardDelayCs}; }

BondParams paramsOf(const BondInfo& bond) {
  BondParams p;
  p.mode = bond.mode;
  p.miimon = bond.miimon;
  p.updelay = bond.updelay;
  p.downdelay = bond.downdelay;
  p.useCarrier = bond.useCarrier;
  p.arpInterval = bond.arpInterval;
  p.arpTargets = bond.arpTargets;
  p.arpValidate = bond.arpValidate;
  return p;
}

}  // namespace ifkit::host
