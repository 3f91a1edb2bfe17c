// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_start.cpp: the operations that bring a definition up on a host (plan.h says
// which, in what order, and why).
#include <cerrno>

#include "conf/host_checks.h"
#include "plan/definition_tree.h"
#include "plan/definition_values.h"
#include "plan/plan.h"
#include "plan/plan_builder.h"
#include "plan/plan_error.h"

namespace ifkit::plan {
namespace {

namespace op = host::op;
using conf::InterfaceDef;

host::LinkKind kindOf(const InterfaceDef& d) {
  if (d.isBridge()) return host::LinkKind::Bridge;
  if (d.isBond()) return host::LinkKind::Bond;
  if (d.isVlan()) return host::LinkKind::Vlan;
  return host::LinkKind::Ethernet;
}

bool isVirtual(const InterfaceDef& d) { return !d.isEthernet(); }

bool inTree(const std::vector<Node>& tree, const std::string& name) {
  for (const Node& n : tree)
    if (n.def->name == name) return true;
  return false;
}

// IPv6 autoconf as SetIpv6Autoconf sets it: on is accept_ra and autoconf both on, off both off.
bool autoconfIs(const host::Ipv6Conf& c, bool on) {
  return on ? (c.acceptRa != 0 && c.autoconf) : (c.acceptRa == 0 && !c.autoconf);
}

// The bond settings of `want` that differ from `have`; nullopt when none does.
std::optional<host::BondParams> bondDiff(const host::BondInfo& have, const host::BondParams& want) {
  host::BondParams d;
  bool any = false;
  auto pick = [&](auto& out, const auto& wanted, const auto& current) {
    if (wanted && *wanted != current) {
      out = wanted;
      any = true;
    }
  };
  pick(d.miimon, want.miimon, have.miimon);
  pick(d.updelay, want.updelay, have.updelay);
  pick(d.downdelay, want.downdelay, have.downdelay);
  pick(d.useCarrier, want.useCarrier, have.useCarrier);
  pick(d.arpInterval, want.arpInterval, have.arpInterval);
  pick(d.arpTargets, want.arpTargets, have.arpTargets);
  pick(d.arpValidate, want.arpValidate, have.arpValidate);
  if (!any) return std::nullopt;
  return d;
}

class StartPlanner {
 public:
  StartPlanner(const InterfaceDef& def, const host::LiveState& live, const std::vector<Node>& tree,
               const std::vector<std::size_t>& order)
      : def_(def), tree_(tree), order_(order), b_(live) {
    findCarriers();
  }

  Result<Plan> run() {
    if (Status st = check(); !st.ok()) return st.error();
    if (Status st = create(); !st.ok()) return st.error();
    if (Status st = settings(); !st.ok()) return st.error();
    enslave();
    bringUp();
    if (Status st = addresses(); !st.ok()) return st.error();
    moveCarriedAddresses();
    if (Status st = routes(); !st.ok()) return st.error();
    moveCarriedRoutes();
    releaseCarriedAddresses();
    enslaveCarrierSlaves();
    // A member's DHCP client (if ifkit runs one there) hands its lease over, kept, to the
    // top-level interface's: the driver skips a link where none runs.
    for (const Carrier& c : carriers_)
      b_.plan.dhcp.push_back({c.name, host::IpFamily::V4, std::nullopt, false, true});
    for (const conf::ProtocolDef& p : def_.protocols)
      if (p.dhcp) b_.plan.dhcp.push_back({def_.name, familyOf(p.family), p.dhcp->peerDns, true});
    return std::move(b_.plan);
  }

 private:
  Error fail(const std::string& detail, int err) const {
    return planError("cannot start '" + def_.name + "': " + detail, err);
  }

