// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/ifupdown_configuration.h"

#include <algorithm>
#include <map>
#include <set>

#include "native/ifupdown/logical_interfaces.h"
#include "native/ifupdown/stanza_values.h"
#include "native/words.h"

namespace ifkit::native::ifupdown {
namespace {

// The options each part of the translation reads; anything else in a stanza is named as
// unexpressed. Canonical spellings ('_' for '-'). Each a function's static, made by the first
// reading of a file: an ifkit process that reads none does not build them at start.
const std::set<std::string, std::less<>>& readEverywhere() {
  static const std::set<std::string, std::less<>> values = {"mtu", "hwaddress"};
  return values;
}
const std::set<std::string, std::less<>>& readForAddresses() {
  static const std::set<std::string, std::less<>> values = {
      "address", "netmask", "gateway", "autoconf", "accept_ra", "dad_attempts", "dad_interval"};
  return values;
}
const std::set<std::string, std::less<>>& readForBridges() {
  static const std::set<std::string, std::less<>> values = {"bridge_ports", "bridge_stp",
                                                            "bridge_fd"};
  return values;
}
const std::set<std::string, std::less<>>& readForBonds() {
  static const std::set<std::string, std::less<>> values = {
      "bond_slaves", "slaves",           "bond_mode",          "bond_miimon",
      "bond_downdelay", "bond_updelay",  "bond_use_carrier",   "bond_arp_interval",
      "bond_arp_ip_target", "bond_arp_validate", "bond_master"};
  return values;
}
const std::set<std::string, std::less<>>& readForVlans() {
  static const std::set<std::string, std::less<>> values = {"vlan_raw_device"};
  return values;
}

bool isRead(std::string_view canonical) {
  for (const auto* set : {&readEverywhere(), &readForAddresses(), &readForBridges(),
                          &readForBonds(), &readForVlans()})
    if (set->count(canonical)) return true;
  return false;
}

class Translator {
 public:
  explicit Translator(const LogicalInterfaces& interfaces) : interfaces_(interfaces) {}

  NativeConfiguration translate() {
    findMembers();
    NativeConfiguration result;
    for (const std::string& name : interfaces_.order) {
      const LogicalInterface& logical = interfaces_.byName.at(name);
      if (logical.isLoopback() || owners_.count(name)) continue;
      if (std::count(interfaces_.templateOnly.begin(), interfaces_.templateOnly.end(), name))
        continue;
      result.definitions.push_back(topLevel(logical));
    }
    // A bond's slave or a bridge's port that has no stanza of its own is still configured, by
    // its master's; it is listed only inside the master. One claimed twice is a problem.
    for (const auto& [member, owners] : claims_)
      if (owners.size() > 1)
        result.problems.push_back({kManagerName, member + " is claimed by both " + owners[0] +
                                                     " and " + owners[1]});
    sortByName(result);
    return result;
  }

 private:
  // Who claims whom: bridge ports, bond slaves (from the bond's list or the slave's own
  // bond-master).
  void findMembers() {
    for (const auto& [name, logical] : interfaces_.byName) {
      if (const Option* ports = logical.firstOption("bridge_ports"))
        for (const std::string& port : splitWords(ports->value))
          if (port != "none" && port != "all" && port != "regex") claim(port, name);
      for (const char* key : {"bond_slaves", "slaves"})
        if (const Option* slaves = logical.firstOption(key))
          for (const std::string& slave : splitWords(slaves->value))
            if (slave != "none") claim(slave, name);
      if (const Option* master = logical.firstOption("bond_master")) claim(name, master->value);
    }
  }

  void claim(const std::string& member, const std::string& owner) {
    auto& owners = claims_[member];
    if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
    owners_.emplace(member, owners.front());
  }

