// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/netplan/netplan_configuration.h"

#include <fnmatch.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <map>
#include <set>

#include "native/networkd/unit_values.h"

namespace ifkit::native::netplan {
namespace {

// What the translation reads of each device, by section; everything else is unexpressed. Each a
// function's static, made by the first reading of a file: a process that reads none does not
// build them at start.
const std::map<std::string, std::set<std::string>>& readKeys() {
  static const std::map<std::string, std::set<std::string>> values = {
      {"ethernets",
       {"addresses", "gateway4", "gateway6", "routes", "dhcp4", "dhcp6", "accept-ra", "mtu",
        "macaddress", "match", "set-name"}},
      {"bridges",
       {"addresses", "gateway4", "gateway6", "routes", "dhcp4", "dhcp6", "accept-ra", "mtu",
        "interfaces", "parameters"}},
      {"bonds",
       {"addresses", "gateway4", "gateway6", "routes", "dhcp4", "dhcp6", "accept-ra", "mtu",
        "interfaces", "parameters"}},
      {"vlans",
       {"addresses", "gateway4", "gateway6", "routes", "dhcp4", "dhcp6", "accept-ra", "mtu", "id",
        "link"}}};
  return values;
}
const std::map<std::string, std::set<std::string>>& readParameters() {
  static const std::map<std::string, std::set<std::string>> values = {
      {"bridges", {"stp", "forward-delay"}},
      {"bonds",
       {"mode", "mii-monitor-interval", "up-delay", "down-delay", "arp-interval", "arp-ip-targets",
        "arp-validate"}}};
  return values;
}
// What libvirt's XML holds on the top-level interface only (a bridge port or bond slave
// inherits it), so a member's own is named as unexpressed.
const std::set<std::string>& topLevelKeys() {
  static const std::set<std::string> values = {"addresses", "gateway4", "gateway6",  "routes",
                                               "dhcp4",     "dhcp6",    "accept-ra", "mtu"};
  return values;
}

// A leading decimal number, as atoi reads it, but clamped: atoi's overflow is undefined.
int intOf(const char* text) {
  const long value = std::strtol(text, nullptr, 10);
  return static_cast<int>(std::clamp<long>(value, INT_MIN, INT_MAX));
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

std::string scalarOr(const YamlNode* node, std::string fallback = "") {
  return node && node->isScalar() ? node->value : fallback;
}

bool isDefaultRoute(const std::string& to) {
  return to == "default" || to == "0.0.0.0/0" || to == "::/0";
}

// A netplan time span: a bare number is in `bareUnitMs` milliseconds (netplan reads the bond's
// intervals as milliseconds and the bridge's as seconds); a suffix is systemd's.
std::optional<long long> millisecondsOf(const YamlNode* node, long long bareUnitMs) {
  if (!node || !node->isScalar() || node->value.empty()) return std::nullopt;
  if (node->value.find_first_not_of("0123456789") == std::string::npos)
    return std::stoll(node->value.substr(0, 12)) * bareUnitMs;
  return networkd::unitMilliseconds(node->value);
}

struct Device {
  std::string section;
  std::string id;
  const YamlNode* node = nullptr;
};

constexpr std::size_t kMaxNesting = 8;

class Translator {
 public:
  Translator(const NetplanFiles& files, const std::vector<std::string>& links)
      : files_(files), links_(links) {}

  NativeConfiguration translate() {
    if (!files_.merged) return std::move(result_);
    const YamlNode* network = files_.merged->find("network");
    if (!network) return std::move(result_);
    if (!network->isMapping()) {
      problem(*network, "network: not a mapping");
      return std::move(result_);
    }
    globalRenderer_ = network->find("renderer");
    collectDevices(*network);
    for (const auto& [name, device] : devices_) {
      if (masters_.count(name)) continue;
      NativeDefinition native;
      native.manager = kManagerName;
      native.def = describe(name, native, /*nested=*/false);
      native.def.startMode = conf::StartMode::Onboot;
      protocolsOf(*device.node, native);
      if (const YamlNode* mtu = device.node->find("mtu"); mtu && mtu->isScalar())
        native.def.mtu = static_cast<std::uint32_t>(std::strtoul(mtu->value.c_str(), nullptr, 10));
      result_.definitions.push_back(std::move(native));
    }
    return std::move(result_);
  }

 private:
  void problem(const YamlNode& node, const std::string& what) {
    result_.problems.push_back({kManagerName, where(node) + ": " + what});
  }
  std::string where(const YamlNode& node) const {
    return files_.files.at(static_cast<std::size_t>(node.file)).path + ":" +
           std::to_string(node.line);
  }

  void collectDevices(const YamlNode& network) {
    for (const auto& [key, value] : network.entries) {
      const std::string& section = key.value;
      if (section == "version" || section == "renderer") continue;
      bool known = std::find(std::begin(kDeviceSections), std::end(kDeviceSections), section) !=
                   std::end(kDeviceSections);
      if (!value.isMapping()) {
        if (!(value.isScalar() && value.value.empty())) problem(key, section + ": not a mapping");
        continue;
      }
      for (const auto& [idKey, device] : value.entries) {
        if (!known) {
          problem(idKey, section + "." + idKey.value + ": libvirt's XML has no such interface");
          continue;
        }
        if (!device.isMapping() && !(device.isScalar() && device.value.empty())) {
          problem(idKey, section + "." + idKey.value + ": not a mapping");
          continue;
        }
        ids_[section + "/" + idKey.value] = {section, idKey.value, &device};
      }
    }
    for (const auto& [key, device] : ids_) {
      if (device.node->isScalar()) continue;  // "eno1:" with nothing: configured with defaults
      const YamlNode* match = device.node->find("match");
      if (device.section == "ethernets" && match && !device.node->find("set-name") &&
          (!match->isMapping() || !match->find("name")))
        problem(*match, device.section + "." + device.id +
                            ": matches links by what their files do not show (MAC, driver)");
    }
    for (const auto& [key, device] : ids_) {
      for (const std::string& name : namesOf(device)) {
        if (name == "lo") continue;
        if (!devices_.try_emplace(name, device).second)
          problem(*device.node, device.section + "." + device.id + ": " + name +
                                    " is configured by another device first");
      }
    }
    for (const auto& [key, device] : ids_) {
      if (device.section != "bridges" && device.section != "bonds") continue;
      const YamlNode* members = device.node->find("interfaces");
      if (!members || !members->isSequence()) continue;
      for (const YamlNode& member : members->items)
        for (const std::string& name : namesOfId(member.value))
          if (devices_.count(name)) masters_[name] = device.id;
    }
  }

  std::vector<std::string> namesOf(const Device& device) const {
    if (device.node->isScalar()) {
      if (device.section != "ethernets") return {device.id};
      bool present = std::find(links_.begin(), links_.end(), device.id) != links_.end();
      return present ? std::vector<std::string>{device.id} : std::vector<std::string>{};
    }
    return namesOfDevice(device.section, device.id, *device.node, links_);
  }

  // The names of the device of any section with this ID (references name IDs, not sections).
  std::vector<std::string> namesOfId(const std::string& id) const {
    for (const char* section : kDeviceSections)
      if (auto it = ids_.find(std::string(section) + "/" + id); it != ids_.end())
        return namesOf(it->second);
    return {};
  }

  // By master, built once: a hostile file may hold many thousand bridges.
  std::vector<std::string> membersOf(const std::string& master) {
    if (membersByMaster_.empty())
      for (const auto& [name, of] : masters_) membersByMaster_[of].push_back(name);
    auto it = membersByMaster_.find(master);
    return it == membersByMaster_.end() ? std::vector<std::string>{} : it->second;
  }

  void addSources(const Device& device, NativeDefinition& native) const {
    for (const NetplanFile& file : files_.files) {
      const YamlNode* section = nullptr;
      if (const YamlNode* network = file.root.find("network"); network && network->isMapping())
        section = network->find(device.section);
      if (!section || !section->isMapping()) continue;
      for (const auto& [key, value] : section->entries)
        if (key.value == device.id)
          native.sources.push_back({file.path, key.line, std::max(key.line, value.lastLine)});
    }
  }

  void noteUnread(const Device& device, bool nested, NativeDefinition& native) {
    if (!device.node->isMapping()) return;
    const std::string prefix = device.section + "." + device.id + ".";
    const auto& read = readKeys().at(device.section);
    for (const auto& [key, value] : device.node->entries) {
      const std::string path = prefix + key.value;
      if (key.value == "renderer") continue;
      if (!read.count(key.value) || (nested && topLevelKeys().count(key.value))) {
        native.unexpressed.push_back(
            where(key) + ": " + path + describeValue(value) +
            (nested && topLevelKeys().count(key.value) ? " (on a member)" : ""));
        continue;
      }
      if (key.value == "parameters" && value.isMapping()) {
        const auto& parameters = readParameters().at(device.section);
        for (const auto& [pkey, pvalue] : value.entries)
          if (!parameters.count(pkey.value))
            native.unexpressed.push_back(where(pkey) + ": " + path + "." + pkey.value +
                                         describeValue(pvalue));
      } else if (key.value == "match" && value.isMapping()) {
        for (const auto& [mkey, mvalue] : value.entries)
          if (mkey.value != "name")
            native.unexpressed.push_back(where(mkey) + ": " + path + "." + mkey.value +
                                         describeValue(mvalue));
      } else if (key.value == "routes" && value.isSequence()) {
        for (const YamlNode& route : value.items) {
          if (!route.isMapping()) continue;
          if (!isDefaultRoute(scalarOr(route.find("to")))) {
            native.unexpressed.push_back(where(route) + ": " + path + ": to " +
                                         scalarOr(route.find("to")) + " via " +
                                         scalarOr(route.find("via")));
            continue;
          }
          for (const auto& [rkey, rvalue] : route.entries)
            if (rkey.value != "to" && rkey.value != "via")
              native.unexpressed.push_back(where(rkey) + ": " + path + "." + rkey.value +
                                           describeValue(rvalue));
        }
      } else if (key.value == "addresses" && value.isSequence()) {
        for (const YamlNode& address : value.items)
          if (address.isMapping())
            for (const auto& [akey, avalue] : address.entries)
              if (avalue.isMapping())
                for (const auto& [okey, ovalue] : avalue.entries)
                  native.unexpressed.push_back(where(okey) + ": " + path + "." + akey.value + "." +
                                               okey.value + describeValue(ovalue));
      }
    }
    const YamlNode* renderer = device.node->find("renderer");
    if (!renderer) renderer = globalRenderer_;
    if (renderer && renderer->value == "NetworkManager")
      native.unexpressed.push_back(where(*renderer) + ": " + prefix +
                                   "renderer: NetworkManager (netplan hands the device to it)");
  }

  static std::string describeValue(const YamlNode& value) {
    if (value.isScalar()) return ": " + value.value;
    std::string text = ": [";
    const std::size_t count = value.isSequence() ? value.items.size() : value.entries.size();
    for (std::size_t i = 0; i < count && i < 8; ++i) {
      const YamlNode& item = value.isSequence() ? value.items[i] : value.entries[i].first;
      text += (i ? ", " : "") + (item.isScalar() ? item.value : std::string("..."));
    }
    return text + (count > 8 ? ", ...]" : "]");
  }

  conf::InterfaceDef describe(const std::string& name, NativeDefinition& native, bool nested) {
    const Device& device = devices_.at(name);
    conf::InterfaceDef def;
    def.name = name;
    // A master that is its own member's member, or bridges nested thousands deep: hostile
    // input, described once and no deeper than any real host nests (bridge, bond, ethernet).
    if (describing_.size() >= kMaxNesting || !describing_.insert(name).second) return def;
    addSources(device, native);
    noteUnread(device, nested, native);
    static const YamlNode kEmpty{};
    const YamlNode& node = device.node->isMapping() ? *device.node : kEmpty;
    const YamlNode* parameters = node.find("parameters");
    if (parameters && !parameters->isMapping()) parameters = nullptr;
    auto parameter = [&](const char* key) { return parameters ? parameters->find(key) : nullptr; };
    if (device.section == "bridges") {
      conf::BridgeDef bridge;
      bridge.stp = netplanBoolean(parameter("stp"));
      if (auto ms = millisecondsOf(parameter("forward-delay"), 1000))
        bridge.delay = std::to_string(*ms / 1000);
      for (const std::string& member : membersOf(device.id))
        bridge.members.push_back(describe(member, native, true));
      def.kind = std::move(bridge);
    } else if (device.section == "bonds") {
      conf::BondDef bond;
      if (const YamlNode* mode = parameter("mode")) bond.mode = bondModeOf(scalarOr(mode));
      auto ms = [&](const char* key) {
        return static_cast<int>(millisecondsOf(parameter(key), 1).value_or(0));
      };
      if (ms("mii-monitor-interval") > 0) {
        bond.monitor = conf::MiimonDef{ms("mii-monitor-interval"), ms("down-delay"), ms("up-delay"),
                                       std::nullopt};
      } else if (ms("arp-interval") > 0) {
        const YamlNode* targets = parameter("arp-ip-targets");
        if (targets && targets->isSequence() && !targets->items.empty()) {
          conf::ArpmonDef arpmon{ms("arp-interval"), targets->items.front().value, std::nullopt};
          const std::string validate = scalarOr(parameter("arp-validate"));
          if (validate == "active") arpmon.validate = conf::ArpValidate::Active;
          if (validate == "backup") arpmon.validate = conf::ArpValidate::Backup;
          if (validate == "all") arpmon.validate = conf::ArpValidate::All;
          bond.monitor = arpmon;
        }
      }
      for (const std::string& slave : membersOf(device.id)) {
        conf::InterfaceDef slaveDef = describe(slave, native, true);
        if (!slaveDef.isEthernet()) continue;  // libvirt's bonds hold ethernets only
        bond.slaves.push_back(std::move(slaveDef));
      }
      def.kind = std::move(bond);
    } else if (device.section == "vlans") {
      conf::VlanDef vlan;
      vlan.tag = scalarOr(node.find("id"));
      const std::string link = scalarOr(node.find("link"));
      auto parents = namesOfId(link);
      vlan.parent = parents.empty() ? link : parents.front();
      def.kind = vlan;
    } else {
      conf::EthernetDef ethernet;
      if (const YamlNode* mac = node.find("macaddress"); mac && mac->isScalar())
        ethernet.mac = mac->value;
      def.kind = ethernet;
    }
    describing_.erase(name);
    return def;
  }

  void protocolsOf(const YamlNode& device, NativeDefinition& native) {
    if (!device.isMapping()) return;
    std::optional<conf::ProtocolDef> v4, v6;
    auto protocol = [&](bool ipv6) -> conf::ProtocolDef& {
      auto& p = ipv6 ? v6 : v4;
      if (!p)
        p = conf::ProtocolDef{
            ipv6 ? conf::Family::Ipv6 : conf::Family::Ipv4, false, std::nullopt, {}, std::nullopt};
      return *p;
    };
    if (const YamlNode* addresses = device.find("addresses"); addresses && addresses->isSequence())
      for (const YamlNode& item : addresses->items) {
        // "10.0.0.1/24", or "10.0.0.1/24: {label: ...}"
        const std::string address = item.isMapping() && !item.entries.empty()
                                        ? item.entries.front().first.value
                                        : scalarOr(&item);
        if (address.empty()) continue;
        auto slash = address.find('/');
        conf::IpDef ip{address.substr(0, slash),
                       slash == std::string::npos ? 0 : intOf(address.c_str() + slash + 1)};
        bool ipv6 = address.find(':') != std::string::npos;
        if (ip.prefix == 0) ip.prefix = ipv6 ? 128 : 32;
        protocol(ipv6).ips.push_back(ip);
      }
    std::vector<std::string> gateways;
    for (const char* key : {"gateway4", "gateway6"})
      if (const YamlNode* gateway = device.find(key); gateway && gateway->isScalar())
        gateways.push_back(gateway->value);
    if (const YamlNode* routes = device.find("routes"); routes && routes->isSequence())
      for (const YamlNode& route : routes->items)
        if (route.isMapping() && isDefaultRoute(scalarOr(route.find("to"))) && route.find("via"))
          gateways.push_back(scalarOr(route.find("via")));
    for (const std::string& gateway : gateways) {
      auto& p = protocol(gateway.find(':') != std::string::npos);
      if (!p.gateway)
        p.gateway = gateway;
      else
        native.unexpressed.push_back("a second gateway " + gateway);
    }
    if (netplanBoolean(device.find("dhcp4")) == true) protocol(false).dhcp = conf::DhcpDef{};
    if (netplanBoolean(device.find("dhcp6")) == true) protocol(true).dhcp = conf::DhcpDef{};
    if (netplanBoolean(device.find("accept-ra")) == true) protocol(true).autoconf = true;
    if (v4) native.def.protocols.push_back(std::move(*v4));
    if (v6) native.def.protocols.push_back(std::move(*v6));
  }

  const NetplanFiles& files_;
  const std::vector<std::string>& links_;
  NativeConfiguration result_;
  const YamlNode* globalRenderer_ = nullptr;
  std::map<std::string, Device> ids_;           // "section/ID" -> device
  std::map<std::string, Device> devices_;       // link name -> the device that configures it
  std::map<std::string, std::string> masters_;  // link name -> its bridge's or bond's ID
  std::map<std::string, std::vector<std::string>> membersByMaster_;
  std::set<std::string> describing_;
};

}  // namespace

std::optional<bool> netplanBoolean(const YamlNode* node) {
  if (!node || !node->isScalar()) return std::nullopt;
  std::string word = node->value;
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (word == "true" || word == "yes" || word == "on" || word == "y") return true;
  if (word == "false" || word == "no" || word == "off" || word == "n") return false;
  return std::nullopt;
}

std::vector<std::string> namesOfDevice(const std::string& section, const std::string& id,
                                       const YamlNode& device,
                                       const std::vector<std::string>& links) {
  if (section != "ethernets") return {id};
  std::vector<std::string> names;
  if (const YamlNode* setName = device.find("set-name"); setName && setName->isScalar()) {
    names.push_back(setName->value);
  } else if (const YamlNode* match = device.find("match")) {
    const YamlNode* glob = match->isMapping() ? match->find("name") : nullptr;
    if (!glob || !glob->isScalar()) return {};
    for (const std::string& link : links)
      if (::fnmatch(glob->value.c_str(), link.c_str(), 0) == 0) names.push_back(link);
    return names;
  } else {
    names.push_back(id);
  }
  std::erase_if(names, [&](const std::string& name) {
    return std::find(links.begin(), links.end(), name) == links.end();
  });
  return names;
}

NativeConfiguration translateNetplanFiles(const NetplanFiles& files,
                                          const std::vector<std::string>& links) {
  // netplan generate writes nothing while any of its files does not parse, so then no device
  // is configured by it.
  if (!files.problems.empty()) {
    NativeConfiguration result;
    result.problems = files.problems;
    result.problems.push_back({kManagerName,
                               "netplan generates no configuration while a file "
                               "cannot be read"});
    return result;
  }
  NativeConfiguration result = Translator(files, links).translate();
  sortByName(result);
  return result;
}

NativeConfiguration readNetplanConfiguration(const ConfigRoot& root,
                                             const std::vector<std::string>& links) {
  return translateNetplanFiles(readNetplanFiles(root), links);
}

bool namesRenderedFile(std::string_view text) {
  return text.starts_with("/run/systemd/network/10-netplan-") ||
         text.starts_with("/run/NetworkManager/system-connections/netplan-");
}

}  // namespace ifkit::native::netplan
