// SPDX-License-Identifier: LGPL-2.1-or-later
// InterfaceDef: the value model of libvirt's interface XML (no I/O, no XML).
//
// One InterfaceDef is one <interface> element, top-level or nested (a bridge member, a bond
// slave). Only a top-level interface carries start mode, mtu and protocols: libvirt never
// reads them on nested interfaces, which inherit them from the top. Absence is explicit
// (std::optional, or 0 where libvirt itself uses 0 for "unset").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ifkit::conf {

enum class StartMode { None, Onboot, Hotplug };
enum class LinkState { Unknown, NotPresent, Down, LowerLayerDown, Testing, Dormant, Up };
enum class Family { Ipv4, Ipv6 };
enum class BondMode { BalanceRr, ActiveBackup, BalanceXor, Broadcast, Ieee8023ad, BalanceTlb,
                      BalanceAlb };
enum class MiiCarrier { Ioctl, Netif };
enum class ArpValidate { Active, Backup, All };

struct LinkDef {
  std::uint32_t speed = 0;  // Mbit/s; 0 = unset
  std::optional<LinkState> state;
  bool operator==(const LinkDef&) const = default;
};

struct IpDef {
  std::string address;  // kept as written: libvirt does not check it against the family
  int prefix = 0;       // 0 = no prefix; libvirt keeps negative and out-of-range values
  bool operator==(const IpDef&) const = default;
};

struct DhcpDef {
  std::optional<bool> peerDns;
  bool operator==(const DhcpDef&) const = default;
};

struct ProtocolDef {
  Family family = Family::Ipv4;
  bool autoconf = false;  // ipv6 only
  std::optional<DhcpDef> dhcp;
  std::vector<IpDef> ips;
  std::optional<std::string> gateway;  // the first <route>'s gateway, kept as written
  bool operator==(const ProtocolDef&) const = default;
};

struct InterfaceDef;

struct EthernetDef {
  std::optional<std::string> mac;  // kept as written: libvirt echoes it unchecked, case and all
  bool operator==(const EthernetDef&) const = default;
};

struct BridgeDef {
  std::optional<bool> stp;
  std::optional<std::string> delay;  // libvirt echoes <bridge delay> as written, so it stays text
  std::vector<InterfaceDef> members;
  bool operator==(const BridgeDef&) const;
};

struct MiimonDef {
  int freq = 0;       // printed even when 0 or negative
  int downDelay = 0;  // printed only when > 0
  int upDelay = 0;    // printed only when > 0
  std::optional<MiiCarrier> carrier;
  bool operator==(const MiimonDef&) const = default;
};

struct ArpmonDef {
  int interval = 0;    // printed even when 0 or negative
  std::string target;  // kept as written; never empty
  std::optional<ArpValidate> validate;
  bool operator==(const ArpmonDef&) const = default;
};

struct BondDef {
  std::optional<BondMode> mode;
  std::variant<std::monostate, MiimonDef, ArpmonDef> monitor;  // miimon wins over arpmon
  std::vector<InterfaceDef> slaves;
  bool operator==(const BondDef&) const;
};

struct VlanDef {
  std::string tag;     // libvirt echoes the tag unchecked, so it stays text; never empty
  std::string parent;  // the parent interface's name; never empty
  bool operator==(const VlanDef&) const = default;
};

using KindDef = std::variant<EthernetDef, BridgeDef, BondDef, VlanDef>;

struct InterfaceDef {
  std::string name;  // any string at this layer; the system driver checks kernel rules
  // Top level only.
  std::optional<StartMode> startMode;
  std::uint32_t mtu = 0;  // 0 = unset
  std::vector<ProtocolDef> protocols;
  // Every type but bridge.
  std::optional<LinkDef> link;
  KindDef kind;

  bool operator==(const InterfaceDef&) const = default;

  bool isEthernet() const { return std::holds_alternative<EthernetDef>(kind); }
  bool isBridge() const { return std::holds_alternative<BridgeDef>(kind); }
  bool isBond() const { return std::holds_alternative<BondDef>(kind); }
  bool isVlan() const { return std::holds_alternative<VlanDef>(kind); }
  // The MAC libvirt reports for this definition: an ethernet's <mac>, else none.
  std::optional<std::string_view> mac() const;
};

// The type attribute's word for each kind: "ethernet", "bridge", "bond", "vlan".
const char* typeName(const KindDef& kind);

// libvirt's word for each enum value ("onboot", "802.3ad", ...) and back. parseWord compares
// exactly, case-sensitive and untrimmed, as libvirt does.
std::string_view wordOf(StartMode value);
std::string_view wordOf(LinkState value);
std::string_view wordOf(Family value);
std::string_view wordOf(BondMode value);
std::string_view wordOf(MiiCarrier value);
std::string_view wordOf(ArpValidate value);
template <class Enum>
std::optional<Enum> parseWord(std::string_view word);
template <> std::optional<StartMode> parseWord<StartMode>(std::string_view word);
template <> std::optional<LinkState> parseWord<LinkState>(std::string_view word);
template <> std::optional<Family> parseWord<Family>(std::string_view word);
template <> std::optional<BondMode> parseWord<BondMode>(std::string_view word);
template <> std::optional<MiiCarrier> parseWord<MiiCarrier>(std::string_view word);
template <> std::optional<ArpValidate> parseWord<ArpValidate>(std::string_view word);

}  // namespace ifkit::conf
