// SPDX-License-Identifier: LGPL-2.1-or-later
// Capturing a RestorePoint from the kernel's state, and its text form.
#include "plan/restore/restore_point.h"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <array>
#include <charconv>
#include <sstream>  // reading a restore point

#include "host/host_op_text.h"
#include "util/text_builder.h"

namespace ifkit::plan {
namespace {

constexpr std::array<std::pair<host::LinkKind, const char*>, 7> kKinds{
    {{host::LinkKind::Ethernet, "ethernet"},
     {host::LinkKind::Loopback, "loopback"},
     {host::LinkKind::Bridge, "bridge"},
     {host::LinkKind::Bond, "bond"},
     {host::LinkKind::Vlan, "vlan"},
     {host::LinkKind::Veth, "veth"},
     {host::LinkKind::Other, "other"}}};

const char* kindWord(host::LinkKind kind) {
  for (const auto& [k, word] : kKinds)
    if (k == kind) return word;
  return "other";
}

std::optional<host::LinkKind> kindFromWord(std::string_view word) {
  for (const auto& [k, w] : kKinds)
    if (word == w) return k;
  return std::nullopt;
}

// An address worth restoring: configured by someone, global or site scope, not one the kernel
// or a lease will make again by itself.
bool isConfigured(const host::Address& a) { return a.scope == RT_SCOPE_UNIVERSE && a.permanent(); }

template <class T>
bool parseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Error malformed(const std::string& line) {
  return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                   "malformed restore point line: " + line);
}

// The bridge and bond settings of a link line, gathered field by field (host_op_text.h reads
// them, as it reads them for host operations) and set on the record at the end of the line.
struct KindFields {
  std::optional<host::BridgeParams> bridge;
  std::optional<host::BondParams> bond;
};

// Applies one "key=value" field of a link line; false when the field is unknown or malformed.
bool applyField(LinkRecord& r, KindFields& kind, std::string_view key, std::string_view value) {
  auto flag = [&](bool& out) {
    if (value != "0" && value != "1") return false;
    out = value == "1";
    return true;
  };
  if (key == "kind") {
    auto k = kindFromWord(value);
    if (!k) return false;
    r.kind = *k;
    return true;
  }
  if (key == "mac") {
    r.mac = host::MacAddress::parse(value);
    return r.mac.has_value();
  }
  if (key == "mtu") return parseNumber(value, r.mtu);
  if (key == "up") return flag(r.up);
  if (key == "master") {
    r.master = std::string(value);
    return true;
  }
  if (key == "autoconf") {
    bool on = false;
    if (!flag(on)) return false;
    r.ipv6Autoconf = on;
    return true;
  }
  if (key == "vid") {
    std::uint16_t id = 0;
    if (!parseNumber(value, id)) return false;
    r.vlanId = id;
    return true;
  }
  if (key == "parent") {
    r.vlanParent = std::string(value);
    return true;
  }
  host::BridgeParams bridge = kind.bridge.value_or(host::BridgeParams{});
  if (auto read = host::readField(bridge, key, value); read != host::FieldRead::NotMine) {
    kind.bridge = std::move(bridge);
    return read == host::FieldRead::Read;
  }
  host::BondParams bond = kind.bond.value_or(host::BondParams{});
  if (auto read = host::readField(bond, key, value); read != host::FieldRead::NotMine) {
    kind.bond = std::move(bond);
    return read == host::FieldRead::Read;
  }
  return false;
}

}  // namespace

