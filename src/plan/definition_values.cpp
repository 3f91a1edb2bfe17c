// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/definition_values.cpp: definition text and enums turned into kernel values.
#include "plan/definition_values.h"

#include <cerrno>
#include <charconv>

#include "plan/plan_error.h"

namespace ifkit::plan {

std::uint8_t defaultPrefixLength(const host::IpAddress& address) {
  if (address.family == host::IpFamily::V6) return 64;
  const std::uint8_t first = address.bytes[0];
  if (first < 128) return 8;
  if (first < 192) return 16;
  if (first < 224) return 24;
  return 32;
}

std::optional<host::IpPrefix> prefixOf(const conf::IpDef& ip, conf::Family family) {
  auto address = host::IpAddress::parse(ip.address);
  if (!address || address->family != familyOf(family)) return std::nullopt;
  const int max = address->family == host::IpFamily::V4 ? 32 : 128;
  if (ip.prefix < 0 || ip.prefix > max) return std::nullopt;
  const std::uint8_t length =
      ip.prefix == 0 ? defaultPrefixLength(*address) : static_cast<std::uint8_t>(ip.prefix);
  return host::IpPrefix{*address, length};
}

std::optional<std::uint32_t> centisecondsOf(std::string_view seconds) {
  const auto point = seconds.find('.');
  const std::string_view whole = seconds.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : seconds.substr(point + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  std::uint64_t cs = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    cs = cs * 10 + static_cast<unsigned>(c - '0');
    if (cs > 42949672) return std::nullopt;  // more centiseconds than 32 bits hold
  }
  cs *= 100;
  unsigned scale = 10;
  bool roundUp = false;
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    const char c = fraction[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (i < 2) {
      cs += static_cast<unsigned>(c - '0') * scale;
      scale /= 10;
    } else if (i == 2) {
      roundUp = c >= '5';
    }
  }
  if (roundUp) ++cs;
  if (cs > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(cs);
}

Result<host::BridgeParams> bridgeParamsOf(const conf::BridgeDef& bridge) {
  host::BridgeParams p;
  p.stp = bridge.stp;
  if (bridge.delay) {
    p.forwardDelayCs = centisecondsOf(*bridge.delay);
    if (!p.forwardDelayCs)
      return planError("bridge delay '" + *bridge.delay + "' is not a number of seconds", EINVAL);
  }
  return p;
}

namespace {

host::BondMode modeOf(conf::BondMode mode) {
  switch (mode) {
    case conf::BondMode::BalanceRr:
      return host::BondMode::BalanceRr;
    case conf::BondMode::ActiveBackup:
      return host::BondMode::ActiveBackup;
    case conf::BondMode::BalanceXor:
      return host::BondMode::BalanceXor;
    case conf::BondMode::Broadcast:
      return host::BondMode::Broadcast;
    case conf::BondMode::Ieee8023ad:
      return host::BondMode::Ieee8023ad;
    case conf::BondMode::BalanceTlb:
      return host::BondMode::BalanceTlb;
    case conf::BondMode::BalanceAlb:
      return host::BondMode::BalanceAlb;
  }
  return host::BondMode::BalanceRr;
}

host::ArpValidate validateOf(conf::ArpValidate value) {
  switch (value) {
    case conf::ArpValidate::Active:
      return host::ArpValidate::Active;
    case conf::ArpValidate::Backup:
      return host::ArpValidate::Backup;
    case conf::ArpValidate::All:
      return host::ArpValidate::All;
  }
  return host::ArpValidate::None;
}

}  // namespace

Result<host::BondParams> bondParamsOf(const conf::BondDef& bond) {
  host::BondParams p;
  if (bond.mode) p.mode = modeOf(*bond.mode);
  if (const auto* mii = std::get_if<conf::MiimonDef>(&bond.monitor)) {
    if (mii->freq < 0)
      return planError("miimon freq " + std::to_string(mii->freq) + " is negative", EINVAL);
    p.miimon = static_cast<std::uint32_t>(mii->freq);
    // libvirt prints the delays only when positive: 0 and below mean "not set".
    if (mii->upDelay > 0) p.updelay = static_cast<std::uint32_t>(mii->upDelay);
    if (mii->downDelay > 0) p.downdelay = static_cast<std::uint32_t>(mii->downDelay);
    if (mii->carrier) p.useCarrier = *mii->carrier == conf::MiiCarrier::Netif;
  } else if (const auto* arp = std::get_if<conf::ArpmonDef>(&bond.monitor)) {
    if (arp->interval < 0)
      return planError("arpmon interval " + std::to_string(arp->interval) + " is negative", EINVAL);
    p.arpInterval = static_cast<std::uint32_t>(arp->interval);
    auto target = host::IpAddress::parse(arp->target);
    if (!target || target->family != host::IpFamily::V4)
      return planError("arpmon target '" + arp->target + "' is not an IPv4 address", EINVAL);
    p.arpTargets = std::vector<host::IpAddress>{*target};
    if (arp->validate) p.arpValidate = validateOf(*arp->validate);
  }
  return p;
}

std::optional<std::uint16_t> vlanIdOf(const conf::VlanDef& vlan) {
  unsigned id = 0;
  const char* end = vlan.tag.data() + vlan.tag.size();
  auto [ptr, ec] = std::from_chars(vlan.tag.data(), end, id);
  if (ec != std::errc() || ptr != end || vlan.tag.empty() || id > 4095) return std::nullopt;
  return static_cast<std::uint16_t>(id);
}

host::IpFamily familyOf(conf::Family family) {
  return family == conf::Family::Ipv4 ? host::IpFamily::V4 : host::IpFamily::V6;
}

}  // namespace ifkit::plan
