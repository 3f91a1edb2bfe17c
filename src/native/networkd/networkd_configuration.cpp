// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkd/networkd_configuration.h"

#include <fnmatch.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "native/networkd/unit_values.h"
#include "native/words.h"

namespace ifkit::native::networkd {
namespace {

// A [Match] Name= list: globs, any of which fits; a leading '!' inverts the whole list.
bool nameMatches(const std::string& list, const std::string& name) {
  std::string_view patterns = list;
  bool invert = false;
  if (!patterns.empty() && patterns.front() == '!') {
    invert = true;
    patterns.remove_prefix(1);
  }
  bool any = false;
  for (const std::string& glob : splitWords(patterns))
    if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0) any = true;
  return any != invert;
}

// Which settings the translation reads, as "Section.Key". A function's static, made by the
// first reading of a unit: an ifkit process that reads none does not build it at start.
const std::set<std::string, std::less<>>& readSettings() {
  static const std::set<std::string, std::less<>> values = {
      "Match.Name",        "Match.Kind",          "Match.Type",
      "Link.Unmanaged",    "Network.Address",     "Network.Gateway",
      "Network.DHCP",      "Network.IPv6AcceptRA", "Network.Bridge",
      "Network.Bond",      "Network.VLAN",        "Address.Address",
      "Route.Gateway",     "Route.Destination",   "Link.MTUBytes",
      "Link.MACAddress",   "NetDev.Name",         "NetDev.Kind",
      "NetDev.MTUBytes",   "Bridge.STP",          "Bridge.ForwardDelaySec",
      "Bond.Mode",         "Bond.MIIMonitorSec",  "Bond.UpDelaySec",
      "Bond.DownDelaySec", "Bond.ARPIntervalSec", "Bond.ARPIPTargets",
      "Bond.ARPValidate",  "VLAN.Id"};
  return values;
}

std::optional<conf::BondMode> bondModeOf(const std::string& value) {
  static const std::map<std::string, conf::BondMode> kModes = {
      {"balance-rr", conf::BondMode::BalanceRr},   {"active-backup", conf::BondMode::ActiveBackup},
      {"balance-xor", conf::BondMode::BalanceXor}, {"broadcast", conf::BondMode::Broadcast},
      {"802.3ad", conf::BondMode::Ieee8023ad},     {"balance-tlb", conf::BondMode::BalanceTlb},
      {"balance-alb", conf::BondMode::BalanceAlb}};
  auto it = kModes.find(value);
  return it == kModes.end() ? std::nullopt : std::optional(it->second);
}

class Translator {
 public:
  Translator(const NetworkdFiles& files, const std::vector<std::string>& links)
      : files_(files), links_(links) {}

  NativeConfiguration translate() {
    NativeConfiguration result;
    for (const UnitFile& netdev : files_.netdevs) {
      std::string name = lastOf(netdev, "NetDev", "Name").value_or("");
      if (!name.empty()) netdevs_.emplace(name, &netdev);
    }
    std::set<std::string> candidates(links_.begin(), links_.end());
    for (const auto& [name, netdev] : netdevs_) candidates.insert(name);
    candidates.erase("lo");
    // Who configures each candidate, and under which master.
    for (const std::string& name : candidates) {
      const UnitFile* netdev = netdevs_.count(name) ? netdevs_.at(name) : nullptr;
      std::string kind = netdev ? lastOf(*netdev, "NetDev", "Kind").value_or("") : "";
      const UnitFile* network = networkFor(files_, name, kind);
      if (network && !namesItsLinks(*network)) {
        // It may configure this link or none: say so once, and list nothing the file says.
        noteUnjudged(*network, result);
        network = nullptr;
      }
      if (network && unitBoolean(lastOf(*network, "Link", "Unmanaged").value_or("no")) == true)
        network = nullptr;
      if (!network && !netdev) continue;
      networks_[name] = network;
      if (network) {
        for (const char* key : {"Bridge", "Bond"})
          if (auto master = lastOf(*network, "Network", key)) masters_[name] = *master;
        for (const std::string& vlan : allOf(*network, "Network", "VLAN"))
          vlanParents_[vlan] = name;
      }
    }
    for (const auto& [name, network] : networks_) {
      if (masters_.count(name)) continue;
      const UnitFile* netdev = netdevs_.count(name) ? netdevs_.at(name) : nullptr;
      std::string kind = netdev ? lastOf(*netdev, "NetDev", "Kind").value_or("") : "";
      if (!kind.empty() && kind != "bridge" && kind != "bond" && kind != "vlan") {
        result.problems.push_back({kManagerName, netdev->path + ": " + name + " of kind " + kind +
                                                     ": libvirt's XML has no such interface"});
        continue;
      }
      NativeDefinition native;
      native.manager = kManagerName;
      native.def = describe(name, native, /*nested=*/false);
      native.def.startMode = conf::StartMode::Onboot;
      if (network) protocolsOf(*network, native);
      std::uint32_t mtu = mtuOf(name);
      native.def.mtu = mtu;
      result.definitions.push_back(std::move(native));
    }
    for (const NativeProblem& problem : files_.problems) result.problems.push_back(problem);
    return result;
  }