RestorePoint RestorePoint::capture(const host::LiveState& live) {
  RestorePoint point;
  auto nameOf = [&](int index) {
    const host::Link* l = live.linkByIndex(index);
    return l ? l->name : std::string();
  };
  for (const host::Link& link : live.links) {
    if (link.kind == host::LinkKind::Loopback) continue;
    LinkRecord r;
    r.name = link.name;
    r.kind = link.kind;
    r.mac = link.mac;
    r.mtu = link.mtu;
    r.up = link.up;
    r.master = link.masterIndex ? nameOf(link.masterIndex) : std::string();
    if (link.bridge()) r.bridge = *link.bridge();
    if (link.bond()) r.bond = *link.bond();
    if (const host::VlanInfo* vlan = link.vlan()) {
      r.vlanId = vlan->id;
      // A parent in another namespace has an ifindex of that namespace: no name of ours.
      if (!link.linkInOtherNetns) r.vlanParent = nameOf(vlan->parentIndex);
    }
    if (link.ipv6) r.ipv6Autoconf = link.ipv6->autoconf;
    point.links.push_back(std::move(r));
  }
  for (const host::Address& a : live.addresses)
    if (isConfigured(a) && live.linkByIndex(a.index))
      point.addresses.push_back({nameOf(a.index), a.prefix});
  // A DHCP client's route comes and goes with its lease, as its address does.
  for (const host::Route& route : live.defaultRoutes)
    if (route.gateway && route.oifIndex != 0 && route.protocol != RTPROT_DHCP)
      point.routes.push_back({nameOf(route.oifIndex), *route.gateway});
  return point;
}

std::string RestorePoint::serialize() const {
  TextBuilder out;
  for (const LinkRecord& r : links) {
    out << "link " << r.name << " kind=" << kindWord(r.kind);
    if (r.mac) out << " mac=" << r.mac->toString();
    out << " mtu=" << r.mtu << " up=" << (r.up ? 1 : 0);
    if (!r.master.empty()) out << " master=" << r.master;
    if (r.ipv6Autoconf) out << " autoconf=" << (*r.ipv6Autoconf ? 1 : 0);
    if (r.bridge) host::writeFields(out, host::paramsOf(*r.bridge));
    if (r.bond) {
      host::BondParams bond = host::paramsOf(*r.bond);
      if (bond.arpTargets->empty()) bond.arpTargets.reset();  // left out, as it always was
      host::writeFields(out, bond);
    }
    if (r.vlanId) out << " vid=" << *r.vlanId << " parent=" << r.vlanParent;
    out << '\n';
  }
  for (const AddressRecord& a : addresses)
    out << "addr " << a.link << ' ' << a.prefix.toString() << '\n';
  for (const RouteRecord& r : routes)
    out << "route " << r.link << ' ' << r.gateway.toString() << '\n';
  if (dhcpClients) {
    out << "dhcp";
    for (const std::string& name : *dhcpClients) out << ' ' << name;
    out << '\n';
  }
  return std::move(out).str();
}

Result<RestorePoint> RestorePoint::parse(const std::string& text) {
  RestorePoint point;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream words(line);
    std::string what, name;
    words >> what;
    if (what == "dhcp") {
      if (point.dhcpClients) return malformed(line);
      point.dhcpClients.emplace();
      while (words >> name) point.dhcpClients->push_back(name);
      continue;
    }
    words >> name;
    if (name.empty()) return malformed(line);
    if (what == "link") {
      LinkRecord r;
      r.name = name;
      KindFields kind;
      std::string field;
      while (words >> field) {
        const auto eq = field.find('=');
        if (eq == std::string::npos || !applyField(r, kind, std::string_view(field).substr(0, eq),
                                                   std::string_view(field).substr(eq + 1)))
          return malformed(line);
      }
      if (kind.bridge) r.bridge = host::infoOf(*kind.bridge);
      if (kind.bond) r.bond = host::infoOf(*kind.bond);
      point.links.push_back(std::move(r));
    } else if (what == "addr") {
      std::string prefix;
      words >> prefix;
      auto p = host::IpPrefix::parse(prefix);
      if (!p) return malformed(line);
      point.addresses.push_back({name, *p});
    } else if (what == "route") {
      std::string gateway;
      words >> gateway;
      auto g = host::IpAddress::parse(gateway);
      if (!g) return malformed(line);
      point.routes.push_back({name, *g});
    } else {
      return malformed(line);
    }
  }
  return point;
}

const LinkRecord* RestorePoint::link(const std::string& name) const {
  for (const LinkRecord& r : links)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace ifkit::plan
