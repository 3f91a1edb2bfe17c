// SPDX-License-Identifier: LGPL-2.1-or-later
// From the kernel's LiveState to libvirt's interface model.
#include "plan/live/describe_live.h"

#include <linux/rtnetlink.h>

#include "plan/live/listed_links.h"

namespace ifkit::plan {
namespace {

using conf::InterfaceDef;

// libvirt's <link state> words are RFC 2863's, as are the kernel's IF_OPER_* values.
conf::LinkState linkStateOf(host::OperState state) {
  switch (state) {
    case host::OperState::NotPresent:
      return conf::LinkState::NotPresent;
    case host::OperState::Down:
      return conf::LinkState::Down;
    case host::OperState::LowerLayerDown:
      return conf::LinkState::LowerLayerDown;
    case host::OperState::Testing:
      return conf::LinkState::Testing;
    case host::OperState::Dormant:
      return conf::LinkState::Dormant;
    case host::OperState::Up:
      return conf::LinkState::Up;
    case host::OperState::Unknown:
      break;
  }
  return conf::LinkState::Unknown;
}

std::optional<conf::BondMode> bondModeOf(host::BondMode mode) {
  switch (mode) {
    case host::BondMode::BalanceRr:
      return conf::BondMode::BalanceRr;
    case host::BondMode::ActiveBackup:
      return conf::BondMode::ActiveBackup;
    case host::BondMode::BalanceXor:
      return conf::BondMode::BalanceXor;
    case host::BondMode::Broadcast:
      return conf::BondMode::Broadcast;
    case host::BondMode::Ieee8023ad:
      return conf::BondMode::Ieee8023ad;
    case host::BondMode::BalanceTlb:
      return conf::BondMode::BalanceTlb;
    case host::BondMode::BalanceAlb:
      return conf::BondMode::BalanceAlb;
  }
  return std::nullopt;
}

// libvirt knows three of the kernel's arp_validate values; "none" is its absence.
std::optional<conf::ArpValidate> arpValidateOf(host::ArpValidate v) {
  switch (v) {
    case host::ArpValidate::Active:
      return conf::ArpValidate::Active;
    case host::ArpValidate::Backup:
      return conf::ArpValidate::Backup;
    case host::ArpValidate::All:
      return conf::ArpValidate::All;
    default:
      return std::nullopt;
  }
}

std::optional<conf::LinkDef> linkOf(const host::Link& link) {
  conf::LinkDef def;
  def.state = linkStateOf(link.operState);
  // Speed only for a link that is operationally up, as libvirt (virNetDevGetLinkInfo): without a
  // link, drivers report what they like (igb 65535, realtek 10, veth its constant 10000).
  if (link.speedMbps && link.operState == host::OperState::Up) def.speed = *link.speedMbps;
  return def;
}

conf::BondDef bondOf(const host::LiveIndex& live, const host::Link& link);
conf::BridgeDef bridgeOf(const host::LiveIndex& live, const host::Link& link);

// A VLAN's parent, by name. The kernel names it by ifindex; for a VLAN moved out of its parent's
// namespace that is an ifindex of the other namespace, which here may be an unrelated link's.
// Such a parent (or one missing from the picture) is written the way ip writes it, eth0.7@if4:
// "if4". An empty name would not be libvirt's XML: its schema and its reader both refuse it.
std::string parentNameOf(const host::LiveIndex& live, const host::Link& link,
                         const host::VlanInfo& vlan) {
  const host::Link* parent = link.linkInOtherNetns ? nullptr : live.linkByIndex(vlan.parentIndex);
  return parent ? parent->name : "if" + std::to_string(vlan.parentIndex);
}

// A link as an ethernet interface: name, link and MAC.
InterfaceDef describeEthernet(const host::Link& link) {
  InterfaceDef def;
  def.name = link.name;
  def.link = linkOf(link);
  conf::EthernetDef ethernet;
  if (link.mac) ethernet.mac = link.mac->toString();
  def.kind = ethernet;
  return def;
}

// A nested interface (bridge port, bond slave): type, name, link, and its own type's content.
InterfaceDef describeNested(const host::LiveIndex& live, const host::Link& link) {
  if (!link.bond() && !link.vlan()) return describeEthernet(link);
  InterfaceDef def;
  def.name = link.name;
  def.link = linkOf(link);
  if (link.bond()) {
    def.kind = bondOf(live, link);
  } else {
    const host::VlanInfo& vlan = *link.vlan();
    def.kind = conf::VlanDef{std::to_string(vlan.id), parentNameOf(live, link, vlan)};
  }
  return def;
}

conf::BridgeDef bridgeOf(const host::LiveIndex& live, const host::Link& link) {
  conf::BridgeDef bridge;
  bridge.stp = link.bridge()->stp;
  bridge.delay = secondsFromCentiseconds(link.bridge()->forwardDelayCs);
  // Guests' taps are left out (listed_links.h): they come and go with the guests.
  for (const host::Link* port : live.portsOf(link.index))
    if (!port->bridge() && !isTunOrTap(*port))
      bridge.members.push_back(describeNested(live, *port));
  return bridge;
}

conf::BondDef bondOf(const host::LiveIndex& live, const host::Link& link) {
  const host::BondInfo& info = *link.bond();
  conf::BondDef bond;
  bond.mode = bondModeOf(info.mode);
  if (info.miimon > 0) {
    conf::MiimonDef mii;
    mii.freq = static_cast<int>(info.miimon);
    mii.downDelay = static_cast<int>(info.downdelay);
    mii.upDelay = static_cast<int>(info.updelay);
    mii.carrier = info.useCarrier ? conf::MiiCarrier::Netif : conf::MiiCarrier::Ioctl;
    bond.monitor = mii;
  } else if (info.arpInterval > 0 && !info.arpTargets.empty()) {
    conf::ArpmonDef arp;
    arp.interval = static_cast<int>(info.arpInterval);
    arp.target = info.arpTargets.front().toString();  // libvirt's model holds one target
    arp.validate = arpValidateOf(info.arpValidate);
    bond.monitor = arp;
  }
  // libvirt's model (its schema and its parser) takes only ethernet slaves in a bond, but the
  // kernel also enslaves VLANs, bonds and bridges: every slave is written as ethernet, with its
  // link and MAC, so that the list is whole and the XML stays libvirt's.
  for (const host::Link* slave : live.portsOf(link.index))
    if (!isTunOrTap(*slave)) bond.slaves.push_back(describeEthernet(*slave));
  return bond;
}

void addProtocols(const host::LiveIndex& live, const host::Link& link, bool dhcpRunning,
                  InterfaceDef& def) {
  conf::ProtocolDef v4{conf::Family::Ipv4, false, std::nullopt, {}, std::nullopt};
  conf::ProtocolDef v6{conf::Family::Ipv6, false, std::nullopt, {}, std::nullopt};
  for (const host::Address* address : live.addressesOf(link.index)) {
    if (address->scope != RT_SCOPE_UNIVERSE) continue;  // link-local and host-scope: the kernel's
    const bool v4Address = address->prefix.address.family == host::IpFamily::V4;
    // The kernel keeps an IPv4 address for a finite time only when whoever added it said so, as
    // DHCP clients do with a lease: that is <dhcp/>, not a static <ip> that a definition taken
    // from this XML would pin for good.
    if (v4Address && !address->permanent()) {
      v4.dhcp = conf::DhcpDef{};
      continue;
    }
    auto& protocol = v4Address ? v4 : v6;
    protocol.ips.push_back({address->prefix.address.toString(), address->prefix.length});
  }
  for (const host::Route* route : live.defaultRoutesVia(link.index)) {
    if (!route->gateway) continue;
    auto& protocol = route->family == host::IpFamily::V4 ? v4 : v6;
    if (!protocol.gateway) protocol.gateway = route->gateway->toString();
  }
  if (dhcpRunning) v4.dhcp = conf::DhcpDef{};
  const bool hasV6 = !v6.ips.empty() || v6.gateway;  // as hasIpv6Configuration() finds it
  // <autoconf/> where the kernel really learns from router advertisements: autoconf alone does
  // nothing on a link that ignores them (accept_ra 0, or 1 on a link that forwards).
  if (hasV6 && link.ipv6 && link.ipv6->autoconf && link.ipv6->actsOnRouterAdvertisements())
    v6.autoconf = true;
  if (!v4.ips.empty() || v4.gateway || v4.dhcp) def.protocols.push_back(std::move(v4));
  if (hasV6) def.protocols.push_back(std::move(v6));
}

}  // namespace

bool hasIpv6Configuration(const host::LiveIndex& live, const host::Link& link) {
  for (const host::Address* address : live.addressesOf(link.index))
    if (address->scope == RT_SCOPE_UNIVERSE && address->prefix.address.family == host::IpFamily::V6)
      return true;
  for (const host::Route* route : live.defaultRoutesVia(link.index))
    if (route->gateway && route->family == host::IpFamily::V6) return true;
  return false;
}

bool isDescribedAsEthernet(const host::Link& link) {
  return !link.bridge() && !link.bond() && !link.vlan();
}

std::string secondsFromCentiseconds(std::uint32_t cs) {
  std::string text = std::to_string(cs / 100);
  if (const std::uint32_t fraction = cs % 100; fraction != 0) {
    text += '.';
    text += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) text += static_cast<char>('0' + fraction % 10);
  }
  return text;
}

