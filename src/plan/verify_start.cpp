// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/verify_start.cpp: a started definition checked against the kernel read again.
#include "plan/verify_start.h"

#include <linux/if_addr.h>

#include <algorithm>

#include "plan/definition_tree.h"
#include "plan/definition_values.h"

namespace ifkit::plan {
namespace {

using conf::InterfaceDef;

// The kernel's bounds on a bridge's forward delay while STP runs (BR_MIN_FORWARD_DELAY,
// BR_MAX_FORWARD_DELAY), in centiseconds; br_stp_start() clamps the delay into them.
constexpr std::uint32_t kMinStpForwardDelayCs = 200;
constexpr std::uint32_t kMaxStpForwardDelayCs = 3000;

std::string quoted(const std::string& name) { return "'" + name + "'"; }

// Centiseconds as libvirt's seconds: 1500 is "15", 50 is "0.5", 1 is "0.01".
std::string secondsText(std::uint32_t cs) {
  std::string text = std::to_string(cs / 100);
  const std::uint32_t fraction = cs % 100;
  if (fraction == 0) return text;
  text += fraction < 10 ? ".0" : ".";
  text += std::to_string(fraction);
  if (text.back() == '0') text.pop_back();
  return text;
}

std::string kindText(const host::Link& link) {
  return link.kindName.empty() ? std::string(host::toString(link.kind)) : link.kindName;
}

std::string targetsText(const std::vector<host::IpAddress>& targets) {
  if (targets.empty()) return "none";
  std::string text;
  for (const host::IpAddress& t : targets) {
    if (!text.empty()) text += ',';
    text += t.toString();
  }
  return text;
}

class Verifier {
 public:
  Verifier(const InterfaceDef& def, const host::LiveIndex& live,
           const std::set<std::string>& dhcpRunning)
      : def_(def), live_(live), dhcpRunning_(dhcpRunning) {}

  std::vector<std::string> run() {
    auto tree = flattenTree(def_);
    if (!tree) return {};  // planStart refuses such a definition: nothing was started
    for (const Node& n : *tree) names_.insert(n.def->name);
    for (const Node& n : *tree) node(n);
    if (const host::Link* top = live_.linkByName(def_.name)) protocols(*top);
    return std::move(out_);
  }

 private:
  void differ(std::string what) { out_.push_back(std::move(what)); }

  // A value the kernel shows in place of the defined one: "MTU 1500 on 'eth0', not 9000".
  template <class T>
  void compare(const std::string& what, const host::Link& link, const T& have, const T& want) {
    if (have == want) return;
    differ(what + " " + text(have) + " on " + quoted(link.name) + ", not " + text(want));
  }
  static std::string text(const std::string& s) { return s; }
  static std::string text(std::uint32_t n) { return std::to_string(n); }
  static std::string text(bool on) { return on ? "on" : "off"; }

  void node(const Node& n) {
    const InterfaceDef& d = *n.def;
    const host::Link* link = live_.linkByName(d.name);
    if (link == nullptr) {
      differ("no link " + quoted(d.name));
      return;
    }
    if (!kind(d, *link)) return;  // the settings of another kind say nothing
    if (n.role != Role::Top) master(n, *link);
    if (def_.mtu != 0 && n.role != Role::BondSlave) compare("MTU", *link, link->mtu, def_.mtu);
    if (const auto* ethernet = std::get_if<conf::EthernetDef>(&d.kind);
        ethernet && ethernet->mac && n.role != Role::BondSlave) {
      auto want = host::MacAddress::parse(*ethernet->mac);  // checkForHost checked the text
      if (want && link->mac != want)
        differ("MAC " + (link->mac ? link->mac->toString() : std::string("none")) + " on " +
               quoted(d.name) + ", not " + want->toString());
    }
    if (const auto* bridge = std::get_if<conf::BridgeDef>(&d.kind)) bridgeSettings(*bridge, *link);
    if (const auto* bond = std::get_if<conf::BondDef>(&d.kind)) bondSettings(*bond, *link);
    if (const auto* vlan = std::get_if<conf::VlanDef>(&d.kind)) vlanSettings(*vlan, *link);
    if (!link->up) differ(quoted(d.name) + " down, not up");
  }