 private:
  // A file matching links only by what their names and kinds do not show (PermanentMACAddress=
  // alone, as netplan renders `match: macaddress:` without `set-name:`), as a problem.
  void noteUnjudged(const UnitFile& network, NativeConfiguration& result) {
    if (!unjudgedNoted_.insert(network.path).second) return;
    std::string keys;
    for (const Section* match : network.parsed.sectionsNamed("Match"))
      for (const Setting& setting : match->settings)
        if (!isJudged(setting.key)) keys.append(keys.empty() ? "" : ", ").append(setting.key + "=");
    result.problems.push_back(
        {kManagerName, network.path + ": matches links by " + keys +
                           " without Name=, which ifkit cannot tell from the links' names: "
                           "the links it configures are not listed"});
  }

  static std::optional<std::string> lastOf(const UnitFile& unit, std::string_view section,
                                           std::string_view key) {
    std::optional<std::string> value;
    for (const Section* s : unit.parsed.sectionsNamed(section))
      if (auto v = s->last(key)) value = v;
    return value;
  }
  static std::vector<std::string> allOf(const UnitFile& unit, std::string_view section,
                                        std::string_view key) {
    std::vector<std::string> values;
    for (const Section* s : unit.parsed.sectionsNamed(section))
      for (const Setting& setting : s->settings)
        if (setting.key == key) {
          if (setting.value.empty()) values.clear();
          for (const std::string& word : splitWords(setting.value)) values.push_back(word);
        }
    return values;
  }

  std::uint32_t mtuOf(const std::string& name) const {
    const UnitFile* network = networks_.count(name) ? networks_.at(name) : nullptr;
    const UnitFile* netdev = netdevs_.count(name) ? netdevs_.at(name) : nullptr;
    std::optional<std::string> mtu;
    if (netdev) mtu = lastOf(*netdev, "NetDev", "MTUBytes");
    if (network) if (auto m = lastOf(*network, "Link", "MTUBytes")) mtu = m;
    return mtu ? static_cast<std::uint32_t>(std::strtoul(mtu->c_str(), nullptr, 10)) : 0;
  }

  void addSources(const std::string& name, NativeDefinition& native) {
    for (const UnitFile* unit : {networks_.count(name) ? networks_.at(name) : nullptr,
                                 netdevs_.count(name) ? netdevs_.at(name) : nullptr}) {
      if (!unit) continue;
      // Several links may share one file (Name=eno1 eno2): it is named, and read, once.
      if (std::any_of(native.sources.begin(), native.sources.end(),
                      [&](const SourceLines& s) { return s.file == unit->path; }))
        continue;
      native.sources.push_back({unit->path, 0, 0});
      for (const std::string& dropIn : unit->dropIns) native.sources.push_back({dropIn, 0, 0});
      noteUnread(*unit, native);
    }
  }

  void noteUnread(const UnitFile& unit, NativeDefinition& native) {
    for (std::size_t i = 0; i < unit.parsed.sections.size(); ++i) {
      const Section& section = unit.parsed.sections[i];
      for (const Setting& setting : section.settings) {
        const std::string key = section.name + "." + setting.key;
        if (readSettings().count(key)) continue;
        native.unexpressed.push_back(unit.sectionFiles[i] + ":" + std::to_string(setting.line) +
                                     ": [" + section.name + "] " + setting.key + "=" +
                                     setting.value);
      }
    }
  }