InterfaceDef describeLive(const host::LiveState& live, const host::Link& link, bool dhcpRunning) {
  return describeLive(host::LiveIndex::borrowing(live), link, dhcpRunning);
}

InterfaceDef describeLive(const host::LiveIndex& live, const host::Link& link, bool dhcpRunning) {
  InterfaceDef def;
  def.name = link.name;
  if (link.mtu != 0) def.mtu = link.mtu;
  addProtocols(live, link, dhcpRunning, def);
  if (link.bridge()) {
    def.kind = bridgeOf(live, link);  // libvirt writes no <link> and no <mac> for a bridge
  } else {
    InterfaceDef nested = describeNested(live, link);
    def.link = nested.link;
    def.kind = std::move(nested.kind);
  }
  return def;
}

void addLinkSpeeds(InterfaceDef& def,
                   const std::function<std::optional<std::uint32_t>(const std::string&)>& speedOf) {
  // The condition linkOf() writes a speed under: the link is operationally up.
  if (def.link && def.link->state == conf::LinkState::Up && def.link->speed == 0)
    if (auto speed = speedOf(def.name)) def.link->speed = *speed;
  std::vector<InterfaceDef>* nested = nullptr;
  if (auto* bridge = std::get_if<conf::BridgeDef>(&def.kind)) nested = &bridge->members;
  if (auto* bond = std::get_if<conf::BondDef>(&def.kind)) nested = &bond->slaves;
  if (nested)
    for (InterfaceDef& member : *nested) addLinkSpeeds(member, speedOf);
}

}  // namespace ifkit::plan