  // Whether the link is of the definition's kind; an ethernet definition takes any link, as
  // planStart does (a NIC, a veth standing in for one, a kind ifkit does not model).
  bool kind(const InterfaceDef& d, const host::Link& link) {
    host::LinkKind want = host::LinkKind::Ethernet;
    if (d.isBridge()) want = host::LinkKind::Bridge;
    if (d.isBond()) want = host::LinkKind::Bond;
    if (d.isVlan()) want = host::LinkKind::Vlan;
    if (want == host::LinkKind::Ethernet || link.kind == want) return true;
    differ(quoted(d.name) + " of kind " + kindText(link) + ", not " + conf::typeName(d.kind));
    return false;
  }

  void master(const Node& n, const host::Link& link) {
    const host::Link* m = link.masterIndex != 0 ? live_.linkByIndex(link.masterIndex) : nullptr;
    const std::string have = m != nullptr ? quoted(m->name) : link.masterIndex != 0 ? "?" : "none";
    if (m != nullptr && m->name == n.master) return;
    differ("master " + have + " on " + quoted(link.name) + ", not " + quoted(n.master));
  }

  void bridgeSettings(const conf::BridgeDef& bridge, const host::Link& link) {
    const host::BridgeInfo* have = link.bridge();
    auto want = bridgeParamsOf(bridge);
    if (have == nullptr || !want) return;
    if (want->stp) compare("STP", link, have->stp, *want->stp);
    if (!want->forwardDelayCs) return;
    std::uint32_t expected = *want->forwardDelayCs;
    if (have->stp) expected = std::clamp(expected, kMinStpForwardDelayCs, kMaxStpForwardDelayCs);
    // The kernel keeps the delay in jiffies: with HZ not a multiple of 100 it may read back one
    // centisecond short, never more, never above.
    if (have->forwardDelayCs == expected || have->forwardDelayCs + 1 == expected) return;
    differ(std::string("bridge delay ").append(secondsText(have->forwardDelayCs)) + " on " +
           quoted(link.name) +
           ", not " + *bridge.delay);
  }

  void bondSettings(const conf::BondDef& bond, const host::Link& link) {
    const host::BondInfo* have = link.bond();
    auto want = bondParamsOf(bond);
    if (have == nullptr || !want) return;
    if (want->mode && have->mode != *want->mode)
      differ("bond mode " + std::string(host::toString(have->mode)) + " on " + quoted(link.name) +
             ", not " + std::string(host::toString(*want->mode)));
    if (want->miimon) compare("miimon", link, have->miimon, *want->miimon);
    // The kernel counts the delays in miimon periods, rounding down (and warns in its log).
    auto delay = [&](const char* what, std::uint32_t haveMs, std::uint32_t wantMs) {
      if (have->miimon != 0 && haveMs == wantMs / have->miimon * have->miimon) return;
      compare(what, link, haveMs, wantMs);
    };
    if (want->updelay) delay("updelay", have->updelay, *want->updelay);
    if (want->downdelay) delay("downdelay", have->downdelay, *want->downdelay);
    if (want->useCarrier)
      compare("use_carrier", link, std::to_string(have->useCarrier ? 1 : 0),
              std::to_string(*want->useCarrier ? 1 : 0));
    if (want->arpInterval) compare("arp_interval", link, have->arpInterval, *want->arpInterval);
    if (want->arpTargets && have->arpTargets != *want->arpTargets)
      compare("arp_ip_target", link, targetsText(have->arpTargets), targetsText(*want->arpTargets));
    if (want->arpValidate && have->arpValidate != *want->arpValidate)
      compare("arp_validate", link, std::string(host::toString(have->arpValidate)),
              std::string(host::toString(*want->arpValidate)));
  }