  // What the host must already have, or must not have, before anything is changed.
  Status check() {
    for (const Node& n : tree_) {
      const InterfaceDef& d = *n.def;
      const PlanView::Link* have = b_.view.link(d.name);
      if (d.isEthernet() && have == nullptr)
        return fail("interface '" + d.name + "' does not exist", ENODEV);
      if (isVirtual(d) && have != nullptr && have->kind != kindOf(d))
        return fail("'" + d.name + "' exists and is not a " + conf::typeName(d.kind), EEXIST);
      if (const auto* vlan = std::get_if<conf::VlanDef>(&d.kind)) {
        const std::uint16_t id = vlanIdOf(*vlan).value_or(0);
        if (have != nullptr && (have->vlanId != id || have->vlanParent != vlan->parent))
          return fail("'" + d.name + "' exists and is not VLAN " + std::to_string(id) + " on '" +
                          vlan->parent + "'",
                      EEXIST);
        if (have == nullptr && b_.view.link(vlan->parent) == nullptr &&
            !inTree(tree_, vlan->parent))
          return fail("VLAN parent '" + vlan->parent + "' of '" + d.name + "' does not exist",
                      ENODEV);
      }
      if (have != nullptr && n.role != Role::Top && !have->master.empty() &&
          have->master != n.master)
        return fail("'" + d.name + "' is attached to '" + have->master + "'", EBUSY);
      if (const auto* bond = std::get_if<conf::BondDef>(&d.kind); bond && have && have->bond) {
        auto params = bondParamsOf(*bond);
        if (!params) return params.error();
        if (params->mode && *params->mode != have->bond->mode)
          return fail("bond '" + d.name + "' is in mode " +
                          std::string(host::toString(have->bond->mode)) + ", not " +
                          std::string(host::toString(*params->mode)),
                      EBUSY);
      }
    }
    return Status();
  }

  Status create() {
    for (std::size_t i : order_) {
      const InterfaceDef& d = *tree_[i].def;
      if (!isVirtual(d) || b_.view.link(d.name) != nullptr) continue;
      if (const auto* bridge = std::get_if<conf::BridgeDef>(&d.kind)) {
        auto params = bridgeParamsOf(*bridge);
        if (!params) return params.error();
        b_.add(op::CreateBridge{d.name, *params});
        keepCarrierMac(tree_[i]);
      } else if (const auto* bond = std::get_if<conf::BondDef>(&d.kind)) {
        auto params = bondParamsOf(*bond);
        if (!params) return params.error();
        b_.add(op::CreateBond{d.name, *params});
        keepCarrierMac(tree_[i]);
      } else if (const auto* vlan = std::get_if<conf::VlanDef>(&d.kind)) {
        b_.add(op::CreateVlan{d.name, vlan->parent, vlanIdOf(*vlan).value_or(0)});
      }
    }
    return Status();
  }

  Status settings() {
    for (std::size_t i : order_) {
      const Node& n = tree_[i];
      const InterfaceDef& d = *n.def;
      const PlanView::Link* have = b_.view.link(d.name);
      if (const auto* bridge = std::get_if<conf::BridgeDef>(&d.kind); bridge && !have->created) {
        auto params = bridgeParamsOf(*bridge);
        if (!params) return params.error();
        for (host::HostOp& change : bridgeChanges(d.name, *have->bridge, *params))
          b_.add(std::move(change));
      }
      if (const auto* bond = std::get_if<conf::BondDef>(&d.kind); bond && !have->created) {
        auto params = bondParamsOf(*bond);
        if (!params) return params.error();
        if (auto diff = bondDiff(*have->bond, *params)) b_.add(op::SetBond{d.name, *diff});
      }
      if (Status st = mtu(n); !st.ok()) return st;
      mac(n);
    }
    // Before the link comes up, so that no router advertisement meets the old setting.
    for (const conf::ProtocolDef& p : def_.protocols) {
      if (p.family != conf::Family::Ipv6) continue;
      const PlanView::Link* top = b_.view.link(def_.name);
      if (top->ipv6 && !autoconfIs(*top->ipv6, p.autoconf))
        b_.add(op::SetIpv6Autoconf{def_.name, p.autoconf});
    }
    return Status();
  }