  std::vector<std::string> membersOf(const std::string& owner) const {
    std::vector<std::string> members;
    // Declared order first (bridge_ports, bond-slaves), then slaves that name their master.
    const LogicalInterface* logical = find(owner);
    if (logical) {
      for (const char* key : {"bridge_ports", "bond_slaves", "slaves"})
        if (const Option* list = logical->firstOption(key))
          for (const std::string& member : splitWords(list->value))
            if (member != "none" && owners_.count(member) && owners_.at(member) == owner &&
                std::find(members.begin(), members.end(), member) == members.end())
              members.push_back(member);
    }
    for (const std::string& name : interfaces_.order)
      if (owners_.count(name) && owners_.at(name) == owner &&
          std::find(members.begin(), members.end(), name) == members.end())
        members.push_back(name);
    return members;
  }

  const LogicalInterface* find(const std::string& name) const {
    auto it = interfaces_.byName.find(name);
    return it == interfaces_.byName.end() ? nullptr : &it->second;
  }

  NativeDefinition topLevel(const LogicalInterface& logical) {
    NativeDefinition native;
    native.manager = kManagerName;
    native.def = describeKind(logical, native, /*nested=*/false);
    native.def.name = logical.name;
    native.def.startMode = logical.startMode.value_or(conf::StartMode::None);
    if (const Option* mtu = logical.firstOption("mtu"))
      native.def.mtu = static_cast<std::uint32_t>(std::max(0, integerOf(mtu->value).value_or(0)));
    native.def.protocols = protocolsOf(logical, native);
    // libvirt's XML carries a MAC for an ethernet interface only.
    if (const Option* mac = logical.firstOption("hwaddress"); mac && !native.def.isEthernet())
      native.unexpressed.push_back(logical.stanzas.front().where.file + ":" +
                                   std::to_string(mac->line) + ": hwaddress " + mac->value);
    noteUnread(logical, native);
    return native;
  }

  // The kind and members of an interface; for a nested one (a bridge's port, a bond's slave)
  // only what libvirt's XML keeps there, the rest named as unexpressed on the top definition.
  conf::InterfaceDef describeKind(const LogicalInterface& logical, NativeDefinition& native,
                                  bool nested) {
    for (const IfaceStanza& stanza : logical.stanzas) native.sources.push_back(stanza.where);
    conf::InterfaceDef def;
    def.name = logical.name;
    const std::string& name = logical.name;
    if (logical.firstOption("bridge_ports")) {
      conf::BridgeDef bridge;
      if (const Option* stp = logical.firstOption("bridge_stp")) bridge.stp = booleanOf(stp->value);
      if (const Option* fd = logical.firstOption("bridge_fd")) bridge.delay = fd->value;
      if (const Option* ports = logical.firstOption("bridge_ports"))
        for (const std::string& word : splitWords(ports->value))
          if (word == "all" || word == "regex")
            native.unexpressed.push_back(placeOf(logical.stanzas.front(), *ports) +
                                         ": bridge_ports " + ports->value);
      for (const std::string& member : membersOf(name))
        bridge.members.push_back(nestedMember(member, native));
      def.kind = std::move(bridge);
    } else if (isBond(logical)) {
      def.kind = bondOf(logical, native);
    } else if (auto vlan = vlanOf(logical)) {
      def.kind = *vlan;
    } else {
      conf::EthernetDef ethernet;
      if (const Option* mac = logical.firstOption("hwaddress")) {
        auto words = splitWords(mac->value);  // "ether 52:54:..." is the old spelling
        if (!words.empty() && words.back() != "random") ethernet.mac = words.back();
      }
      def.kind = ethernet;
    }
    if (nested) noteUnread(logical, native, /*nested=*/true);
    return def;
  }

  conf::InterfaceDef nestedMember(const std::string& member, NativeDefinition& native) {
    if (const LogicalInterface* logical = find(member)) return describeKind(*logical, native, true);
    conf::InterfaceDef def;
    def.name = member;
    def.kind = conf::EthernetDef{};
    return def;
  }

