// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_view.cpp: planned operations played forward, each answered with its undo.
#include "plan/plan_view.h"

#include <algorithm>

namespace ifkit::plan {
namespace {

using host::HostOp;
namespace op = host::op;

constexpr std::uint32_t kNewLinkMtu = 1500;
constexpr std::uint8_t kScopeLink = 253;
constexpr std::uint8_t kRtprotStatic = 4;
constexpr std::uint8_t kRtprotKernel = 2;

std::uint32_t kernelRouteMetric(host::IpFamily f) { return f == host::IpFamily::V4 ? 0 : 1024; }

using host::paramsOf;

// Every bond setting but the mode, which an undo sets only if the operation changed it.
host::BondParams paramsWithoutMode(const host::BondInfo& b) {
  host::BondParams p = paramsOf(b);
  p.mode.reset();
  return p;
}

void applyBridge(host::BridgeInfo& b, const host::BridgeParams& p) {
  if (p.forwardDelayCs) b.forwardDelayCs = *p.forwardDelayCs;
  if (p.stp) b.stp = *p.stp;
}

// In the kernel's order: MII and ARP monitoring exclude each other, the later one wins.
void applyBond(host::BondInfo& b, const host::BondParams& p) {
  if (p.mode) b.mode = *p.mode;
  if (p.miimon) {
    b.miimon = *p.miimon;
    if (*p.miimon) b.arpInterval = 0;
  }
  if (p.updelay) b.updelay = *p.updelay;
  if (p.downdelay) b.downdelay = *p.downdelay;
  if (p.useCarrier) b.useCarrier = *p.useCarrier;
  if (p.arpInterval) {
    b.arpInterval = *p.arpInterval;
    if (*p.arpInterval) b.miimon = 0;
  }
  if (p.arpTargets) b.arpTargets = *p.arpTargets;
  if (p.arpValidate) b.arpValidate = *p.arpValidate;
}

}  // namespace

host::BridgeInfo newBridgeInfo() { return {.stp = false, .forwardDelayCs = 1500}; }

host::BondInfo newBondInfo() {
  host::BondInfo b;
  b.miimon = 100;
  return b;
}

std::vector<HostOp> bridgeChanges(const std::string& name, const host::BridgeInfo& now,
                                  const host::BridgeParams& want) {
  const bool stpChanges = want.stp && *want.stp != now.stp;
  const bool delayChanges = want.forwardDelayCs && *want.forwardDelayCs != now.forwardDelayCs;
  if (!stpChanges && !delayChanges) return {};
  if (stpChanges && !*want.stp && delayChanges) {
    return {op::SetBridge{name, {.stp = false, .forwardDelayCs = std::nullopt}},
            op::SetBridge{name, {.stp = std::nullopt, .forwardDelayCs = want.forwardDelayCs}}};
  }
  host::BridgeParams p;
  if (delayChanges) p.forwardDelayCs = want.forwardDelayCs;
  if (stpChanges) p.stp = want.stp;
  return {op::SetBridge{name, p}};
}

PlanView::PlanView(const host::LiveState& live) {
  for (const host::Link& l : live.links) {
    Link v;
    v.name = l.name;
    v.kind = l.kind;
    v.mac = l.mac;
    v.mtu = l.mtu;
    v.up = l.up;
    if (const host::Link* m = live.linkByIndex(l.masterIndex)) v.master = m->name;
    if (l.bridge()) v.bridge = *l.bridge();
    if (l.bond()) v.bond = *l.bond();
    if (const host::VlanInfo* vlan = l.vlan()) {
      v.vlanId = vlan->id;
      // A parent in another namespace has an ifindex of that namespace: no name of ours.
      const host::Link* p = l.linkInOtherNetns ? nullptr : live.linkByIndex(vlan->parentIndex);
      if (p != nullptr) v.vlanParent = p->name;
    }
    v.ipv6 = l.ipv6;
    links_.push_back(std::move(v));
  }
  for (const host::Address& a : live.addresses) {
    const host::Link* l = live.linkByIndex(a.index);
    // Link-local addresses are the kernel's own: it makes them again when the link comes up.
    if (l == nullptr || a.scope == kScopeLink) continue;
    addresses_.push_back(Address{l->name, a.prefix, a.permanent()});
  }
  for (const host::Route& r : live.defaultRoutes) {
    const host::Link* l = live.linkByIndex(r.oifIndex);
    if (l == nullptr || !r.gateway) continue;  // device routes are not ifkit's to restore
    routes_.push_back(Route{l->name, *r.gateway, r.metric, r.protocol});
  }
  for (const host::StaticRoute& r : live.staticRoutes)
    if (const host::Link* l = live.linkByIndex(r.oifIndex))
      staticRoutes_.push_back(StaticRoute{l->name, r.destination, r.gateway, r.metric, r.protocol});
}

const PlanView::Link* PlanView::link(const std::string& name) const {
  return const_cast<PlanView*>(this)->find(name);
}

PlanView::Link* PlanView::find(const std::string& name) {
  auto it =
      std::find_if(links_.begin(), links_.end(), [&](const Link& l) { return l.name == name; });
  return it == links_.end() ? nullptr : &*it;
}

bool PlanView::hasAddress(const std::string& link, const host::IpPrefix& prefix) const {
  return std::any_of(addresses_.begin(), addresses_.end(),
                     [&](const Address& a) { return a.link == link && a.prefix == prefix; });
}

std::vector<host::IpPrefix> PlanView::addressesOf(const std::string& link) const {
  std::vector<host::IpPrefix> out;
  for (const Address& a : addresses_)
    if (a.link == link) out.push_back(a.prefix);
  return out;
}

std::vector<PlanView::Address> PlanView::globalAddressesOf(const std::string& link) const {
  std::vector<Address> out;
  for (const Address& a : addresses_)
    if (a.link == link) out.push_back(a);
  return out;
}

std::vector<PlanView::Route> PlanView::defaultRoutesOf(const std::string& link) const {
  std::vector<Route> out;
  for (const Route& r : routes_)
    if (r.link == link) out.push_back(r);
  return out;
}

bool PlanView::StaticRoute::standsForAddress() const { return protocol == kRtprotKernel; }

std::vector<PlanView::StaticRoute> PlanView::staticRoutesOf(const std::string& link) const {
  std::vector<StaticRoute> out;
  for (const StaticRoute& r : staticRoutes_)
    if (r.link == link) out.push_back(r);
  return out;
}

bool PlanView::hasStaticRoute(const std::string& link, const host::IpPrefix& destination,
                              const std::optional<host::IpAddress>& gateway) const {
  return std::any_of(staticRoutes_.begin(), staticRoutes_.end(), [&](const StaticRoute& r) {
    return r.link == link && r.destination == destination && (!gateway || r.gateway == gateway);
  });
}

host::op::AddRoute PlanView::addBack(const StaticRoute& route, const std::string& link) {
  host::op::AddRoute add{link, route.destination, route.gateway};
  if (route.metric != kernelRouteMetric(route.destination.address.family))
    add.metric = route.metric;
  if (route.protocol != kRtprotStatic) add.protocol = route.protocol;
  return add;
}

// The kernel's default metric and static origin are left unset: an operation that states only
// what differs reads as what it is ("add default route via G dev 'eth0'").
host::op::AddDefaultRoute PlanView::addBack(const Route& route, const std::string& link) {
  host::op::AddDefaultRoute add{link, route.gateway};
  if (route.metric != kernelRouteMetric(route.gateway.family)) add.metric = route.metric;
  if (route.protocol != kRtprotStatic) add.protocol = route.protocol;
  return add;
}

const PlanView::Route* PlanView::route(const std::string& link,
                                       const host::IpAddress& gateway) const {
  for (const Route& r : routes_)
    if (r.link == link && r.gateway == gateway) return &r;
  return nullptr;
}

const PlanView::Route* PlanView::defaultRouteAtKernelMetric(host::IpFamily family) const {
  for (const Route& r : routes_)
    if (r.gateway.family == family && r.metric == kernelRouteMetric(family)) return &r;
  return nullptr;
}

std::vector<std::string> PlanView::portsOf(const std::string& master) const {
  std::vector<std::string> out;
  for (const Link& l : links_)
    if (!master.empty() && l.master == master) out.push_back(l.name);
  return out;
}

// What the kernel drops when `name` goes down, as the operations that put it back: its IPv6
// addresses (keep_addr_on_down=0) and the routes through it.
std::vector<HostOp> PlanView::restoreAfterDown(const std::string& name) const {
  std::vector<HostOp> ops;
  for (const Address& a : addresses_)
    if (a.link == name && a.permanent && a.prefix.address.family == host::IpFamily::V6)
      ops.push_back(op::AddAddress{name, a.prefix});
  for (const Route& r : routes_)
    if (r.link == name) ops.push_back(addBack(r, name));
  for (const StaticRoute& r : staticRoutes_)
    if (r.link == name) ops.push_back(addBack(r, name));
  return ops;
}

void PlanView::bringDown(const std::string& name) {
  if (Link* l = find(name)) l->up = false;
  std::erase_if(addresses_, [&](const Address& a) {
    return a.link == name && a.prefix.address.family == host::IpFamily::V6;
  });
  std::erase_if(routes_, [&](const Route& r) { return r.link == name; });
  std::erase_if(staticRoutes_, [&](const StaticRoute& r) { return r.link == name; });
}

struct PlanView::Record {
  PlanView& v;

