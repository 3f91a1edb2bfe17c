// SPDX-License-Identifier: LGPL-2.1-or-later
// The .parsed file's format: a header line, then tokens each followed by one space: integers in
// decimal, strings as LENGTH:BYTES (any bytes, none escaped), optionals as 0, or 1 and the value,
// variants as their index and the alternative. Written and read by hand: it holds ifkit's own
// structure, for ifkit alone, and must be read without the XML parser it spares.
#include "store/parsed_cache.h"

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <type_traits>
#include <variant>

namespace ifkit::store {
namespace {

// A new format, or a change to what an InterfaceDef holds, takes a new header: a file of the old
// one is then ignored (and written anew by the next parse), never misread.
constexpr std::string_view kHeader = "ifkit parsed definitions 1\n";
#if defined(__x86_64__) || defined(__aarch64__)
// A tripwire for a member added to the definitions without a line here (and a new header).
static_assert(sizeof(conf::InterfaceDef) == 184 && sizeof(conf::ProtocolDef) == 72 &&
                  sizeof(conf::BondDef) == 88 && sizeof(conf::BridgeDef) == 72,
              "the definitions changed: encode the new members and bump kHeader");
#endif
// Bridges hold bonds hold ethernets: libvirt nests three deep. A file nesting deeper is damaged.
constexpr int kMaxNesting = 8;

class Writer {
 public:
  void number(long long n) {
    digits(n);
    out_.push_back(' ');
  }
  void text(std::string_view s) {
    digits(static_cast<long long>(s.size()));
    out_.push_back(':');
    out_.append(s).push_back(' ');
  }
  // Whether there is a value, then the value as `write` writes it.
  template <class T, class Write>
  void optional(const std::optional<T>& v, Write write) {
    number(v ? 1 : 0);
    if (v) write(*v);
  }
  template <class T>
  void optional(const std::optional<T>& v) {
    optional(v, [this](const T& held) { value(held); });
  }
  // How many, then each as `write` writes it.
  template <class T, class Write>
  void list(const std::vector<T>& items, Write write) {
    number(static_cast<long long>(items.size()));
    for (const T& item : items) write(item);
  }
  void value(bool b) { number(b ? 1 : 0); }
  void value(const std::string& s) { text(s); }
  template <class Enum>
  requires std::is_enum_v<Enum>
  void value(Enum e) { number(static_cast<long long>(e)); }

  void definition(const conf::InterfaceDef& d);
  std::string take() && { return std::move(out_); }
  std::string& raw() { return out_; }

 private:
  void digits(long long n) {
    char text[24];
    out_.append(text, std::to_chars(text, text + sizeof text, n).ptr);
  }
  void protocol(const conf::ProtocolDef& p);
  std::string out_;
};

void Writer::protocol(const conf::ProtocolDef& p) {
  value(p.family);
  value(p.autoconf);
  optional(p.dhcp, [&](const conf::DhcpDef& dhcp) { optional(dhcp.peerDns); });
  list(p.ips, [&](const conf::IpDef& ip) {
    text(ip.address);
    number(ip.prefix);
  });
  optional(p.gateway);
}

void Writer::definition(const conf::InterfaceDef& d) {
  text(d.name);
  optional(d.startMode);
  number(d.mtu);
  list(d.protocols, [&](const conf::ProtocolDef& p) { protocol(p); });
  optional(d.link, [&](const conf::LinkDef& link) {
    number(link.speed);
    optional(link.state);
  });
  number(static_cast<long long>(d.kind.index()));
  if (const auto* eth = std::get_if<conf::EthernetDef>(&d.kind)) {
    optional(eth->mac);
  } else if (const auto* br = std::get_if<conf::BridgeDef>(&d.kind)) {
    optional(br->stp);
    optional(br->delay);
    list(br->members, [&](const conf::InterfaceDef& member) { definition(member); });
  } else if (const auto* bond = std::get_if<conf::BondDef>(&d.kind)) {
    optional(bond->mode);
    number(static_cast<long long>(bond->monitor.index()));
    if (const auto* mii = std::get_if<conf::MiimonDef>(&bond->monitor)) {
      number(mii->freq);
      number(mii->downDelay);
      number(mii->upDelay);
      optional(mii->carrier);
    } else if (const auto* arp = std::get_if<conf::ArpmonDef>(&bond->monitor)) {
      number(arp->interval);
      text(arp->target);
      optional(arp->validate);
    }
    list(bond->slaves, [&](const conf::InterfaceDef& slave) { definition(slave); });
  } else if (const auto* vlan = std::get_if<conf::VlanDef>(&d.kind)) {
    text(vlan->tag);
    text(vlan->parent);
  }
}

// Reads what Writer wrote; the first thing out of place makes `ok` false for good, and every read
// after it returns a default value.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool atEnd() const { return in_.empty(); }

