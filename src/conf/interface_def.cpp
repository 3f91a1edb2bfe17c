// SPDX-License-Identifier: LGPL-2.1-or-later
// The model's small behaviours: equality of recursive kinds, and the words of its enums.
#include "conf/interface_def.h"

#include <array>
#include <utility>

namespace ifkit::conf {
namespace {

template <class Enum, std::size_t N>
using WordTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr WordTable<StartMode, 3> kStartModes{{
    {StartMode::None, "none"}, {StartMode::Onboot, "onboot"}, {StartMode::Hotplug, "hotplug"}}};
constexpr WordTable<LinkState, 7> kLinkStates{{{LinkState::Unknown, "unknown"},
                                               {LinkState::NotPresent, "notpresent"},
                                               {LinkState::Down, "down"},
                                               {LinkState::LowerLayerDown, "lowerlayerdown"},
                                               {LinkState::Testing, "testing"},
                                               {LinkState::Dormant, "dormant"},
                                               {LinkState::Up, "up"}}};
constexpr WordTable<Family, 2> kFamilies{{{Family::Ipv4, "ipv4"}, {Family::Ipv6, "ipv6"}}};
constexpr WordTable<BondMode, 7> kBondModes{{{BondMode::BalanceRr, "balance-rr"},
                                             {BondMode::ActiveBackup, "active-backup"},
                                             {BondMode::BalanceXor, "balance-xor"},
                                             {BondMode::Broadcast, "broadcast"},
                                             {BondMode::Ieee8023ad, "802.3ad"},
                                             {BondMode::BalanceTlb, "balance-tlb"},
                                             {BondMode::BalanceAlb, "balance-alb"}}};
constexpr WordTable<MiiCarrier, 2> kCarriers{{{MiiCarrier::Ioctl, "ioctl"},
                                              {MiiCarrier::Netif, "netif"}}};
constexpr WordTable<ArpValidate, 3> kValidates{{{ArpValidate::Active, "active"},
                                                {ArpValidate::Backup, "backup"},
                                                {ArpValidate::All, "all"}}};

template <class Enum, std::size_t N>
std::string_view lookupWord(const WordTable<Enum, N>& table, Enum value) {
  for (const auto& [v, word] : table)
    if (v == value) return word;
  return {};
}

template <class Enum, std::size_t N>
std::optional<Enum> lookupValue(const WordTable<Enum, N>& table, std::string_view word) {
  for (const auto& [v, w] : table)
    if (w == word) return v;
  return std::nullopt;
}

}  // namespace

// Written out rather than defaulted: clang 14 (Debian 12's, used for the fuzzer) crashes on a
// defaulted comparison of a type that holds a vector of its enclosing type.
bool BridgeDef::operator==(const BridgeDef& other) const {
  return stp == other.stp && delay == other.delay && members == other.members;
}
bool BondDef::operator==(const BondDef& other) const {
  return mode == other.mode && monitor == other.monitor && slaves == other.slaves;
}

std::optional<std::string_view> InterfaceDef::mac() const {
  if (const auto* ethernet = std::get_if<EthernetDef>(&kind); ethernet && ethernet->mac)
    return *ethernet->mac;
  return std::nullopt;
}

const char* typeName(const KindDef& kind) {
  static constexpr std::array<const char*, std::variant_size_v<KindDef>> kNames{
      "ethernet", "bridge", "bond", "vlan"};
  return kNames[kind.index()];
}

std::string_view wordOf(StartMode value) { return lookupWord(kStartModes, value); }
std::string_view wordOf(LinkState value) { return lookupWord(kLinkStates, value); }
std::string_view wordOf(Family value) { return lookupWord(kFamilies, value); }
std::string_view wordOf(BondMode value) { return lookupWord(kBondModes, value); }
std::string_view wordOf(MiiCarrier value) { return lookupWord(kCarriers, value); }
std::string_view wordOf(ArpValidate value) { return lookupWord(kValidates, value); }

template <>
std::optional<StartMode> parseWord(std::string_view w) { return lookupValue(kStartModes, w); }
template <>
std::optional<LinkState> parseWord(std::string_view w) { return lookupValue(kLinkStates, w); }
template <>
std::optional<Family> parseWord(std::string_view w) { return lookupValue(kFamilies, w); }
template <>
std::optional<BondMode> parseWord(std::string_view w) { return lookupValue(kBondModes, w); }
template <>
std::optional<MiiCarrier> parseWord(std::string_view w) { return lookupValue(kCarriers, w); }
template <>
std::optional<ArpValidate> parseWord(std::string_view w) { return lookupValue(kValidates, w); }

}  // namespace ifkit::conf
