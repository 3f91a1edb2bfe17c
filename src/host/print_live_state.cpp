// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/print_live_state.cpp: LiveState as text, one line per object, for debugging and tests.
#include <string>
#include <string_view>

#include "host/live_state.h"

namespace ifkit::host {
namespace {

std::string joinTargets(const std::vector<IpAddress>& targets) {
  std::string out;
  for (const IpAddress& t : targets) {
    if (!out.empty()) out += ',';
    out += t.toString();
  }
  return out.empty() ? "-" : out;
}

struct DetailPrinter {
  std::string operator()(std::monostate) const { return {}; }
  std::string operator()(const BridgeInfo& b) const {
    return " stp=" + std::string(b.stp ? "on" : "off") +
           " forward_delay_cs=" + std::to_string(b.forwardDelayCs);
  }
  std::string operator()(const Box<BondInfo>& boxed) const {
    const BondInfo& b = *boxed;
    // Appended piece by piece: GCC 12 misreads `"literal" + std::string` chains as overlapping
    // copies (-Wrestrict) when optimising.
    std::string text;
    const auto field = [&text](std::string_view name, std::string_view value) {
      text.append(" ").append(name).append("=").append(value);
    };
    field("mode", toString(b.mode));
    field("miimon", std::to_string(b.miimon));
    field("updelay", std::to_string(b.updelay));
    field("downdelay", std::to_string(b.downdelay));
    field("use_carrier", std::to_string(b.useCarrier));
    field("arp_interval", std::to_string(b.arpInterval));
    field("arp_targets", joinTargets(b.arpTargets));
    field("arp_validate", toString(b.arpValidate));
    return text;
  }
  std::string operator()(const VlanInfo& v) const {
    return " vlan_id=" + std::to_string(v.id) + " parent=" + std::to_string(v.parentIndex);
  }
};

}  // namespace

std::string_view toString(LinkKind kind) {
  switch (kind) {
    case LinkKind::Ethernet:
      return "ethernet";
    case LinkKind::Loopback:
      return "loopback";
    case LinkKind::Bridge:
      return "bridge";
    case LinkKind::Bond:
      return "bond";
    case LinkKind::Vlan:
      return "vlan";
    case LinkKind::Veth:
      return "veth";
    case LinkKind::Other:
      return "other";
  }
  return "?";
}

std::string_view toString(OperState state) {
  switch (state) {
    case OperState::Unknown:
      return "unknown";
    case OperState::NotPresent:
      return "notpresent";
    case OperState::Down:
      return "down";
    case OperState::LowerLayerDown:
      return "lowerlayerdown";
    case OperState::Testing:
      return "testing";
    case OperState::Dormant:
      return "dormant";
    case OperState::Up:
      return "up";
  }
  return "?";
}

std::string_view toString(BondMode mode) {
  switch (mode) {
    case BondMode::BalanceRr:
      return "balance-rr";
    case BondMode::ActiveBackup:
      return "active-backup";
    case BondMode::BalanceXor:
      return "balance-xor";
    case BondMode::Broadcast:
      return "broadcast";
    case BondMode::Ieee8023ad:
      return "802.3ad";
    case BondMode::BalanceTlb:
      return "balance-tlb";
    case BondMode::BalanceAlb:
      return "balance-alb";
  }
  return "?";
}

std::string_view toString(ArpValidate value) {
  switch (value) {
    case ArpValidate::None:
      return "none";
    case ArpValidate::Active:
      return "active";
    case ArpValidate::Backup:
      return "backup";
    case ArpValidate::All:
      return "all";
    case ArpValidate::Filter:
      return "filter";
    case ArpValidate::FilterActive:
      return "filter_active";
    case ArpValidate::FilterBackup:
      return "filter_backup";
  }
  return "?";
}

std::string toString(const Link& l) {
  std::string s =
      "link " + std::to_string(l.index) + " " + l.name + " kind=" + std::string(toString(l.kind));
  if (!l.kindName.empty()) s += "(" + l.kindName + ")";
  s += " mac=" + (l.mac ? l.mac->toString() : std::string("-"));
  s += " mtu=" + std::to_string(l.mtu) + (l.up ? " up" : " down");
  s += " oper=" + std::string(toString(l.operState)) + " carrier=" + std::to_string(l.carrier);
  s += " speed=" + (l.speedMbps ? std::to_string(*l.speedMbps) : std::string("-"));
  if (l.masterIndex) s += " master=" + std::to_string(l.masterIndex);
  if (l.linkIndex) s += " link=" + std::to_string(l.linkIndex) + (l.linkInOtherNetns ? "@ns" : "");
  s += std::visit(DetailPrinter{}, l.details);
  if (l.ipv6) {
    s += " ipv6(accept_ra=" + std::to_string(l.ipv6->acceptRa) +
         " autoconf=" + std::to_string(l.ipv6->autoconf) +
         " disabled=" + std::to_string(l.ipv6->disabled) +
         " forwarding=" + std::to_string(l.ipv6->forwarding) + ")";
  }
  return s;
}

std::string toString(const Address& a) {
  return "addr " + std::to_string(a.index) + " " + a.prefix.toString() +
         " scope=" + std::to_string(a.scope) + (a.permanent() ? " permanent" : " dynamic");
}

std::string toString(const Route& r) {
  return std::string("default ") + (r.family == IpFamily::V4 ? "inet" : "inet6") + " via " +
         (r.gateway ? r.gateway->toString() : std::string("-")) + " dev " +
         std::to_string(r.oifIndex) + " metric " + std::to_string(r.metric) + " proto " +
         std::to_string(r.protocol);
}

std::string toString(const StaticRoute& r) {
  return "route " + r.destination.toString() + " via " +
         (r.gateway ? r.gateway->toString() : std::string("-")) + " dev " +
         std::to_string(r.oifIndex) + " metric " + std::to_string(r.metric) + " proto " +
         std::to_string(r.protocol);
}

std::string toString(const LiveState& st) {
  std::string s;
  for (const Link& l : st.links) s += toString(l) + "\n";
  for (const Address& a : st.addresses) s += toString(a) + "\n";
  for (const Route& r : st.defaultRoutes) s += toString(r) + "\n";
  for (const StaticRoute& r : st.staticRoutes) s += toString(r) + "\n";
  return s;
}

}  // namespace ifkit::host
