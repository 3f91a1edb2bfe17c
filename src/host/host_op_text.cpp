// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/host_op_text.cpp: host operations and their settings written as text and read back.
#include "host/host_op_text.h"

#include <charconv>
#include <utility>
#include <vector>

namespace ifkit::host {
namespace {

constexpr unsigned kLastBondMode = static_cast<unsigned>(BondMode::BalanceAlb);
constexpr unsigned kLastArpValidate = static_cast<unsigned>(ArpValidate::FilterBackup);

template <class T>
bool parseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parseFlag(std::string_view text, bool& out) {
  if (text != "0" && text != "1") return false;
  out = text == "1";
  return true;
}

template <class T>
FieldRead readNumber(std::optional<T>& out, std::string_view value) {
  T n{};
  if (!parseNumber(value, n)) return FieldRead::Malformed;
  out = n;
  return FieldRead::Read;
}

FieldRead readFlag(std::optional<bool>& out, std::string_view value) {
  bool on = false;
  if (!parseFlag(value, on)) return FieldRead::Malformed;
  out = on;
  return FieldRead::Read;
}

// A kernel enum written as its number: bond mode, ARP validation.
template <class E>
FieldRead readEnum(std::optional<E>& out, std::string_view value, unsigned last) {
  unsigned n = 0;
  if (!parseNumber(value, n) || n > last) return FieldRead::Malformed;
  out = static_cast<E>(n);
  return FieldRead::Read;
}

// An operation's line split into its word, its interface and its fields.
struct Line {
  std::string_view word;
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> fields;  // not yet taken

  static std::optional<Line> split(std::string_view text) {
    Line line;
    std::vector<std::string_view> words;
    while (!text.empty()) {
      const auto space = text.find(' ');
      words.push_back(text.substr(0, space));
      text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    }
    if (words.size() < 2 || words[0].empty() || words[1].empty()) return std::nullopt;
    line.word = words[0];
    line.name = words[1];
    for (std::size_t i = 2; i < words.size(); ++i) {
      const auto eq = words[i].find('=');
      if (eq == std::string_view::npos || eq == 0) return std::nullopt;
      line.fields.emplace_back(words[i].substr(0, eq), words[i].substr(eq + 1));
    }
    return line;
  }

  // The value of `key`, taken out of the fields left to read.
  std::optional<std::string_view> take(std::string_view key) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (it->first != key) continue;
      std::string_view value = it->second;
      fields.erase(it);
      return value;
    }
    return std::nullopt;
  }

  // Every field left, as settings of `params`; false if one is not a setting of it.
  template <class Params>
  bool takeSettings(Params& params) {
    for (const auto& [key, value] : fields)
      if (readField(params, key, value) != FieldRead::Read) return false;
    fields.clear();
    return true;
  }
};

struct Writer {
  TextBuilder& out;

  void operator()(const op::CreateBridge& o) {
    out << "create-bridge " << o.name;
    writeFields(out, o.params);
  }
  void operator()(const op::CreateBond& o) {
    out << "create-bond " << o.name;
    writeFields(out, o.params);
  }
  void operator()(const op::CreateVlan& o) {
    out << "create-vlan " << o.name << " parent=" << o.parent << " vid=" << o.id;
  }
  void operator()(const op::DeleteLink& o) { out << "delete " << o.name; }
  void operator()(const op::SetMaster& o) {
    out << "set-master " << o.name << " master=" << o.master;
  }
  void operator()(const op::SetMtu& o) { out << "set-mtu " << o.name << " mtu=" << o.mtu; }
  void operator()(const op::SetMac& o) {
    out << "set-mac " << o.name << " mac=" << o.mac.toString();
  }
  void operator()(const op::SetUp& o) { out << "set-up " << o.name << " up=" << (o.up ? 1 : 0); }
  void operator()(const op::SetBridge& o) {
    out << "set-bridge " << o.name;
    writeFields(out, o.params);
  }
  void operator()(const op::SetBond& o) {
    out << "set-bond " << o.name;
    writeFields(out, o.params);
  }
  void operator()(const op::AddAddress& o) {
    out << "add-address " << o.name << " prefix=" << o.prefix.toString();
    if (o.nodad) out << " nodad=1";
  }
  void operator()(const op::RemoveAddress& o) {
    out << "remove-address " << o.name << " prefix=" << o.prefix.toString();
  }
  void operator()(const op::AddDefaultRoute& o) {
    out << "add-default-route " << o.name << " gateway=" << o.gateway.toString();
    if (o.metric) out << " metric=" << *o.metric;
    if (o.protocol) out << " protocol=" << unsigned(*o.protocol);
  }
  void operator()(const op::RemoveDefaultRoute& o) {
    out << "remove-default-route " << o.name << " gateway=" << o.gateway.toString();
  }
  void operator()(const op::AddRoute& o) {
    out << "add-route " << o.name << " to=" << o.destination.toString();
    if (o.gateway) out << " gateway=" << o.gateway->toString();
    if (o.metric) out << " metric=" << *o.metric;
    if (o.protocol) out << " protocol=" << unsigned(*o.protocol);
  }
  void operator()(const op::RemoveRoute& o) {
    out << "remove-route " << o.name << " to=" << o.destination.toString();
    if (o.gateway) out << " gateway=" << o.gateway->toString();
    if (o.metric) out << " metric=" << *o.metric;
  }
  void operator()(const op::SetIpv6Autoconf& o) {
    out << "set-ipv6-autoconf " << o.name << " on=" << (o.on ? 1 : 0);
  }
};

