// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/stanza_values.h"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>
#include <charconv>

namespace ifkit::native::ifupdown {

std::optional<int> integerOf(std::string_view value) {
  int number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return number;
}

namespace {

// A dotted IPv4 netmask's prefix length; nullopt when the ones are not contiguous.
std::optional<int> prefixOfNetmask(std::string_view mask) {
  in_addr parsed{};
  if (::inet_pton(AF_INET, std::string(mask).c_str(), &parsed) != 1) return std::nullopt;
  std::uint32_t bits = ntohl(parsed.s_addr);
  int ones = std::countl_one(bits);
  if (ones < 32 && (bits << ones) != 0) return std::nullopt;
  return ones;
}

// ifupdown's netmask for an IPv4 address written without one: its class's (A /8, B /16, C /24).
int classfulPrefixOf(std::string_view address) {
  in_addr parsed{};
  if (::inet_pton(AF_INET, std::string(address).c_str(), &parsed) != 1) return 32;
  std::uint32_t first = ntohl(parsed.s_addr) >> 24;
  if (first < 128) return 8;
  if (first < 192) return 16;
  if (first < 224) return 24;
  return 32;
}

}  // namespace

conf::IpDef addressOf(std::string_view address, std::optional<std::string_view> netmask,
                      conf::Family family) {
  conf::IpDef ip;
  if (auto slash = address.find('/'); slash != std::string_view::npos) {
    ip.address = std::string(address.substr(0, slash));
    ip.prefix = integerOf(address.substr(slash + 1)).value_or(0);
    return ip;
  }
  ip.address = std::string(address);
  if (netmask) {
    if (auto bits = integerOf(*netmask)) ip.prefix = *bits;
    else if (family == conf::Family::Ipv4) ip.prefix = prefixOfNetmask(*netmask).value_or(0);
  }
  if (ip.prefix == 0) ip.prefix = family == conf::Family::Ipv4 ? classfulPrefixOf(ip.address) : 128;
  return ip;
}

std::optional<bool> booleanOf(std::string_view value) {
  if (value == "on" || value == "yes" || value == "1") return true;
  if (value == "off" || value == "no" || value == "0") return false;
  return std::nullopt;
}

std::optional<conf::BondMode> bondModeOf(std::string_view value) {
  static constexpr std::pair<std::string_view, conf::BondMode> kModes[] = {
      {"balance-rr", conf::BondMode::BalanceRr},   {"active-backup", conf::BondMode::ActiveBackup},
      {"balance-xor", conf::BondMode::BalanceXor}, {"broadcast", conf::BondMode::Broadcast},
      {"802.3ad", conf::BondMode::Ieee8023ad},     {"balance-tlb", conf::BondMode::BalanceTlb},
      {"balance-alb", conf::BondMode::BalanceAlb}};
  if (auto number = integerOf(value)) {
    if (*number >= 0 && *number < static_cast<int>(std::size(kModes)))
      return kModes[static_cast<std::size_t>(*number)].second;
    return std::nullopt;
  }
  for (const auto& [word, mode] : kModes)
    if (word == value) return mode;
  return std::nullopt;
}

std::optional<conf::ArpValidate> arpValidateOf(std::string_view value) {
  if (value == "active" || value == "1") return conf::ArpValidate::Active;
  if (value == "backup" || value == "2") return conf::ArpValidate::Backup;
  if (value == "all" || value == "3") return conf::ArpValidate::All;
  return std::nullopt;
}

std::optional<VlanName> vlanNameOf(std::string_view name) {
  auto digitsOnly = [](std::string_view s) {
    return !s.empty() && s.size() <= 5 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto tagOf = [](std::string_view digits) { return std::to_string(*integerOf(digits)); };
  if (auto dot = name.rfind('.'); dot != std::string_view::npos && dot > 0 &&
                                  digitsOnly(name.substr(dot + 1)))
    return VlanName{std::string(name.substr(0, dot)), tagOf(name.substr(dot + 1))};
  if (name.starts_with("vlan") && digitsOnly(name.substr(4)))
    return VlanName{"", tagOf(name.substr(4))};
  return std::nullopt;
}

}  // namespace ifkit::native::ifupdown