  bool isBond(const LogicalInterface& logical) const {
    if (logical.firstOption("bond_slaves") || logical.firstOption("slaves") ||
        logical.firstOption("bond_mode"))
      return true;
    return std::any_of(owners_.begin(), owners_.end(), [&](const auto& entry) {
      const LogicalInterface* member = find(entry.first);
      return entry.second == logical.name && member && member->firstOption("bond_master");
    });
  }

  conf::BondDef bondOf(const LogicalInterface& logical, NativeDefinition& native) {
    conf::BondDef bond;
    if (const Option* mode = logical.firstOption("bond_mode")) {
      bond.mode = bondModeOf(mode->value);
      if (!bond.mode)
        native.unexpressed.push_back(placeOf(logical.stanzas.front(), *mode) +
                                     ": bond-mode " + mode->value);
    }
    auto number = [&](const char* key) {
      const Option* option = logical.firstOption(key);
      return option ? integerOf(option->value).value_or(0) : 0;
    };
    if (number("bond_miimon") > 0) {
      conf::MiimonDef miimon;
      miimon.freq = number("bond_miimon");
      miimon.downDelay = number("bond_downdelay");
      miimon.upDelay = number("bond_updelay");
      if (const Option* carrier = logical.firstOption("bond_use_carrier"))
        if (auto value = booleanOf(carrier->value))
          miimon.carrier = *value ? conf::MiiCarrier::Netif : conf::MiiCarrier::Ioctl;
      bond.monitor = miimon;
    } else if (const Option* targets = logical.firstOption("bond_arp_ip_target");
               targets && number("bond_arp_interval") > 0) {
      conf::ArpmonDef arpmon;
      arpmon.interval = number("bond_arp_interval");
      auto words = splitWords(targets->value);
      // ifenslave takes several targets, separated by commas or blanks; libvirt's XML one.
      std::string first = words.empty() ? "" : words.front();
      if (auto comma = first.find(','); comma != std::string::npos) first.resize(comma);
      arpmon.target = first;
      if (targets->value != first)
        native.unexpressed.push_back(placeOf(logical.stanzas.front(), *targets) +
                                     ": bond-arp-ip-target " + targets->value +
                                     " (only the first target)");
      if (const Option* validate = logical.firstOption("bond_arp_validate"))
        arpmon.validate = arpValidateOf(validate->value);
      if (!arpmon.target.empty()) bond.monitor = arpmon;
    }
    for (const std::string& slave : membersOf(logical.name)) {
      conf::InterfaceDef def;
      def.name = slave;
      conf::EthernetDef ethernet;
      if (const LogicalInterface* own = find(slave)) {
        for (const IfaceStanza& stanza : own->stanzas) native.sources.push_back(stanza.where);
        if (const Option* mac = own->firstOption("hwaddress")) {
          auto words = splitWords(mac->value);
          if (!words.empty() && words.back() != "random") ethernet.mac = words.back();
        }
        noteUnread(*own, native, /*nested=*/true);
      }
      def.kind = ethernet;
      bond.slaves.push_back(std::move(def));
    }
    return bond;
  }

  std::optional<conf::VlanDef> vlanOf(const LogicalInterface& logical) const {
    auto name = vlanNameOf(logical.name);
    const Option* rawDevice = logical.firstOption("vlan_raw_device");
    if (!name && !rawDevice) return std::nullopt;
    conf::VlanDef vlan;
    vlan.parent = rawDevice ? rawDevice->value : (name ? name->parent : "");
    vlan.tag = name ? name->tag : "";
    if (vlan.parent.empty() || vlan.tag.empty()) return std::nullopt;
    return vlan;
  }

