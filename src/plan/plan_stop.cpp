// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_stop.cpp: the operations that take a started definition down again (plan.h says
// which, in what order, and why).
#include "conf/host_checks.h"
#include "plan/definition_tree.h"
#include "plan/definition_values.h"
#include "plan/plan.h"
#include "plan/plan_builder.h"

namespace ifkit::plan {
namespace {

namespace op = host::op;

bool isOurs(const conf::InterfaceDef& d, const PlanView::Link& have) {
  if (d.isBridge()) return have.kind == host::LinkKind::Bridge;
  if (d.isBond()) return have.kind == host::LinkKind::Bond;
  if (d.isVlan()) return have.kind == host::LinkKind::Vlan;
  return false;  // ethernet: never deleted
}

}  // namespace

Result<Plan> planStop(const conf::InterfaceDef& def, const host::LiveState& live) {
  // Values only: a definition ifkit could not start (DHCPv6) may still have been applied by an
  // older ifkit, and stopping it must work.
  if (Status st = conf::checkHostValues(def); !st.ok()) return st.error();
  auto tree = flattenTree(def);
  if (!tree) return tree.error();
  auto order = innerFirst(*tree);
  if (!order) return order.error();
  PlanBuilder b(live);
  if (b.view.link(def.name) == nullptr) return std::move(b.plan);  // nothing of it is up
  const std::string& top = def.name;

  // Routes first: they need the addresses they go through.
  for (const conf::ProtocolDef& p : def.protocols) {
    if (!p.gateway) continue;
    auto gateway = host::IpAddress::parse(*p.gateway);
    if (gateway && b.view.route(top, *gateway)) b.add(op::RemoveDefaultRoute{top, *gateway});
  }
  // Routes to prefixes out of the interface (a start took them over from a member) go with it
  // anyway; removed first, an undo makes them again once every address they need is back.
  for (const PlanView::StaticRoute& r : b.view.staticRoutesOf(top))
    b.add(op::RemoveRoute{top, r.destination, r.gateway, r.metric});
  for (const conf::ProtocolDef& p : def.protocols) {
    for (const conf::IpDef& ip : p.ips) {
      auto prefix = prefixOf(ip, p.family);
      if (prefix && b.view.hasAddress(top, *prefix)) b.add(op::RemoveAddress{top, *prefix});
    }
    if (p.dhcp) b.plan.dhcp.push_back({top, familyOf(p.family), p.dhcp->peerDns, false});
  }
  if (b.view.link(top)->up) b.add(op::SetUp{top, false});

  // Outer first: members leave their master, then the masters go, then what they sat on.
  for (auto it = order->rbegin(); it != order->rend(); ++it) {
    const Node& n = (*tree)[*it];
    for (std::size_t c : n.children) {
      const std::string& member = (*tree)[c].def->name;
      const PlanView::Link* have = b.view.link(member);
      if (have != nullptr && have->master == n.def->name) b.add(op::SetMaster{member, ""});
    }
  }
  for (auto it = order->rbegin(); it != order->rend(); ++it) {
    const conf::InterfaceDef& d = *(*tree)[*it].def;
    const PlanView::Link* have = b.view.link(d.name);
    if (have != nullptr && isOurs(d, *have)) b.add(op::DeleteLink{d.name});
  }
  // NICs stay, down; one now held by a master outside the definition is not ours to touch.
  for (const Node& n : *tree) {
    const PlanView::Link* have = b.view.link(n.def->name);
    if (n.def->isEthernet() && have != nullptr && have->up && have->master.empty())
      b.add(op::SetUp{n.def->name, false});
  }
  return std::move(b.plan);
}

}  // namespace ifkit::plan