  // Nested interfaces inherit the top-level MTU; a bond sets its slaves' MTU itself.
  Status mtu(const Node& n) {
    const std::uint32_t want = def_.mtu;
    const std::string& name = n.def->name;
    if (want == 0 || n.role == Role::BondSlave || b_.view.link(name)->mtu == want) return Status();
    if (const auto* vlan = std::get_if<conf::VlanDef>(&n.def->kind)) {
      const PlanView::Link* parent = b_.view.link(vlan->parent);
      if (parent != nullptr && parent->mtu < want)
        return fail("MTU " + std::to_string(want) + " of '" + name + "' is above the MTU " +
                        std::to_string(parent->mtu) + " of its parent '" + vlan->parent + "'",
                    ERANGE);
    }
    b_.add(op::SetMtu{name, want});
    return Status();
  }

  // A bond gives its slaves its MAC, so only other ethernet interfaces get the defined one.
  void mac(const Node& n) {
    const auto* ethernet = std::get_if<conf::EthernetDef>(&n.def->kind);
    if (ethernet == nullptr || !ethernet->mac || n.role == Role::BondSlave) return;
    auto want = host::MacAddress::parse(*ethernet->mac);  // checkForHost checked the text
    const PlanView::Link* have = b_.view.link(n.def->name);
    if (!want || have->mac == want) return;
    // NICs refuse a MAC change while running; the up phase brings the link back.
    if (have->up) b_.add(op::SetUp{n.def->name, false});
    b_.add(op::SetMac{n.def->name, *want});
  }

  void enslave() {
    for (std::size_t i : order_) {
      const InterfaceDef& master = *tree_[i].def;
      for (std::size_t c : tree_[i].children) {
        const std::string& name = tree_[c].def->name;
        const PlanView::Link* have = b_.view.link(name);
        if (have->master == master.name) continue;
        if (master.isBond() && isCarrier(name)) continue;  // enslaveCarrierSlaves(), last
        enslaveTo(*have, master);
      }
    }
  }

  // `link` as the view has it now: planning an operation may move the view's links.
  void enslaveTo(PlanView::Link link, const InterfaceDef& master) {
    // The kernel enslaves only a bond slave that is down, and opens it itself.
    if (master.isBond() && link.up) b_.add(op::SetUp{link.name, false});
    b_.add(op::SetMaster{link.name, master.name});
  }

  void bringUp() {
    for (std::size_t i : order_) {
      const InterfaceDef& d = *tree_[i].def;
      if (const auto* vlan = std::get_if<conf::VlanDef>(&d.kind);
          vlan && !inTree(tree_, vlan->parent)) {
        const PlanView::Link* parent = b_.view.link(vlan->parent);
        if (parent != nullptr && !parent->up) b_.add(op::SetUp{vlan->parent, true});
      }
      const bool enslavedLater = tree_[i].role == Role::BondSlave && isCarrier(d.name);
      if (!b_.view.link(d.name)->up && !enslavedLater) b_.add(op::SetUp{d.name, true});
    }
  }

  Status addresses() {
    for (const conf::ProtocolDef& p : def_.protocols) {
      for (const conf::IpDef& ip : p.ips) {
        auto prefix = prefixOf(ip, p.family);
        if (!prefix) return fail("address '" + ip.address + "' is not valid", EINVAL);
        if (b_.view.hasAddress(def_.name, *prefix)) continue;
        // IPv6 keeps one prefix length per address: another one is replaced.
        if (prefix->address.family == host::IpFamily::V6)
          for (const host::IpPrefix& old : b_.view.addressesOf(def_.name))
            if (old.address == prefix->address) b_.add(op::RemoveAddress{def_.name, old});
        b_.add(op::AddAddress{def_.name, *prefix, carried(*prefix)});
      }
    }
    return Status();
  }