  Link fresh(const std::string& name, host::LinkKind kind) {
    Link l;
    l.name = name;
    l.kind = kind;
    l.mtu = kNewLinkMtu;
    l.ipv6 = host::Ipv6Conf{.acceptRa = 1, .autoconf = true, .disabled = false, .forwarding = false};
    l.created = true;
    return l;
  }

  std::vector<HostOp> operator()(const op::CreateBridge& o) {
    Link l = fresh(o.name, host::LinkKind::Bridge);
    l.bridge = newBridgeInfo();
    applyBridge(*l.bridge, o.params);
    v.links_.push_back(std::move(l));
    return {op::DeleteLink{o.name}};
  }

  std::vector<HostOp> operator()(const op::CreateBond& o) {
    Link l = fresh(o.name, host::LinkKind::Bond);
    l.bond = newBondInfo();
    applyBond(*l.bond, o.params);
    v.links_.push_back(std::move(l));
    return {op::DeleteLink{o.name}};
  }

  std::vector<HostOp> operator()(const op::CreateVlan& o) {
    Link l = fresh(o.name, host::LinkKind::Vlan);
    if (const Link* parent = v.find(o.parent)) {
      l.mtu = parent->mtu;
      l.mac = parent->mac;
    }
    l.vlanId = o.id;
    l.vlanParent = o.parent;
    v.links_.push_back(std::move(l));
    return {op::DeleteLink{o.name}};
  }