  std::vector<conf::ProtocolDef> protocolsOf(const LogicalInterface& logical,
                                             NativeDefinition& native) {
    std::optional<conf::ProtocolDef> ipv4, ipv6;
    for (const IfaceStanza& stanza : logical.stanzas) {
      const bool v6 = stanza.family == "inet6";
      if (stanza.family != "inet" && !v6) {
        native.unexpressed.push_back(describe(stanza.where) + ": iface " + logical.name + " " +
                                     stanza.family + " " + stanza.method);
        continue;
      }
      auto& protocol = v6 ? ipv6 : ipv4;
      const conf::Family family = v6 ? conf::Family::Ipv6 : conf::Family::Ipv4;
      auto ensure = [&]() -> conf::ProtocolDef& {
        if (!protocol) protocol = conf::ProtocolDef{family, false, std::nullopt, {}, std::nullopt};
        return *protocol;
      };
      const std::string& method = stanza.method;
      if (method == "manual") continue;
      if (method == "static") {
        addAddresses(stanza, family, ensure());
      } else if (method == "dhcp") {
        ensure().dhcp = conf::DhcpDef{};
      } else if (v6 && method == "auto") {
        ensure().autoconf = true;
      } else {
        native.unexpressed.push_back(describe(stanza.where) + ": iface " + logical.name + " " +
                                     stanza.family + " " + method);
        continue;
      }
      for (const Option& option : stanza.options) {
        std::string key = canonicalOptionName(option.name);
        if (key == "gateway" && !ensure().gateway) ensure().gateway = option.value;
        else if (key == "gateway")
          native.unexpressed.push_back(placeOf(stanza, option) + ": gateway " + option.value);
        else if (v6 && key == "autoconf" && option.value == "1") ensure().autoconf = true;
      }
    }
    std::vector<conf::ProtocolDef> protocols;
    if (ipv4) protocols.push_back(std::move(*ipv4));
    if (ipv6) protocols.push_back(std::move(*ipv6));
    return protocols;
  }

  void addAddresses(const IfaceStanza& stanza, conf::Family family, conf::ProtocolDef& protocol) {
    std::optional<std::string_view> netmask;
    for (const Option& option : stanza.options)
      if (canonicalOptionName(option.name) == "netmask") netmask = option.value;
    for (const Option& option : stanza.options)
      if (canonicalOptionName(option.name) == "address")
        for (const std::string& address : splitWords(option.value))
          protocol.ips.push_back(addressOf(address, netmask, family));
  }

  // Names every option that the translation did not read, and the stanza's statements that XML
  // cannot hold. A nested interface's addresses and MTU are not kept in libvirt's XML either.
  void noteUnread(const LogicalInterface& logical, NativeDefinition& native, bool nested = false) {
    for (const IfaceStanza& stanza : logical.stanzas) {
      for (const Option& option : stanza.options) {
        std::string key = canonicalOptionName(option.name);
        bool read = isRead(key) && !(nested && (readForAddresses().count(key) || key == "mtu"));
        if (nested && key == "bond_master") read = true;
        if (key == "broadcast" && option.value == "+") read = true;  // ifup's default
        if (!read)
          native.unexpressed.push_back(placeOf(stanza, option) + ": " + option.name + " " +
                                       option.value);
      }
      if (nested && stanza.method != "manual")
        native.unexpressed.push_back(describe(stanza.where) + ": iface " + logical.name + " " +
                                     stanza.family + " " + stanza.method + " (on a member)");
    }
    for (const std::string& note : logical.notes) native.unexpressed.push_back(note);
  }

  const LogicalInterfaces& interfaces_;
  std::map<std::string, std::vector<std::string>> claims_;
  std::map<std::string, std::string> owners_;  // member -> the first master claiming it
};

}  // namespace

NativeConfiguration translateInterfacesTree(const InterfacesTree& tree) {
  LogicalInterfaces interfaces = gatherLogicalInterfaces(tree);
  NativeConfiguration result = Translator(interfaces).translate();
  for (const NativeProblem& problem : tree.problems) result.problems.push_back(problem);
  for (const std::string& note : interfaces.globalNotes)
    result.problems.push_back({kManagerName, note + ": not read"});
  return result;
}

NativeConfiguration readIfupdownConfiguration(const ConfigRoot& root) {
  return translateInterfacesTree(readInterfacesTree(root, kInterfacesFile));
}

}  // namespace ifkit::native::ifupdown
