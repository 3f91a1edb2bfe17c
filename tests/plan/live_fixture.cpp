// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/live_fixture.cpp: the reader of the LiveState fixture lines.
#include "live_fixture.h"

#include <linux/if_addr.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ifkit::plan::test {
namespace {

[[noreturn]] void bad(int line, const std::string& why) {
  throw std::runtime_error("live fixture line " + std::to_string(line) + ": " + why);
}

unsigned number(int line, const std::string& text) {
  try {
    std::size_t used = 0;
    unsigned long v = std::stoul(text, &used);
    if (used != text.size()) bad(line, "not a number: " + text);
    return static_cast<unsigned>(v);
  } catch (const std::logic_error&) {
    bad(line, "not a number: " + text);
  }
}

host::LinkKind kindNamed(int line, const std::string& word, std::string& kindName) {
  static const std::map<std::string, host::LinkKind> kKinds{
      {"ethernet", host::LinkKind::Ethernet}, {"veth", host::LinkKind::Veth},
      {"loopback", host::LinkKind::Loopback}, {"bridge", host::LinkKind::Bridge},
      {"bond", host::LinkKind::Bond},         {"vlan", host::LinkKind::Vlan},
      {"tap", host::LinkKind::Other}};
  auto it = kKinds.find(word);
  if (it == kKinds.end()) bad(line, "unknown kind " + word);
  const bool kernelKind = word != "ethernet" && word != "loopback";
  kindName = word == "tap" ? "tun" : kernelKind ? word : "";  // the kernel's kind for tun and tap
  return it->second;
}

host::BondMode modeNamed(int line, const std::string& word) {
  for (int m = 0; m <= 6; ++m) {
    auto mode = static_cast<host::BondMode>(m);
    if (host::toString(mode) == word) return mode;
  }
  bad(line, "unknown bond mode " + word);
}

host::OperState operStateNamed(int line, const std::string& word) {
  for (int s = 0; s <= 6; ++s) {
    auto state = static_cast<host::OperState>(s);
    if (host::toString(state) == word) return state;
  }
  bad(line, "unknown operational state " + word);
}

host::ArpValidate arpValidateNamed(int line, const std::string& word) {
  for (int v = 0; v <= 6; ++v) {
    auto value = static_cast<host::ArpValidate>(v);
    if (host::toString(value) == word) return value;
  }
  bad(line, "unknown arp_validate " + word);
}

std::vector<host::IpAddress> targetsNamed(int line, const std::string& list) {
  std::vector<host::IpAddress> out;
  std::istringstream in(list);
  for (std::string word; std::getline(in, word, ',');) {
    auto address = host::IpAddress::parse(word);
    if (!address) bad(line, "bad arp target " + word);
    out.push_back(*address);
  }
  return out;
}

struct Pending {
  int line;
  std::string master, parent;
  bool mtuSet = false, macSet = false;
  int otherNetnsParent = 0;  // parent=@N: the ifindex of a parent in another namespace
};

}  // namespace

