// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_stop_recorded.cpp: the operations that undo what a recorded start did, as far as
// it is still in place (plan.h says which, in what order, and why).
#include <algorithm>
#include <set>

#include "plan/plan.h"
#include "plan/plan_builder.h"
#include "plan/start_record.h"

namespace ifkit::plan {
namespace {

namespace op = host::op;
using host::HostOp;

bool autoconfIs(const std::optional<host::Ipv6Conf>& c, bool on) {
  if (!c) return false;
  return on ? (c->acceptRa != 0 && c->autoconf) : (c->acceptRa == 0 && !c->autoconf);
}

// Whether every setting `want` sets is what `have` has.
bool settingsHold(const std::optional<host::BridgeInfo>& have, const host::BridgeParams& want) {
  if (!have) return false;
  return (!want.stp || *want.stp == have->stp) &&
         (!want.forwardDelayCs || *want.forwardDelayCs == have->forwardDelayCs);
}

bool settingsHold(const std::optional<host::BondInfo>& have, const host::BondParams& want) {
  if (!have) return false;
  return (!want.mode || *want.mode == have->mode) &&
         (!want.miimon || *want.miimon == have->miimon) &&
         (!want.updelay || *want.updelay == have->updelay) &&
         (!want.downdelay || *want.downdelay == have->downdelay) &&
         (!want.useCarrier || *want.useCarrier == have->useCarrier) &&
         (!want.arpInterval || *want.arpInterval == have->arpInterval) &&
         (!want.arpTargets || *want.arpTargets == have->arpTargets) &&
         (!want.arpValidate || *want.arpValidate == have->arpValidate);
}

// Whether what a start's step did is still in place: the link it made is there and of its kind,
// the member still has the master it was given, the MTU still the one it set, and so on. A step
// someone (or something) has changed since is not ifkit's to undo any more.
struct StillInPlace {
  const PlanView& v;

  const PlanView::Link* link(const std::string& name) const { return v.link(name); }

  bool operator()(const op::CreateBridge& o) const {
    const auto* l = link(o.name);
    return l && l->kind == host::LinkKind::Bridge;
  }
  bool operator()(const op::CreateBond& o) const {
    const auto* l = link(o.name);
    return l && l->kind == host::LinkKind::Bond;
  }
  bool operator()(const op::CreateVlan& o) const {
    const auto* l = link(o.name);
    return l && l->kind == host::LinkKind::Vlan && l->vlanId == o.id;
  }
  bool operator()(const op::DeleteLink& o) const { return link(o.name) == nullptr; }
  bool operator()(const op::SetMaster& o) const {
    const auto* l = link(o.name);
    return l && l->master == o.master;
  }
  bool operator()(const op::SetMtu& o) const {
    const auto* l = link(o.name);
    return l && l->mtu == o.mtu;
  }
  bool operator()(const op::SetMac& o) const {
    const auto* l = link(o.name);
    return l && l->mac == o.mac;
  }
  bool operator()(const op::SetUp& o) const {
    const auto* l = link(o.name);
    return l && l->up == o.up;
  }
  bool operator()(const op::SetBridge& o) const {
    const auto* l = link(o.name);
    return l && settingsHold(l->bridge, o.params);
  }
  bool operator()(const op::SetBond& o) const {
    const auto* l = link(o.name);
    return l && settingsHold(l->bond, o.params);
  }
  bool operator()(const op::AddAddress& o) const { return v.hasAddress(o.name, o.prefix); }
  bool operator()(const op::RemoveAddress& o) const {
    return link(o.name) && !v.hasAddress(o.name, o.prefix);
  }
  bool operator()(const op::AddDefaultRoute& o) const { return v.route(o.name, o.gateway); }
  bool operator()(const op::RemoveDefaultRoute& o) const {
    return link(o.name) && !v.route(o.name, o.gateway);
  }
  bool operator()(const op::SetIpv6Autoconf& o) const {
    const auto* l = link(o.name);
    return l && autoconfIs(l->ipv6, o.on);
  }
  bool operator()(const op::AddRoute& o) const {
    return v.hasStaticRoute(o.name, o.destination, o.gateway);
  }
  bool operator()(const op::RemoveRoute& o) const {
    return link(o.name) && !v.hasStaticRoute(o.name, o.destination, o.gateway);
  }
};

// Whether an undo operation still has something to do, on a link that is there: a link already
// gone, an address already removed, a member already released is skipped, not sent to the
// kernel to be refused. Stop never makes a device, and deletes only bridges, bonds and VLANs,
// whatever a record says: a NIC or a veth is never ifkit's to delete.
struct StillApplies {
  const PlanView& v;