  // Made again with the settings it had; its ports, addresses and routes come back after it.
  std::vector<HostOp> operator()(const op::DeleteLink& o) {
    const Link* l = v.find(o.name);
    if (l == nullptr) return {};
    std::vector<HostOp> undo;
    std::uint32_t newMtu = kNewLinkMtu;
    if (l->bridge) {
      undo.push_back(op::CreateBridge{o.name, paramsOf(*l->bridge)});
    } else if (l->bond) {
      undo.push_back(op::CreateBond{o.name, paramsOf(*l->bond)});
    } else {
      undo.push_back(op::CreateVlan{o.name, l->vlanParent, l->vlanId});
      if (const Link* parent = v.find(l->vlanParent)) newMtu = parent->mtu;
    }
    if (l->mtu != newMtu) undo.push_back(op::SetMtu{o.name, l->mtu});
    for (const std::string& port : v.portsOf(o.name)) undo.push_back(op::SetMaster{port, o.name});
    // A new link has accept_ra=1 and autoconf=1.
    if (l->ipv6 && !(l->ipv6->acceptRa == 1 && l->ipv6->autoconf))
      undo.push_back(op::SetIpv6Autoconf{o.name, l->ipv6->acceptRa != 0 && l->ipv6->autoconf});
    if (l->up) undo.push_back(op::SetUp{o.name, true});
    for (const Address& a : v.addresses_)
      if (a.link == o.name && a.permanent) undo.push_back(op::AddAddress{o.name, a.prefix});
    for (const Route& r : v.routes_)
      if (r.link == o.name) undo.push_back(addBack(r, o.name));
    for (const StaticRoute& r : v.staticRoutes_)
      if (r.link == o.name) undo.push_back(addBack(r, o.name));

    const bool bond = l->kind == host::LinkKind::Bond;
    for (const std::string& port : v.portsOf(o.name)) {
      v.find(port)->master.clear();
      if (bond) v.bringDown(port);  // a released bond slave is closed
    }
    std::erase_if(v.addresses_, [&](const Address& a) { return a.link == o.name; });
    std::erase_if(v.routes_, [&](const Route& r) { return r.link == o.name; });
    std::erase_if(v.staticRoutes_, [&](const StaticRoute& r) { return r.link == o.name; });
    std::erase_if(v.links_, [&](const Link& x) {
      return x.name == o.name || (x.kind == host::LinkKind::Vlan && x.vlanParent == o.name);
    });
    return undo;
  }