host::LiveState readLiveFixture(std::string_view text) {
  host::LiveState st;
  std::vector<Pending> pending;
  std::istringstream in{std::string(text)};
  std::string raw;
  int lineNo = 0;
  int nextIndex = 1;
  while (std::getline(in, raw)) {
    ++lineNo;
    if (auto hash = raw.find('#'); hash != std::string::npos) raw.resize(hash);
    std::istringstream words(raw);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    if (w.empty()) continue;
    if (w[0] == "link") {
      if (w.size() < 3) bad(lineNo, "link NAME KIND ...");
      host::Link l;
      l.name = w[1];
      l.kind = kindNamed(lineNo, w[2], l.kindName);
      l.arpType = l.kind == host::LinkKind::Loopback ? 772 : 1;
      l.mtu = l.kind == host::LinkKind::Loopback ? 65536 : 1500;
      l.ipv6 =
          host::Ipv6Conf{.acceptRa = 1, .autoconf = true, .disabled = false, .forwarding = false};
      if (l.kind == host::LinkKind::Bridge) l.details = host::BridgeInfo{false, 1500};
      if (l.kind == host::LinkKind::Bond) {
        host::BondInfo b;
        b.miimon = 100;
        l.details = b;
      }
      if (l.kind == host::LinkKind::Vlan) l.details = host::VlanInfo{};
      Pending p{lineNo, "", "", false, false, 0};
      bool carrierSaid = false, noCarrier = false;
      std::optional<host::OperState> stateSaid;
      for (std::size_t i = 3; i < w.size(); ++i) {
        const std::string& f = w[i];
        const auto eq = f.find('=');
        const std::string key = f.substr(0, eq);
        const std::string val = eq == std::string::npos ? "" : f.substr(eq + 1);
        if (f == "up") {
          l.up = true;
        } else if (f == "nocarrier") {
          noCarrier = carrierSaid = true;
        } else if (key == "index") {
          l.index = static_cast<int>(number(lineNo, val));
        } else if (key == "mac") {
          l.mac = host::MacAddress::parse(val);
          if (!l.mac) bad(lineNo, "bad mac " + val);
          p.macSet = true;
        } else if (key == "mtu") {
          l.mtu = number(lineNo, val);
          p.mtuSet = true;
        } else if (key == "speed") {
          l.speedMbps = number(lineNo, val);
        } else if (key == "state") {
          stateSaid = operStateNamed(lineNo, val);
        } else if (key == "master") {
          p.master = val;
        } else if (key == "parent" && val.starts_with('@')) {
          p.otherNetnsParent = static_cast<int>(number(lineNo, val.substr(1)));
        } else if (key == "parent") {
          p.parent = val;
        } else if (key == "id" && l.kind == host::LinkKind::Vlan) {
          std::get<host::VlanInfo>(l.details).id = static_cast<std::uint16_t>(number(lineNo, val));
        } else if (key == "stp" && l.bridge()) {
          std::get<host::BridgeInfo>(l.details).stp = val == "on";
        } else if (key == "delay" && l.bridge()) {
          std::get<host::BridgeInfo>(l.details).forwardDelayCs = number(lineNo, val);
        } else if (key == "mode" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->mode = modeNamed(lineNo, val);
        } else if (key == "miimon" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->miimon = number(lineNo, val);
        } else if (key == "updelay" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->updelay = number(lineNo, val);
        } else if (key == "downdelay" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->downdelay = number(lineNo, val);
        } else if (key == "use_carrier" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->useCarrier = val == "1";
        } else if (key == "arp_interval" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->arpInterval = number(lineNo, val);
        } else if (key == "arp_ip_target" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->arpTargets = targetsNamed(lineNo, val);
        } else if (key == "arp_validate" && l.bond()) {
          std::get<Box<host::BondInfo>>(l.details)->arpValidate = arpValidateNamed(lineNo, val);
        } else if (key == "ipv6" && val == "off") {
          l.ipv6.reset();
        } else if (key == "accept_ra" && l.ipv6) {
          l.ipv6->acceptRa = static_cast<int>(number(lineNo, val));
        } else if (key == "autoconf" && l.ipv6) {
          l.ipv6->autoconf = val == "1";
        } else if (key == "forwarding" && l.ipv6) {
          l.ipv6->forwarding = val == "1";
        } else {
          bad(lineNo, "unknown field " + f);
        }
      }
      if (l.index == 0) l.index = nextIndex;
      nextIndex = l.index + 1;
      l.carrier = l.up && !(carrierSaid && noCarrier);
      l.operState = l.kind == host::LinkKind::Loopback && l.up ? host::OperState::Unknown
                    : l.carrier                                ? host::OperState::Up
                                                               : host::OperState::Down;
      if (stateSaid) l.operState = *stateSaid;
      st.links.push_back(std::move(l));
      pending.push_back(p);
    } else if (w[0] == "addr") {
      if (w.size() < 3) bad(lineNo, "addr LINK PREFIX [dynamic] [tentative|dadfailed]");
      const host::Link* l = st.linkByName(w[1]);
      auto prefix = host::IpPrefix::parse(w[2]);
      if (l == nullptr || !prefix) bad(lineNo, "unknown link or bad prefix");
      host::Address a{.index = l->index, .prefix = *prefix, .scope = 0, .flags = IFA_F_PERMANENT};
      const auto& b = prefix->address.bytes;
      if (prefix->address.family == host::IpFamily::V6 && b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        a.scope = 253;
      for (std::size_t i = 3; i < w.size(); ++i) {
        if (w[i] == "dynamic")
          a.flags &= ~static_cast<std::uint32_t>(IFA_F_PERMANENT);
        else if (w[i] == "tentative")
          a.flags |= IFA_F_TENTATIVE;
        else if (w[i] == "dadfailed")
          a.flags |= IFA_F_TENTATIVE | IFA_F_DADFAILED;  // as the kernel leaves a failed one
        else
          bad(lineNo, "unknown field " + w[i]);
      }
      st.addresses.push_back(a);
    } else if (w[0] == "route") {
      if (w.size() < 3) bad(lineNo, "route LINK GATEWAY [metric=N] [proto=N]");
      const host::Link* l = st.linkByName(w[1]);
      auto gw = host::IpAddress::parse(w[2]);
      if (l == nullptr || !gw) bad(lineNo, "unknown link or bad gateway");
      host::Route r{.family = gw->family,
                    .gateway = *gw,
                    .oifIndex = l->index,
                    .metric = gw->family == host::IpFamily::V4 ? 0u : 1024u,
                    .protocol = 4};
      for (std::size_t i = 3; i < w.size(); ++i) {
        if (w[i].rfind("metric=", 0) == 0)
          r.metric = number(lineNo, w[i].substr(7));
        else if (w[i].rfind("proto=", 0) == 0)
          r.protocol = static_cast<std::uint8_t>(number(lineNo, w[i].substr(6)));
        else
          bad(lineNo, "unknown field " + w[i]);
      }
      st.defaultRoutes.push_back(r);
    } else if (w[0] == "static-route") {
      if (w.size() < 3) bad(lineNo, "static-route LINK PREFIX [via=GATEWAY] [metric=N] [proto=N]");
      const host::Link* l = st.linkByName(w[1]);
      auto destination = host::IpPrefix::parse(w[2]);
      if (l == nullptr || !destination) bad(lineNo, "unknown link or bad prefix");
      host::StaticRoute r{.destination = *destination,
                          .gateway = std::nullopt,
                          .oifIndex = l->index,
                          .metric = destination->address.family == host::IpFamily::V4 ? 0u : 1024u,
                          .protocol = 4};
      for (std::size_t i = 3; i < w.size(); ++i) {
        if (w[i].rfind("via=", 0) == 0) {
          r.gateway = host::IpAddress::parse(w[i].substr(4));
          if (!r.gateway) bad(lineNo, "bad gateway");
        } else if (w[i].rfind("metric=", 0) == 0) {
          r.metric = number(lineNo, w[i].substr(7));
        } else if (w[i].rfind("proto=", 0) == 0) {
          r.protocol = static_cast<std::uint8_t>(number(lineNo, w[i].substr(6)));
        } else {
          bad(lineNo, "unknown field " + w[i]);
        }
      }
      st.staticRoutes.push_back(r);
    } else {
      bad(lineNo, "unknown object " + w[0]);
    }
  }
  // Names to indexes, now that every link is known.
  for (std::size_t i = 0; i < st.links.size(); ++i) {
    host::Link& l = st.links[i];
    const Pending& p = pending[i];
    if (!p.master.empty()) {
      const host::Link* m = st.linkByName(p.master);
      if (m == nullptr) bad(p.line, "unknown master " + p.master);
      l.masterIndex = m->index;
    }
    if (l.kind == host::LinkKind::Vlan && p.otherNetnsParent != 0) {
      // As the kernel reports a VLAN moved away from its parent: IFLA_LINK with a netnsid.
      l.linkIndex = p.otherNetnsParent;
      l.linkInOtherNetns = true;
      std::get<host::VlanInfo>(l.details).parentIndex = p.otherNetnsParent;
    } else if (l.kind == host::LinkKind::Vlan) {
      const host::Link* parent = st.linkByName(p.parent);
      if (parent == nullptr) bad(p.line, "a vlan needs parent=NAME of a link above it");
      l.linkIndex = parent->index;
      std::get<host::VlanInfo>(l.details).parentIndex = parent->index;
      if (!p.macSet) l.mac = parent->mac;
      if (!p.mtuSet) l.mtu = parent->mtu;
    }
  }
  return st;
}

std::string readFile(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace ifkit::plan::test