  Status routes() {
    for (const conf::ProtocolDef& p : def_.protocols) {
      if (!p.gateway) continue;
      auto gateway = host::IpAddress::parse(*p.gateway);
      if (!gateway) return fail("gateway '" + *p.gateway + "' is not valid", EINVAL);
      if (b_.view.route(def_.name, *gateway)) continue;
      // The host's default route out of a member it takes over is replaced by the definition's.
      for (const Carrier& c : carriers_)
        for (const PlanView::Route& r : b_.view.defaultRoutesOf(c.name))
          if (r.gateway.family == gateway->family)
            b_.add(op::RemoveDefaultRoute{c.name, r.gateway});
      if (const PlanView::Route* other = b_.view.defaultRouteAtKernelMetric(gateway->family))
        return fail("a default route via " + other->gateway.toString() + " dev '" + other->link +
                        "' exists",
                    EEXIST);
      b_.add(op::AddDefaultRoute{def_.name, *gateway});
    }
    return Status();
  }

  // Taking the members over. A member that carries addresses or default routes (a NIC the host
  // is reached through, about to become a port) hands them to the top-level interface: a port
  // carries no IP, and the host must stay reachable through the change. The order keeps the
  // gap small and each undo, played last first, valid: the member is enslaved, the top-level
  // interface gets the member's addresses, the default routes move, and only then does the
  // member lose its addresses (which takes the kernel's routes through it along). Played back
  // by stop, the member gets its addresses first, then its routes, and the bridge lets it go.
  struct Carrier {
    std::string name;
    std::optional<host::MacAddress> mac;
  };

  void findCarriers() {
    for (const Node& n : tree_) {
      if (n.role == Role::Top) continue;
      const PlanView::Link* have = b_.view.link(n.def->name);
      if (have == nullptr) continue;
      if (b_.view.globalAddressesOf(have->name).empty() &&
          b_.view.defaultRoutesOf(have->name).empty() &&
          b_.view.staticRoutesOf(have->name).empty())
        continue;
      carriers_.push_back(Carrier{have->name, have->mac});
    }
  }

  // Whether a member the top-level interface takes over has `prefix`: the address moves, and
  // is in use on this segment already.
  bool carried(const host::IpPrefix& prefix) const {
    for (const Carrier& c : carriers_)
      if (b_.view.hasAddress(c.name, prefix)) return true;
    return false;
  }

  bool isCarrier(const std::string& name) const {
    for (const Carrier& c : carriers_)
      if (c.name == name) return true;
    return false;
  }

  // The MAC of the first member the top-level interface takes over, among the members of
  // `master` or, for a bond among them, its slaves.
  std::optional<host::MacAddress> carrierMacUnder(const Node& master) const {
    for (std::size_t c : master.children) {
      for (const Carrier& carrier : carriers_)
        if (carrier.name == tree_[c].def->name && carrier.mac) return carrier.mac;
      if (tree_[c].def->isBond() && master.def->isBridge())
        if (auto mac = carrierMacUnder(tree_[c])) return mac;
    }
    return std::nullopt;
  }

  // A bridge made over the NIC the host is reached through keeps that NIC's MAC, set rather than
  // inherited: neighbours' ARP caches and a DHCP server's lease stay valid, and a guest's tap
  // with a lower MAC joining later does not change it. So does a bond made over it (and the
  // bridge over that bond): the kernel would give the bond its first slave's MAC, and that
  // NIC is enslaved last (enslaveCarrierSlaves).
  void keepCarrierMac(const Node& master) {
    if (auto mac = carrierMacUnder(master)) b_.add(op::SetMac{master.def->name, *mac});
  }