  std::vector<std::string> membersOf(const std::string& master) const {
    std::vector<std::string> members;
    for (const auto& [name, of] : masters_)
      if (of == master) members.push_back(name);
    return members;
  }

  conf::InterfaceDef describe(const std::string& name, NativeDefinition& native, bool nested) {
    addSources(name, native);
    conf::InterfaceDef def;
    def.name = name;
    const UnitFile* netdev = netdevs_.count(name) ? netdevs_.at(name) : nullptr;
    const UnitFile* network = networks_.count(name) ? networks_.at(name) : nullptr;
    std::string kind = netdev ? lastOf(*netdev, "NetDev", "Kind").value_or("") : "";
    if (kind == "bridge") {
      conf::BridgeDef bridge;
      if (auto stp = lastOf(*netdev, "Bridge", "STP")) bridge.stp = unitBoolean(*stp);
      if (auto delay = lastOf(*netdev, "Bridge", "ForwardDelaySec"))
        if (auto ms = unitMilliseconds(*delay)) bridge.delay = std::to_string(*ms / 1000);
      for (const std::string& member : membersOf(name))
        bridge.members.push_back(describe(member, native, true));
      def.kind = std::move(bridge);
    } else if (kind == "bond") {
      conf::BondDef bond;
      if (auto mode = lastOf(*netdev, "Bond", "Mode")) bond.mode = bondModeOf(*mode);
      auto ms = [&](const char* key) {
        auto value = lastOf(*netdev, "Bond", key);
        return value ? static_cast<int>(unitMilliseconds(*value).value_or(0)) : 0;
      };
      if (ms("MIIMonitorSec") > 0) {
        bond.monitor = conf::MiimonDef{ms("MIIMonitorSec"), ms("DownDelaySec"), ms("UpDelaySec"),
                                       std::nullopt};
      } else if (ms("ARPIntervalSec") > 0) {
        auto targets = allOf(*netdev, "Bond", "ARPIPTargets");
        if (!targets.empty()) {
          conf::ArpmonDef arpmon{ms("ARPIntervalSec"), targets.front(), std::nullopt};
          auto validate = lastOf(*netdev, "Bond", "ARPValidate").value_or("");
          if (validate == "active") arpmon.validate = conf::ArpValidate::Active;
          if (validate == "backup") arpmon.validate = conf::ArpValidate::Backup;
          if (validate == "all") arpmon.validate = conf::ArpValidate::All;
          bond.monitor = arpmon;
        }
      }
      for (const std::string& slave : membersOf(name)) {
        conf::InterfaceDef slaveDef = describe(slave, native, true);
        if (!slaveDef.isEthernet()) continue;
        bond.slaves.push_back(std::move(slaveDef));
      }
      def.kind = std::move(bond);
    } else if (kind == "vlan") {
      conf::VlanDef vlan;
      vlan.tag = lastOf(*netdev, "VLAN", "Id").value_or("");
      vlan.parent = vlanParents_.count(name) ? vlanParents_.at(name) : "";
      def.kind = vlan;
    } else {
      conf::EthernetDef ethernet;
      if (network) ethernet.mac = lastOf(*network, "Link", "MACAddress");
      def.kind = ethernet;
    }
    if (nested && network) {
      for (const char* key : {"Address", "Gateway", "DHCP"})
        if (auto value = lastOf(*network, "Network", key))
          native.unexpressed.push_back(network->path + ": [Network] " + key + "=" + *value +
                                       " (on a member)");
    }
    return def;
  }

