// SPDX-License-Identifier: LGPL-2.1-or-later
// Define-time checks that libvirt's parser leaves out but a real host needs.
#include "conf/host_checks.h"

#include <arpa/inet.h>

#include <cctype>
#include <string>
#include <string_view>
#include <variant>

#include "conf/xml_read.h"

namespace ifkit::conf {
namespace {

// Linux's IFNAMSIZ less the terminating NUL.
constexpr std::size_t kMaxInterfaceNameBytes = 15;
// The smallest MTU the kernel accepts for an IPv4-capable link (RFC 791's 68).
constexpr std::uint32_t kMinMtu = 68;
constexpr int kMaxVlanTag = 4095;

Error invalidValue(std::string_view value, const char* attribute, const char* element,
                   const char* reason) {
  std::string detail = "invalid value '";
  detail += value;
  detail += std::string("' for attribute '") + attribute + "' of element '" + element + "': " + reason;
  return interfaceXmlError(detail);
}

bool isAddressOf(Family family, const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(family == Family::Ipv4 ? AF_INET : AF_INET6, text.c_str(), buffer) == 1;
}

const char* notAnAddress(Family family) {
  return family == Family::Ipv4 ? "not an IPv4 address" : "not an IPv6 address";
}

bool isMacAddress(std::string_view mac) {
  if (mac.size() != 17) return false;
  for (std::size_t i = 0; i < mac.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(mac[i]);
    if (i % 3 == 2 ? c != ':' : !std::isxdigit(c)) return false;
  }
  return true;
}

bool isDecimalNumber(std::string_view text, bool allowFraction) {
  std::size_t digits = 0;
  bool seenPoint = false;
  for (char c : text) {
    if (c == '.' && allowFraction && !seenPoint) {
      seenPoint = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0;
}

constexpr const char* kNameRule =
    "not a kernel interface name (1 to 15 bytes, no '/', ':' or whitespace, not '.' or '..')";

// Names dev_valid_name lets through but the kernel still refuses, or changes, when it makes the
// device (each tried on a 6.x kernel): "all" and "default" are its sysctl folders
// (net.ipv4.conf.all; `ip link add all` fails with EINVAL), "bonding_masters" the bonding
// driver's file in /sys/class/net (EEXIST once the driver is loaded).
constexpr std::string_view kReservedNames[] = {"all", "default", "bonding_masters"};
// A VLAN's name is also a file of /proc/net/vlan/, beside that folder's own "config".
constexpr std::string_view kReservedVlanName = "config";

// Why the kernel would refuse `name` at start, or make another name of it; nullptr if it would
// not. `topLevel`: the interface is a definition of its own, a file of the store.
const char* nameProblem(std::string_view name, bool topLevel, bool vlan) {
  if (!isKernelInterfaceName(name)) return kNameRule;
  for (std::string_view reserved : kReservedNames)
    if (name == reserved)
      return "a name the kernel reserves ('all' and 'default' for its sysctl folders, "
             "'bonding_masters' for the bonding driver)";
  if (vlan && name == kReservedVlanName)
    return "a name the kernel reserves for VLANs (/proc/net/vlan/config)";
  // "br%d" is a pattern to the kernel: it makes br0, br1, ... and no link of this name.
  if (name.find('%') != std::string_view::npos) return "'%' makes the kernel choose another name";
  // A stored definition is NAME.xml, and the store keeps names starting with '.' for its own
  // files: such a definition would never be listed nor started at boot.
  if (topLevel && name.starts_with('.'))
    return "a name starting with '.' (the store keeps those for its own files)";
  return nullptr;
}

Status checkProtocol(const ProtocolDef& protocol) {
  const int maxPrefix = protocol.family == Family::Ipv4 ? 32 : 128;
  for (const auto& ip : protocol.ips) {
    if (!isAddressOf(protocol.family, ip.address))
      return invalidValue(ip.address, "address", "ip", notAnAddress(protocol.family));
    // 0 is libvirt's "no prefix given"; anything else must be a real prefix length.
    if (ip.prefix != 0 && (ip.prefix < 1 || ip.prefix > maxPrefix))
      return invalidValue(std::to_string(ip.prefix), "prefix", "ip",
                          protocol.family == Family::Ipv4 ? "outside 1..32" : "outside 1..128");
  }
  if (protocol.gateway && !isAddressOf(protocol.family, *protocol.gateway))
    return invalidValue(*protocol.gateway, "gateway", "route", notAnAddress(protocol.family));
  return Status();
}

Status checkKind(const InterfaceDef& def);

Status checkInterface(const InterfaceDef& def, bool topLevel) {
  if (const char* problem =
          nameProblem(def.name, topLevel, std::holds_alternative<VlanDef>(def.kind)))
    return invalidValue(def.name, "name", "interface", problem);
  if (def.mtu != 0 && def.mtu < kMinMtu)
    return invalidValue(std::to_string(def.mtu), "size", "mtu", "below the minimum of 68");
  for (const auto& protocol : def.protocols)
    if (Status st = checkProtocol(protocol); !st) return st;
  return checkKind(def);
}

Status checkKind(const InterfaceDef& def) {
  if (const auto* ethernet = std::get_if<EthernetDef>(&def.kind)) {
    if (ethernet->mac && !isMacAddress(*ethernet->mac))
      return invalidValue(*ethernet->mac, "address", "mac",
                          "not a MAC address (six hex pairs separated by ':')");
  } else if (const auto* bridge = std::get_if<BridgeDef>(&def.kind)) {
    if (bridge->delay && !isDecimalNumber(*bridge->delay, true))
      return invalidValue(*bridge->delay, "delay", "bridge", "not a non-negative number");
    for (const auto& member : bridge->members)
      if (Status st = checkInterface(member, false); !st) return st;
  } else if (const auto* bond = std::get_if<BondDef>(&def.kind)) {
    if (const auto* arp = std::get_if<ArpmonDef>(&bond->monitor); arp && !isAddressOf(Family::Ipv4, arp->target))
      return invalidValue(arp->target, "target", "arpmon", "not an IPv4 address");
    for (const auto& slave : bond->slaves)
      if (Status st = checkInterface(slave, false); !st) return st;
  } else if (const auto* vlan = std::get_if<VlanDef>(&def.kind)) {
    const auto tag = isDecimalNumber(vlan->tag, false) && vlan->tag.size() <= 4
                         ? parseI32(vlan->tag) : std::nullopt;
    if (!tag || *tag > kMaxVlanTag)
      return invalidValue(vlan->tag, "tag", "vlan", "not a number in 0..4095");
    if (const char* problem = nameProblem(vlan->parent, false, false))
      return invalidValue(vlan->parent, "name", "interface", problem);
  }
  return Status();
}

}  // namespace

bool isKernelInterfaceName(std::string_view name) {
  if (name.empty() || name.size() > kMaxInterfaceNameBytes || name == "." || name == "..")
    return false;
  // ':' was the kernel's alias separator (eth0:1): dev_valid_name refuses it like '/'. The
  // kernel's isspace also holds 0xa0 (Latin-1's no-break space), which C's does not.
  for (char c : name)
    if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)) || c == '\0' ||
        static_cast<unsigned char>(c) == 0xa0)
      return false;
  return true;
}

Status checkHostValues(const InterfaceDef& def) { return checkInterface(def, true); }

Status checkSupportedOnHost(const InterfaceDef& def) {
  for (const auto& protocol : def.protocols)
    if (protocol.family == Family::Ipv6 && protocol.dhcp) {
      const std::string where = "<dhcp/> in the ipv6 protocol of interface '" + def.name + "'";
      return interfaceXmlError("DHCPv6 is not supported by ifkit on this host (" + where + ")");
    }
  // libvirt's parser reads <protocol> on the top-level interface only; nested ones carry none.
  return Status();
}

Status checkForHost(const InterfaceDef& def) {
  if (Status st = checkHostValues(def); !st) return st;
  return checkSupportedOnHost(def);
}

}  // namespace ifkit::conf