  // The members' addresses on the top-level interface, those the definition does not name too:
  // leaving one behind on a port would cut off whoever reaches the host through it. Configured
  // addresses and IPv4 leases move; a learnt IPv6 address (SLAAC) does not: the top-level
  // interface learns its own. IPv6 skips duplicate address detection: the address is in use on
  // this very segment.
  void moveCarriedAddresses() {
    for (const Carrier& c : carriers_) {
      for (const PlanView::Address& a : b_.view.globalAddressesOf(c.name)) {
        if (!a.permanent && a.prefix.address.family == host::IpFamily::V6) continue;
        if (b_.view.hasAddress(def_.name, a.prefix)) continue;
        b_.add(op::AddAddress{def_.name, a.prefix, true});
      }
    }
  }

  // The default routes out of a member that the definition does not replace (routes() replaced
  // those of a family it has a gateway for) move to the top-level interface, and so do its
  // routes to prefixes, which libvirt's XML cannot express: the start says so in a note, as
  // they will not come back at boot.
  void moveCarriedRoutes() {
    for (const Carrier& c : carriers_) {
      for (const PlanView::Route& r : b_.view.defaultRoutesOf(c.name)) {
        b_.add(op::RemoveDefaultRoute{c.name, r.gateway});
        if (!b_.view.route(def_.name, r.gateway)) b_.add(PlanView::addBack(r, def_.name));
      }
      for (const PlanView::StaticRoute& r : b_.view.staticRoutesOf(c.name)) {
        b_.add(op::RemoveRoute{c.name, r.destination, r.gateway, r.metric});
        // The top-level interface has the address, and the kernel's prefix route with it: one
        // left on the port (NetworkManager's, with a better metric) would take the traffic to
        // that prefix away from it.
        if (r.standsForAddress()) continue;
        const host::op::AddRoute moved = PlanView::addBack(r, def_.name);
        if (!b_.view.hasStaticRoute(def_.name, r.destination, r.gateway)) b_.add(moved);
        b_.plan.notes.push_back(
            "route to " + r.destination.toString() +
            (r.gateway ? " via " + r.gateway->toString() : std::string()) + " moved from '" +
            c.name + "' to '" + def_.name +
            "' live only: interface XML cannot hold it, and boot will not make it again");
      }
    }
  }

  void releaseCarriedAddresses() {
    for (const Carrier& c : carriers_)
      for (const PlanView::Address& a : b_.view.globalAddressesOf(c.name))
        b_.add(op::RemoveAddress{c.name, a.prefix});
  }

  // A bond slave the top-level interface takes over is enslaved last, once everything it
  // carried is on the top-level interface, up: the kernel enslaves only a link that is down,
  // and bringing it down cuts the host off (and flushes its IPv6 addresses and routes), so the
  // bond is made, given its other slaves and brought up before, and the host is cut off only
  // while this one goes down and into the bond. Its addresses go first: left on a slave whose
  // bond opens it again, they would bring back routes through it, past the bond.
  void enslaveCarrierSlaves() {
    for (std::size_t i : order_)
      for (std::size_t c : tree_[i].children) {
        const std::string& name = tree_[c].def->name;
        const PlanView::Link* have = b_.view.link(name);
        if (!tree_[i].def->isBond() || !isCarrier(name) || have->master == tree_[i].def->name)
          continue;
        enslaveTo(*have, *tree_[i].def);
      }
  }

  std::vector<Carrier> carriers_;
  const InterfaceDef& def_;
  const std::vector<Node>& tree_;
  const std::vector<std::size_t>& order_;
  PlanBuilder b_;
};

}  // namespace

Result<Plan> planStart(const conf::InterfaceDef& def, const host::LiveState& live) {
  if (Status st = conf::checkForHost(def); !st.ok()) return st.error();
  auto tree = flattenTree(def);
  if (!tree) return tree.error();
  auto order = innerFirst(*tree);
  if (!order) return order.error();
  return StartPlanner(def, live, *tree, *order).run();
}

}  // namespace ifkit::plan