  void protocolsOf(const UnitFile& network, NativeDefinition& native) {
    std::optional<conf::ProtocolDef> v4, v6;
    auto protocol = [&](bool ipv6) -> conf::ProtocolDef& {
      auto& p = ipv6 ? v6 : v4;
      if (!p) p = conf::ProtocolDef{ipv6 ? conf::Family::Ipv6 : conf::Family::Ipv4, false,
                                    std::nullopt, {}, std::nullopt};
      return *p;
    };
    std::vector<std::string> addresses = allOf(network, "Network", "Address");
    for (const Section* s : network.parsed.sectionsNamed("Address"))
      if (auto a = s->last("Address")) addresses.push_back(*a);
    for (const std::string& address : addresses) {
      auto slash = address.find('/');
      conf::IpDef ip{address.substr(0, slash),
                     slash == std::string::npos ? 0 : std::atoi(address.c_str() + slash + 1)};
      bool ipv6 = address.find(':') != std::string::npos;
      if (ip.prefix == 0) ip.prefix = ipv6 ? 128 : 32;
      protocol(ipv6).ips.push_back(ip);
    }
    std::vector<std::string> gateways = allOf(network, "Network", "Gateway");
    for (const Section* s : network.parsed.sectionsNamed("Route")) {
      auto destination = s->last("Destination").value_or("");
      if (auto gateway = s->last("Gateway");
          gateway && (destination.empty() || destination == "0.0.0.0/0" || destination == "::/0"))
        gateways.push_back(*gateway);
      else if (s->last("Destination"))
        native.unexpressed.push_back(network.path + ":" + std::to_string(s->line) +
                                     ": [Route] Destination=" + destination);
    }
    for (const std::string& gateway : gateways) {
      auto& p = protocol(gateway.find(':') != std::string::npos);
      if (!p.gateway) p.gateway = gateway;
      else native.unexpressed.push_back(network.path + ": a second gateway " + gateway);
    }
    const std::string dhcp = lastOf(network, "Network", "DHCP").value_or("no");
    const auto yes = unitBoolean(dhcp);
    if (dhcp == "ipv4" || yes == true) protocol(false).dhcp = conf::DhcpDef{};
    if (dhcp == "ipv6" || yes == true) protocol(true).dhcp = conf::DhcpDef{};
    if (unitBoolean(lastOf(network, "Network", "IPv6AcceptRA").value_or("")) == true)
      protocol(true).autoconf = true;
    if (v4) native.def.protocols.push_back(std::move(*v4));
    if (v6) native.def.protocols.push_back(std::move(*v6));
  }

  const NetworkdFiles& files_;
  const std::vector<std::string>& links_;
  std::map<std::string, const UnitFile*> netdevs_;
  std::map<std::string, const UnitFile*> networks_;  // configured links; null: a netdev only
  std::map<std::string, std::string> masters_;       // link -> its bridge or bond
  std::map<std::string, std::string> vlanParents_;   // VLAN -> its parent
  std::set<std::string> unjudgedNoted_;              // files already named as problems
};

}  // namespace

bool isJudged(std::string_view matchKey) {
  return matchKey == "Name" || matchKey == "Kind" || matchKey == "Type";
}

bool namesItsLinks(const UnitFile& network) {
  bool unjudged = false, named = false;
  for (const Section* match : network.parsed.sectionsNamed("Match"))
    for (const Setting& setting : match->settings) {
      if (!isJudged(setting.key)) unjudged = true;
      else if (setting.key == "Name" && !setting.value.empty()) named = true;
    }
  return named || !unjudged;
}

const UnitFile* networkFor(const NetworkdFiles& files, const std::string& link,
                           const std::string& kind) {
  for (const UnitFile& network : files.networks) {
    bool matches = true;
    for (const Section* match : network.parsed.sectionsNamed("Match"))
      for (const Setting& setting : match->settings) {
        if (setting.key == "Name") matches = matches && nameMatches(setting.value, link);
        else if (setting.key == "Kind") matches = matches && nameMatches(setting.value, kind);
        else if (setting.key == "Type") matches = matches && nameMatches(setting.value,
                                                                          kind.empty() ? "ether" : kind);
      }
    if (matches) return &network;
  }
  return nullptr;
}

NativeConfiguration translateNetworkdFiles(const NetworkdFiles& files,
                                           const std::vector<std::string>& links) {
  NativeConfiguration result = Translator(files, links).translate();
  sortByName(result);
  return result;
}

NativeConfiguration readNetworkdConfiguration(const ConfigRoot& root,
                                              const std::vector<std::string>& links) {
  return translateNetworkdFiles(readNetworkdFiles(root), links);
}

}  // namespace ifkit::native::networkd