  void vlanSettings(const conf::VlanDef& vlan, const host::Link& link) {
    const host::VlanInfo* have = link.vlan();
    if (have == nullptr) return;
    if (auto id = vlanIdOf(vlan))
      compare("VLAN id", link, std::uint32_t{have->id}, std::uint32_t{*id});
    // A parent in another namespace has an ifindex of that namespace: not the parent named here.
    const host::Link* parent =
        link.linkInOtherNetns ? nullptr : live_.linkByIndex(have->parentIndex);
    if (parent == nullptr || parent->name != vlan.parent)
      differ("VLAN parent " +
             (parent ? quoted(parent->name) : "if" + std::to_string(have->parentIndex)) + " on " +
             quoted(link.name) + ", not " + quoted(vlan.parent));
    // Start brings a parent from outside the definition up: a VLAN carries nothing over one down.
    const host::Link* named = live_.linkByName(vlan.parent);
    if (named != nullptr && !named->up && names_.count(vlan.parent) == 0)
      differ(quoted(vlan.parent) + " down, not up");
  }

  void protocols(const host::Link& top) {
    for (const conf::ProtocolDef& p : def_.protocols) {
      for (const conf::IpDef& ip : p.ips) address(top, ip, p.family);
      if (p.gateway && !p.dhcp) route(top, *p.gateway);
      if (p.family == conf::Family::Ipv6 && top.ipv6) {
        const host::Ipv6Conf& c = *top.ipv6;
        // As SetIpv6Autoconf sets it: on is accept_ra and autoconf both on, off both off.
        const bool matches =
            p.autoconf ? (c.acceptRa != 0 && c.autoconf) : (c.acceptRa == 0 && !c.autoconf);
        if (!matches) {
          const std::string have = c.autoconf ? "on" : "off";
          differ("IPv6 autoconf " + have + " (accept_ra " + std::to_string(c.acceptRa) + ") on " +
                 quoted(top.name) + ", not " + text(p.autoconf));
        }
      }
      if (p.dhcp && dhcpRunning_.count(top.name) == 0)
        differ("no DHCP client running for " + quoted(top.name));
    }
  }

  void address(const host::Link& top, const conf::IpDef& ip, conf::Family family) {
    auto prefix = prefixOf(ip, family);
    if (!prefix) return;  // planStart refuses it
    for (const host::Address* a : live_.addressesOf(top.index)) {
      if (a->prefix != *prefix) continue;
      // Tentative (in duplicate address detection) is there; failed, the kernel never uses it.
      if ((a->flags & IFA_F_DADFAILED) != 0)
        differ("address " + prefix->toString() + " on " + quoted(top.name) +
               " failed duplicate address detection");
      return;
    }
    differ("no address " + prefix->toString() + " on " + quoted(top.name));
  }

  void route(const host::Link& top, const std::string& gatewayText) {
    auto gateway = host::IpAddress::parse(gatewayText);
    if (!gateway) return;  // planStart refuses it
    for (const host::Route* r : live_.defaultRoutesVia(top.index))
      if (r->gateway == *gateway) return;
    differ("no default route via " + gateway->toString() + " out of " + quoted(top.name));
  }

  const InterfaceDef& def_;
  const host::LiveIndex& live_;
  const std::set<std::string>& dhcpRunning_;
  std::set<std::string> names_;  // the definition's interfaces, at every level
  std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> verifyStart(const conf::InterfaceDef& def, const host::LiveIndex& live,
                                     const std::set<std::string>& dhcpRunning) {
  return Verifier(def, live, dhcpRunning).run();
}

std::vector<std::string> verifyStart(const conf::InterfaceDef& def, const host::LiveState& live,
                                     const std::set<std::string>& dhcpRunning) {
  return verifyStart(def, host::LiveIndex::borrowing(live), dhcpRunning);
}

Error verifyError(const std::string& name, const std::vector<std::string>& differences) {
  std::string detail = "cannot start '" + name + "': after applying, the kernel shows ";
  for (std::size_t i = 0; i < differences.size(); ++i)
    detail += (i == 0 ? "" : "; ") + differences[i];
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface, detail);
}

}  // namespace ifkit::plan