  std::vector<HostOp> operator()(const op::SetMaster& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || l->master == o.master) return {};
    const std::string before = l->master;
    const Link* oldMaster = v.find(before);
    const Link* newMaster = v.find(o.master);
    std::vector<HostOp> undo{op::SetMaster{o.name, before}};
    if (oldMaster && oldMaster->kind == host::LinkKind::Bond && l->up) {
      // The bond closes a slave it lets go; enslaving it again opens it, the rest comes back.
      for (HostOp& back : v.restoreAfterDown(o.name)) undo.push_back(std::move(back));
      v.bringDown(o.name);
    }
    l = v.find(o.name);
    l->master = o.master;
    if (newMaster && newMaster->kind == host::LinkKind::Bond) l->up = true;  // the bond opens it
    return undo;
  }

  std::vector<HostOp> operator()(const op::SetMtu& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || l->mtu == o.mtu) return {};
    std::vector<HostOp> undo{op::SetMtu{o.name, l->mtu}};
    l->mtu = o.mtu;
    if (l->kind == host::LinkKind::Bond)
      for (const std::string& slave : v.portsOf(o.name)) v.find(slave)->mtu = o.mtu;
    return undo;
  }

  std::vector<HostOp> operator()(const op::SetMac& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || l->mac == o.mac) return {};
    std::vector<HostOp> undo;
    if (l->mac) undo.push_back(op::SetMac{o.name, *l->mac});
    l->mac = o.mac;
    return undo;
  }

  std::vector<HostOp> operator()(const op::SetUp& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || l->up == o.up) return {};
    if (o.up) {
      l->up = true;
      return {op::SetUp{o.name, false}};
    }
    std::vector<HostOp> undo{op::SetUp{o.name, true}};
    for (HostOp& back : v.restoreAfterDown(o.name)) undo.push_back(std::move(back));
    v.bringDown(o.name);
    return undo;
  }

  std::vector<HostOp> operator()(const op::SetBridge& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || !l->bridge) return {};
    const host::BridgeInfo before = *l->bridge;
    applyBridge(*l->bridge, o.params);
    return bridgeChanges(o.name, *l->bridge, paramsOf(before));
  }

  std::vector<HostOp> operator()(const op::SetBond& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || !l->bond) return {};
    host::BondParams back = paramsWithoutMode(*l->bond);
    if (o.params.mode) back.mode = l->bond->mode;
    applyBond(*l->bond, o.params);
    return {op::SetBond{o.name, back}};
  }

  std::vector<HostOp> operator()(const op::AddAddress& o) {
    if (v.hasAddress(o.name, o.prefix)) return {};
    v.addresses_.push_back(Address{o.name, o.prefix, true});
    return {op::RemoveAddress{o.name, o.prefix}};
  }

  std::vector<HostOp> operator()(const op::RemoveAddress& o) {
    auto it = std::find_if(v.addresses_.begin(), v.addresses_.end(), [&](const Address& a) {
      return a.link == o.name && a.prefix == o.prefix;
    });
    if (it == v.addresses_.end()) return {};
    // A learnt IPv6 address (SLAAC) is the kernel's to learn again, not an undo's to configure.
    const bool learntV6 = !it->permanent && o.prefix.address.family == host::IpFamily::V6;
    std::vector<HostOp> undo;
    // Put back, it was in use a moment ago: no duplicate address detection to wait for.
    if (!learntV6) undo.push_back(op::AddAddress{o.name, o.prefix, true});
    v.addresses_.erase(it);
    if (o.prefix.address.family != host::IpFamily::V4) return undo;
    // The last IPv4 address gone, the kernel drops the link's IPv4 routes too.
    bool lastV4 = std::none_of(v.addresses_.begin(), v.addresses_.end(), [&](const Address& a) {
      return a.link == o.name && a.prefix.address.family == host::IpFamily::V4;
    });
    if (!lastV4) return undo;
    for (const Route& r : v.routes_)
      if (r.link == o.name && r.gateway.family == host::IpFamily::V4)
        undo.push_back(addBack(r, o.name));
    std::erase_if(v.routes_, [&](const Route& r) {
      return r.link == o.name && r.gateway.family == host::IpFamily::V4;
    });
    for (const StaticRoute& r : v.staticRoutes_)
      if (r.link == o.name && r.destination.address.family == host::IpFamily::V4)
        undo.push_back(addBack(r, o.name));
    std::erase_if(v.staticRoutes_, [&](const StaticRoute& r) {
      return r.link == o.name && r.destination.address.family == host::IpFamily::V4;
    });
    return undo;
  }

  std::vector<HostOp> operator()(const op::AddDefaultRoute& o) {
    if (v.route(o.name, o.gateway)) return {};
    v.routes_.push_back(Route{o.name, o.gateway,
                              o.metric.value_or(kernelRouteMetric(o.gateway.family)),
                              o.protocol.value_or(kRtprotStatic)});
    return {op::RemoveDefaultRoute{o.name, o.gateway}};
  }

  std::vector<HostOp> operator()(const op::RemoveDefaultRoute& o) {
    auto it = std::find_if(v.routes_.begin(), v.routes_.end(), [&](const Route& r) {
      return r.link == o.name && r.gateway == o.gateway;
    });
    if (it == v.routes_.end()) return {};
    const Route removed = *it;
    v.routes_.erase(it);
    return {addBack(removed, o.name)};
  }

  std::vector<HostOp> operator()(const op::AddRoute& o) {
    if (v.hasStaticRoute(o.name, o.destination, o.gateway)) return {};
    v.staticRoutes_.push_back(
        StaticRoute{o.name, o.destination, o.gateway,
                    o.metric.value_or(kernelRouteMetric(o.destination.address.family)),
                    o.protocol.value_or(kRtprotStatic)});
    return {op::RemoveRoute{o.name, o.destination, o.gateway, o.metric}};
  }

  std::vector<HostOp> operator()(const op::RemoveRoute& o) {
    auto it = std::find_if(v.staticRoutes_.begin(), v.staticRoutes_.end(), [&](const StaticRoute& r) {
      return r.link == o.name && r.destination == o.destination &&
             (!o.gateway || r.gateway == o.gateway);
    });
    if (it == v.staticRoutes_.end()) return {};
    const StaticRoute removed = *it;
    v.staticRoutes_.erase(it);
    return {addBack(removed, o.name)};
  }

  // SetIpv6Autoconf sets accept_ra and autoconf together, so "on" before means both were on;
  // an accept_ra of 2 comes back as 1.
  std::vector<HostOp> operator()(const op::SetIpv6Autoconf& o) {
    Link* l = v.find(o.name);
    if (l == nullptr || !l->ipv6) return {};
    const bool before = l->ipv6->acceptRa != 0 && l->ipv6->autoconf;
    l->ipv6->acceptRa = o.on ? 1 : 0;
    l->ipv6->autoconf = o.on;
    if (before == o.on) return {};
    return {op::SetIpv6Autoconf{o.name, before}};
  }
};

std::vector<HostOp> PlanView::record(const HostOp& op) { return std::visit(Record{*this}, op); }

}  // namespace ifkit::plan