  const PlanView::Link* link(const std::string& name) const { return v.link(name); }

  bool operator()(const op::CreateBridge&) const { return false; }
  bool operator()(const op::CreateBond&) const { return false; }
  bool operator()(const op::CreateVlan&) const { return false; }
  bool operator()(const op::DeleteLink& o) const {
    const auto* l = link(o.name);
    return l && (l->kind == host::LinkKind::Bridge || l->kind == host::LinkKind::Bond ||
                 l->kind == host::LinkKind::Vlan);
  }
  bool operator()(const op::SetMaster& o) const {
    const auto* l = link(o.name);
    return l && l->master != o.master && (o.master.empty() || link(o.master));
  }
  bool operator()(const op::SetMtu& o) const {
    const auto* l = link(o.name);
    return l && l->mtu != o.mtu;
  }
  bool operator()(const op::SetMac& o) const {
    const auto* l = link(o.name);
    return l && l->mac != o.mac;
  }
  bool operator()(const op::SetUp& o) const {
    const auto* l = link(o.name);
    return l && l->up != o.up;
  }
  bool operator()(const op::SetBridge& o) const {
    const auto* l = link(o.name);
    return l && l->bridge && !settingsHold(l->bridge, o.params);
  }
  bool operator()(const op::SetBond& o) const {
    const auto* l = link(o.name);
    return l && l->bond && !settingsHold(l->bond, o.params);
  }
  bool operator()(const op::AddAddress& o) const {
    return link(o.name) && !v.hasAddress(o.name, o.prefix);
  }
  bool operator()(const op::RemoveAddress& o) const { return v.hasAddress(o.name, o.prefix); }
  // A link that is down holds no route: the kernel refuses one (ENETDOWN).
  bool operator()(const op::AddDefaultRoute& o) const {
    const auto* l = link(o.name);
    return l && l->up && !v.route(o.name, o.gateway);
  }
  bool operator()(const op::RemoveDefaultRoute& o) const { return v.route(o.name, o.gateway); }
  bool operator()(const op::SetIpv6Autoconf& o) const {
    const auto* l = link(o.name);
    return l && l->ipv6 && !autoconfIs(l->ipv6, o.on);
  }
  // As a default route: a link that is down holds none.
  bool operator()(const op::AddRoute& o) const {
    const auto* l = link(o.name);
    return l && l->up && !v.hasStaticRoute(o.name, o.destination, o.gateway);
  }
  bool operator()(const op::RemoveRoute& o) const {
    return v.hasStaticRoute(o.name, o.destination, o.gateway);
  }
};

// The members and slaves that are now held by another master than the one the start left them
// in: someone has taken them since, and what the start did to them (MTU, up) is theirs now.
std::set<std::string> takenSince(const StartRecord& record, const PlanView& now) {
  std::set<std::string> taken;
  for (const Membership& m : record.members) {
    const PlanView::Link* l = now.link(m.name);
    if (l != nullptr && !l->master.empty() && l->master != m.master) taken.insert(m.name);
  }
  return taken;
}

const std::string& nameOf(const HostOp& op) {
  return std::visit([](const auto& o) -> const std::string& { return o.name; }, op);
}

// The definition's NICs whose addresses the start took over (the NIC the host was reached
// through, made a port): stop gives them back what they had, addresses, routes and up state.
std::set<std::string> handedBack(const StartRecord& record) {
  std::set<std::string> nics;
  for (const Step& step : record.steps)
    if (const auto* removed = std::get_if<op::RemoveAddress>(&step.op))
      if (std::find(record.nics.begin(), record.nics.end(), removed->name) != record.nics.end())
        nics.insert(removed->name);
  return nics;
}

// Stop leaves the definition's NICs down: an undo that would bring one up (a NIC that was up
// before start brought it down to enslave it, or to change its MAC) would only make it flap.
// A NIC handed back its addresses is the exception: it was up, and the host is reached through it.
bool bringsUpANic(const HostOp& undo, const StartRecord& record,
                  const std::set<std::string>& handedBack) {
  const auto* up = std::get_if<op::SetUp>(&undo);
  return up != nullptr && up->up &&
         std::find(record.nics.begin(), record.nics.end(), up->name) != record.nics.end() &&
         !handedBack.count(up->name);
}

// A setting of a link (as opposed to its membership, addresses, routes and up state).
bool isSetting(const HostOp& op) {
  return std::holds_alternative<op::SetMtu>(op) || std::holds_alternative<op::SetMac>(op) ||
         std::holds_alternative<op::SetBridge>(op) || std::holds_alternative<op::SetBond>(op) ||
         std::holds_alternative<op::SetIpv6Autoconf>(op);
}

// The record's steps, the last first: each undo meets the state it was computed for, step by
// step back to the host before the start, for as much of it as nobody has changed since.
// Leaves out what is done to links `taken` since, and settings of links in `deleted`;
// `handedBack` is handedBack(record).
void undoSteps(const StartRecord& record, const std::set<std::string>& handedBack,
               const std::set<std::string>& taken, const std::set<std::string>& deleted,
               PlanBuilder& b) {
  // A bridge port handed back its addresses leaves the bridge first, out of the reverse order:
  // given its addresses back while still a port, the host may ask the LAN (ARP, neighbour
  // discovery) through it, and the answer goes to the bridge, leaving the port's neighbour entry
  // to the kernel's retransmission a second later. Released first, it is without an address
  // only until the next operation. (A bond slave is not: the bond closes a slave it lets go.)
  for (const std::string& nic : handedBack) {
    const PlanView::Link* l = b.view.link(nic);
    if (l == nullptr || l->master.empty() || taken.count(nic)) continue;
    const PlanView::Link* master = b.view.link(l->master);
    if (master != nullptr && master->kind == host::LinkKind::Bridge)
      b.add(op::SetMaster{nic, ""});
  }
  for (auto step = record.steps.rbegin(); step != record.steps.rend(); ++step) {
    if (taken.count(nameOf(step->op)) || !std::visit(StillInPlace{b.view}, step->op)) continue;
    for (const HostOp& undo : step->undo) {
      if (taken.count(nameOf(undo)) || bringsUpANic(undo, record, handedBack)) continue;
      if (isSetting(undo) && deleted.count(nameOf(undo))) continue;
      if (std::visit(StillApplies{b.view}, undo)) b.add(undo);
    }
  }
}

}  // namespace

Plan planStopRecorded(const StartRecord& record, const host::LiveState& live) {
  PlanBuilder b(live);
  if (b.view.link(record.name) == nullptr) return std::move(b.plan);  // nothing of it is up
  // The clients first (the driver stops them before any operation): their hook removes the
  // leased address and route, which no step holds. A lease a member handed over goes back to
  // it: kept by the top-level interface's client as it goes, given back with the member's
  // addresses by the steps, and renewed by the member's own client, started again after them.
  const bool handBack = !record.dhcpHandedOver.empty();
  for (const std::string& name : record.dhcpClients)
    b.plan.dhcp.push_back({name, host::IpFamily::V4, std::nullopt, false, handBack});
  for (const std::string& name : record.dhcpHandedOver)
    if (b.view.link(name) != nullptr)
      b.plan.dhcp.push_back({name, host::IpFamily::V4, std::nullopt, true});

  // A device the undo deletes keeps the settings start gave it until then: putting them back
  // first would only cost operations. Which ones those are, a first walk tells.
  const std::set<std::string> given = handedBack(record);
  const std::set<std::string> taken = takenSince(record, b.view);
  PlanBuilder trial(live);
  undoSteps(record, given, taken, {}, trial);
  std::set<std::string> deleted;
  for (const Step& step : trial.plan.steps)
    if (std::holds_alternative<op::DeleteLink>(step.op)) deleted.insert(nameOf(step.op));
  undoSteps(record, given, taken, deleted, b);

  // Stopped is down, whatever the record missed (a start of an interface that was up).
  if (b.view.link(record.name) && b.view.link(record.name)->up)
    b.add(op::SetUp{record.name, false});
  // NICs stay, down, as with a stop by the definition; one held by a master is not ours, and
  // one handed its addresses back is up again, as it was.
  for (const std::string& nic : record.nics) {
    const PlanView::Link* have = b.view.link(nic);
    if (given.count(nic)) continue;
    if (have != nullptr && have->up && have->master.empty()) b.add(op::SetUp{nic, false});
  }
  return std::move(b.plan);
}

}  // namespace ifkit::plan