std::optional<HostOp> readOp(Line& line) {
  const std::string name(line.name);
  const std::string_view w = line.word;
  if (w == "create-bridge" || w == "set-bridge") {
    BridgeParams p;
    if (!line.takeSettings(p)) return std::nullopt;
    if (w == "create-bridge") return op::CreateBridge{name, p};
    return op::SetBridge{name, p};
  }
  if (w == "create-bond" || w == "set-bond") {
    BondParams p;
    if (!line.takeSettings(p)) return std::nullopt;
    if (w == "create-bond") return op::CreateBond{name, p};
    return op::SetBond{name, p};
  }
  if (w == "create-vlan") {
    auto parent = line.take("parent");
    auto vid = line.take("vid");
    std::uint16_t id = 0;
    if (!parent || parent->empty() || !vid || !parseNumber(*vid, id)) return std::nullopt;
    return op::CreateVlan{name, std::string(*parent), id};
  }
  if (w == "delete") return op::DeleteLink{name};
  if (w == "set-master") {
    auto master = line.take("master");
    if (!master) return std::nullopt;
    return op::SetMaster{name, std::string(*master)};
  }
  if (w == "set-mtu") {
    auto text = line.take("mtu");
    std::uint32_t mtu = 0;
    if (!text || !parseNumber(*text, mtu)) return std::nullopt;
    return op::SetMtu{name, mtu};
  }
  if (w == "set-mac") {
    auto text = line.take("mac");
    auto mac = text ? MacAddress::parse(*text) : std::nullopt;
    if (!mac) return std::nullopt;
    return op::SetMac{name, *mac};
  }
  if (w == "set-up" || w == "set-ipv6-autoconf") {
    auto text = line.take(w == "set-up" ? "up" : "on");
    bool on = false;
    if (!text || !parseFlag(*text, on)) return std::nullopt;
    if (w == "set-up") return op::SetUp{name, on};
    return op::SetIpv6Autoconf{name, on};
  }
  if (w == "add-address" || w == "remove-address") {
    auto text = line.take("prefix");
    auto prefix = text ? IpPrefix::parse(*text) : std::nullopt;
    if (!prefix) return std::nullopt;
    if (w == "remove-address") return op::RemoveAddress{name, *prefix};
    bool nodad = false;
    if (auto flag = line.take("nodad"); flag && !parseFlag(*flag, nodad)) return std::nullopt;
    return op::AddAddress{name, *prefix, nodad};
  }
  if (w == "add-route" || w == "remove-route") {
    auto to = line.take("to");
    auto destination = to ? IpPrefix::parse(*to) : std::nullopt;
    if (!destination) return std::nullopt;
    std::optional<IpAddress> gateway;
    if (auto text = line.take("gateway")) {
      gateway = IpAddress::parse(*text);
      if (!gateway) return std::nullopt;
    }
    std::optional<std::uint32_t> metric;
    if (auto text = line.take("metric")) {
      std::uint32_t n = 0;
      if (!parseNumber(*text, n)) return std::nullopt;
      metric = n;
    }
    if (w == "remove-route") return op::RemoveRoute{name, *destination, gateway, metric};
    std::optional<std::uint8_t> protocol;
    if (auto text = line.take("protocol")) {
      std::uint8_t n = 0;
      if (!parseNumber(*text, n)) return std::nullopt;
      protocol = n;
    }
    return op::AddRoute{name, *destination, gateway, metric, protocol};
  }
  if (w == "add-default-route" || w == "remove-default-route") {
    auto text = line.take("gateway");
    auto gateway = text ? IpAddress::parse(*text) : std::nullopt;
    if (!gateway) return std::nullopt;
    if (w == "add-default-route") {
      op::AddDefaultRoute add{name, *gateway};
      if (auto metric = line.take("metric")) {
        std::uint32_t n = 0;
        if (!parseNumber(*metric, n)) return std::nullopt;
        add.metric = n;
      }
      if (auto protocol = line.take("protocol")) {
        std::uint8_t n = 0;
        if (!parseNumber(*protocol, n)) return std::nullopt;
        add.protocol = n;
      }
      return add;
    }
    return op::RemoveDefaultRoute{name, *gateway};
  }
  return std::nullopt;
}

}  // namespace