  long long number(long long min, long long max) {
    long long n = 0;
    const auto [end, ec] = std::from_chars(in_.data(), in_.data() + in_.size(), n);
    if (ec != std::errc() || end == in_.data() + in_.size() || *end != ' ' || n < min || n > max)
      return fail(0);
    in_.remove_prefix(static_cast<std::size_t>(end - in_.data()) + 1);
    return n;
  }
  // A count of items, each of which takes at least two bytes: more than the bytes left is damage.
  std::size_t count() {
    return static_cast<std::size_t>(number(0, static_cast<long long>(in_.size() / 2)));
  }
  int integer() { return static_cast<int>(number(INT32_MIN, INT32_MAX)); }
  std::uint32_t unsigned32() { return static_cast<std::uint32_t>(number(0, UINT32_MAX)); }
  bool flag() { return number(0, 1) == 1; }
  std::string text() {
    const std::size_t colon = in_.find(':');
    std::size_t size = 0;
    const auto [end, ec] =
        std::from_chars(in_.data(), in_.data() + std::min(colon, in_.size()), size);
    if (colon == std::string_view::npos || ec != std::errc() || end != in_.data() + colon ||
        size > in_.size() - colon - 1 || size == in_.size() - colon - 1 ||
        in_[colon + 1 + size] != ' ')
      return fail(std::string());
    std::string out(in_.substr(colon + 1, size));
    in_.remove_prefix(colon + 2 + size);
    return out;
  }
  template <class Enum>
  Enum word(Enum last) {
    return static_cast<Enum>(number(0, static_cast<long long>(last)));
  }
  template <class T, class Read>
  std::optional<T> optional(Read read) {
    if (!flag() || !ok_) return std::nullopt;
    return read();
  }
  // As many items as the count says, each read by `read`.
  template <class T, class Read>
  std::vector<T> list(Read read) {
    std::vector<T> items;
    for (std::size_t n = count(); n > 0 && ok_; --n) items.push_back(read());
    return items;
  }

  conf::InterfaceDef definition(int nesting);

 private:
  template <class T>
  T fail(T value) {
    ok_ = false;
    in_ = {};
    return value;
  }
  conf::ProtocolDef protocol();

  std::string_view in_;
  bool ok_ = true;
};

conf::ProtocolDef Reader::protocol() {
  conf::ProtocolDef p;
  p.family = word(conf::Family::Ipv6);
  p.autoconf = flag();
  p.dhcp = optional<conf::DhcpDef>(
      [&] { return conf::DhcpDef{optional<bool>([&] { return flag(); })}; });
  p.ips = list<conf::IpDef>([&] {
    conf::IpDef ip;
    ip.address = text();
    ip.prefix = integer();
    return ip;
  });
  p.gateway = optional<std::string>([&] { return text(); });
  return p;
}

conf::InterfaceDef Reader::definition(int nesting) {
  conf::InterfaceDef d;
  if (nesting > kMaxNesting) return fail(d);
  d.name = text();
  d.startMode = optional<conf::StartMode>([&] { return word(conf::StartMode::Hotplug); });
  d.mtu = unsigned32();
  d.protocols = list<conf::ProtocolDef>([&] { return protocol(); });
  d.link = optional<conf::LinkDef>([&] {
    conf::LinkDef link;
    link.speed = unsigned32();
    link.state = optional<conf::LinkState>([&] { return word(conf::LinkState::Up); });
    return link;
  });
  switch (number(0, std::variant_size_v<conf::KindDef> - 1)) {
    case 0:
      d.kind = conf::EthernetDef{optional<std::string>([&] { return text(); })};
      break;
    case 1: {
      conf::BridgeDef br;
      br.stp = optional<bool>([&] { return flag(); });
      br.delay = optional<std::string>([&] { return text(); });
      br.members = list<conf::InterfaceDef>([&] { return definition(nesting + 1); });
      d.kind = std::move(br);
      break;
    }
    case 2: {
      conf::BondDef bond;
      bond.mode = optional<conf::BondMode>([&] { return word(conf::BondMode::BalanceAlb); });
      switch (number(0, 2)) {
        case 1: {
          conf::MiimonDef mii;
          mii.freq = integer();
          mii.downDelay = integer();
          mii.upDelay = integer();
          mii.carrier = optional<conf::MiiCarrier>([&] { return word(conf::MiiCarrier::Netif); });
          bond.monitor = mii;
          break;
        }
        case 2: {
          conf::ArpmonDef arp;
          arp.interval = integer();
          arp.target = text();
          arp.validate = optional<conf::ArpValidate>([&] { return word(conf::ArpValidate::All); });
          bond.monitor = std::move(arp);
          break;
        }
        default:
          break;
      }
      bond.slaves = list<conf::InterfaceDef>([&] { return definition(nesting + 1); });
      d.kind = std::move(bond);
      break;
    }
    default: {
      conf::VlanDef vlan;
      vlan.tag = text();
      vlan.parent = text();
      d.kind = std::move(vlan);
      break;
    }
  }
  return d;
}

}  // namespace

std::string encodeParsedDefinitions(const ParsedDefinitions& all) {
  Writer out;
  out.raw().append(kHeader);
  out.number(static_cast<long long>(all.size()));
  for (const auto& [file, parsed] : all) {
    out.text(file);
    out.text(parsed.text);
    out.definition(parsed.def);
  }
  return std::move(out).take();
}

std::optional<ParsedDefinitions> decodeParsedDefinitions(std::string_view bytes) {
  if (!bytes.starts_with(kHeader)) return std::nullopt;
  Reader in(bytes.substr(kHeader.size()));
  ParsedDefinitions all;
  for (std::size_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string file = in.text();
    ParsedDefinition parsed;
    parsed.text = in.text();
    parsed.def = in.definition(0);
    all.insert_or_assign(std::move(file), std::move(parsed));
  }
  if (!in.ok() || !in.atEnd()) return std::nullopt;
  return all;
}

}  // namespace ifkit::store