std::string opText(const HostOp& op) {
  TextBuilder out;
  std::visit(Writer{out}, op);
  return std::move(out).str();
}

std::optional<HostOp> parseOpText(std::string_view text) {
  auto line = Line::split(text);
  if (!line) return std::nullopt;
  auto op = readOp(*line);
  if (!op || !line->fields.empty()) return std::nullopt;  // a field no operation reads
  return op;
}

void writeFields(TextBuilder& out, const BridgeParams& p) {
  if (p.stp) out << " stp=" << (*p.stp ? 1 : 0);
  if (p.forwardDelayCs) out << " delay=" << *p.forwardDelayCs;
}

void writeFields(TextBuilder& out, const BondParams& p) {
  if (p.mode) out << " mode=" << static_cast<unsigned>(*p.mode);
  if (p.miimon) out << " miimon=" << *p.miimon;
  if (p.updelay) out << " updelay=" << *p.updelay;
  if (p.downdelay) out << " downdelay=" << *p.downdelay;
  if (p.useCarrier) out << " carrier=" << (*p.useCarrier ? 1 : 0);
  if (p.arpInterval) out << " arpinterval=" << *p.arpInterval;
  if (p.arpValidate) out << " arpvalidate=" << static_cast<unsigned>(*p.arpValidate);
  if (p.arpTargets) {
    out << " arptargets=";
    for (std::size_t i = 0; i < p.arpTargets->size(); ++i)
      out << (i ? "," : "") << (*p.arpTargets)[i].toString();
  }
}

FieldRead readField(BridgeParams& p, std::string_view key, std::string_view value) {
  if (key == "stp") return readFlag(p.stp, value);
  if (key == "delay") return readNumber(p.forwardDelayCs, value);
  return FieldRead::NotMine;
}

FieldRead readField(BondParams& p, std::string_view key, std::string_view value) {
  if (key == "mode") return readEnum(p.mode, value, kLastBondMode);
  if (key == "miimon") return readNumber(p.miimon, value);
  if (key == "updelay") return readNumber(p.updelay, value);
  if (key == "downdelay") return readNumber(p.downdelay, value);
  if (key == "carrier") return readFlag(p.useCarrier, value);
  if (key == "arpinterval") return readNumber(p.arpInterval, value);
  if (key == "arpvalidate") return readEnum(p.arpValidate, value, kLastArpValidate);
  if (key != "arptargets") return FieldRead::NotMine;
  std::vector<IpAddress> targets;
  while (!value.empty()) {
    const auto comma = value.find(',');
    auto ip = IpAddress::parse(value.substr(0, comma));
    if (!ip) return FieldRead::Malformed;
    targets.push_back(*ip);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  p.arpTargets = std::move(targets);
  return FieldRead::Read;
}

BridgeInfo infoOf(const BridgeParams& p) {
  BridgeInfo b;
  if (p.stp) b.stp = *p.stp;
  if (p.forwardDelayCs) b.forwardDelayCs = *p.forwardDelayCs;
  return b;
}

BondInfo infoOf(const BondParams& p) {
  BondInfo b;
  if (p.mode) b.mode = *p.mode;
  if (p.miimon) b.miimon = *p.miimon;
  if (p.updelay) b.updelay = *p.updelay;
  if (p.downdelay) b.downdelay = *p.downdelay;
  if (p.useCarrier) b.useCarrier = *p.useCarrier;
  if (p.arpInterval) b.arpInterval = *p.arpInterval;
  if (p.arpTargets) b.arpTargets = *p.arpTargets;
  if (p.arpValidate) b.arpValidate = *p.arpValidate;
  return b;
}

}  // namespace ifkit::host
