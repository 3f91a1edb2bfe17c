// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkmanager/networkmanager_configuration.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <map>
#include <set>

namespace ifkit::native::networkmanager {
namespace {

// A leading decimal number, as atoi reads it, but clamped: atoi's overflow is undefined.
int intOf(const char* text) {
  const long value = std::strtol(text, nullptr, 10);
  return static_cast<int>(std::clamp<long>(value, INT_MIN, INT_MAX));
}

// The type names NetworkManager writes, and their long forms.
std::string kindOf(const std::string& type) {
  if (type == "802-3-ethernet") return "ethernet";
  if (type == "802-11-wireless") return "wifi";
  return type;
}

// What the translation reads, as "group.key" (groups by their short names); everything else a
// profile sets is unexpressed. Identity and bookkeeping keys are neither. Each a function's
// static, made by the first reading of a profile: a process that reads none does not build them.
const std::set<std::string>& readKeys() {
  static const std::set<std::string> values = {"connection.type",
                                               "connection.interface-name",
                                               "connection.autoconnect",
                                               "connection.autoconnect-priority",
                                               "connection.master",
                                               "connection.controller",
                                               "connection.slave-type",
                                               "connection.port-type",
                                               "ethernet.mtu",
                                               "ethernet.cloned-mac-address",
                                               "bridge.stp",
                                               "bridge.forward-delay",
                                               "bond.mode",
                                               "bond.miimon",
                                               "bond.updelay",
                                               "bond.downdelay",
                                               "bond.arp_interval",
                                               "bond.arp_ip_target",
                                               "bond.arp_validate",
                                               "vlan.id",
                                               "vlan.parent",
                                               "ipv4.method",
                                               "ipv6.method",
                                               "ipv4.gateway",
                                               "ipv6.gateway"};
  return values;
}
const std::set<std::string>& bookkeepingKeys() {
  static const std::set<std::string> values = {"connection.id",        "connection.uuid",
                                               "connection.timestamp", "connection.permissions",
                                               "ipv6.addr-gen-mode",   "vlan.flags"};
  return values;
}

std::string shortGroup(const std::string& group) {
  if (group == "802-3-ethernet") return "ethernet";
  if (group == "802-11-wireless") return "wifi";
  if (group == "802-11-wireless-security") return "wifi-security";
  return group;
}

bool isMac(const std::string& text) {
  if (text.size() != 17) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (i % 3 == 2 ? text[i] != ':' : !std::isxdigit(static_cast<unsigned char>(text[i])))
      return false;
  return true;
}

// address1=ADDRESS/PREFIX[,GATEWAY], and the older addresses1= and address=.
bool isAddressKey(const std::string& key) {
  for (std::string_view prefix : {"address", "addresses"})
    if (key.starts_with(prefix) &&
        key.find_first_not_of("0123456789", prefix.size()) == std::string::npos)
      return true;
  return false;
}
bool isRouteKey(const std::string& key) {
  return key.starts_with("route") && key.find_first_not_of("0123456789", 5) == std::string::npos &&
         key.size() > 5;
}
int keyNumber(const std::string& key) {
  std::size_t digits = key.find_first_of("0123456789");
  return digits == std::string::npos ? 0 : intOf(key.c_str() + digits);
}

std::optional<conf::BondMode> bondModeOf(const std::string& value) {
  static const std::map<std::string, conf::BondMode> kModes = {
      {"balance-rr", conf::BondMode::BalanceRr},       {"0", conf::BondMode::BalanceRr},
      {"active-backup", conf::BondMode::ActiveBackup}, {"1", conf::BondMode::ActiveBackup},
      {"balance-xor", conf::BondMode::BalanceXor},     {"2", conf::BondMode::BalanceXor},
      {"broadcast", conf::BondMode::Broadcast},        {"3", conf::BondMode::Broadcast},
      {"802.3ad", conf::BondMode::Ieee8023ad},         {"4", conf::BondMode::Ieee8023ad},
      {"balance-tlb", conf::BondMode::BalanceTlb},     {"5", conf::BondMode::BalanceTlb},
      {"balance-alb", conf::BondMode::BalanceAlb},     {"6", conf::BondMode::BalanceAlb}};
  auto it = kModes.find(value);
  return it == kModes.end() ? std::nullopt : std::optional(it->second);
}

struct Profile {
  const ConnectionFile* file = nullptr;
  std::string kind;    // ethernet, bridge, bond, vlan
  std::string name;    // connection.interface-name
  std::string master;  // the master's interface name, for a port
  bool autoconnect = true;
  int priority = 0;
};

constexpr std::size_t kMaxNesting = 8;

class Translator {
 public:
  Translator(const ConnectionFiles& files, const std::vector<std::string>& links)
      : files_(files), links_(links) {}

  NativeConfiguration translate() {
    std::map<std::string, std::vector<Profile>> byName;
    for (const ConnectionFile& file : files_.connections) {
      auto profile = profileOf(file);
      if (profile) byName[profile->name].push_back(*profile);
    }
    // Masters named by UUID: by the interface their profile configures.
    std::map<std::string, std::string> uuidNames;
    for (const auto& [name, profiles] : byName)
      for (const Profile& p : profiles)
        if (!p.file->uuid.empty()) uuidNames[p.file->uuid] = name;
    for (auto& [name, profiles] : byName) {
      if (name == "lo") continue;
      if (profiles.front().kind == "ethernet" &&
          std::find(links_.begin(), links_.end(), name) == links_.end())
        continue;  // no such NIC here
      // The profile NetworkManager starts at boot; stable sort keeps file order among equals.
      std::stable_sort(profiles.begin(), profiles.end(), [](const Profile& a, const Profile& b) {
        if (a.autoconnect != b.autoconnect) return a.autoconnect;
        return a.priority > b.priority;
      });
      chosen_.emplace(name, profiles);
    }
    for (auto& [name, profiles] : chosen_) {
      Profile& p = profiles.front();
      if (p.master.empty()) continue;
      if (auto it = uuidNames.find(p.master); it != uuidNames.end()) p.master = it->second;
      if (!p.master.empty() && chosen_.count(p.master)) masters_[name] = p.master;
    }
    for (const auto& [name, profiles] : chosen_) {
      if (masters_.count(name)) continue;
      const Profile& p = profiles.front();
      NativeDefinition native;
      native.manager = kManagerName;
      native.def = describe(name, native, /*nested=*/false);
      native.def.startMode = p.autoconnect ? conf::StartMode::Onboot : conf::StartMode::None;
      protocolsOf(*p.file, native);
      if (auto mtu = valueOf(*p.file, "ethernet", "mtu"))
        native.def.mtu = static_cast<std::uint32_t>(std::strtoul(mtu->c_str(), nullptr, 10));
      result_.definitions.push_back(std::move(native));
    }
    for (const NativeProblem& problem : files_.problems) result_.problems.push_back(problem);
    return std::move(result_);
  }

 private:
  static const KeyfileGroup* groupOf(const ConnectionFile& file, const std::string& group) {
    if (group == "ethernet") return file.keyfile.group("ethernet", "802-3-ethernet");
    return file.keyfile.group(group);
  }
  static std::optional<std::string> valueOf(const ConnectionFile& file, const std::string& group,
                                            const std::string& key) {
    const KeyfileGroup* g = groupOf(file, group);
    return g ? g->value(key) : std::nullopt;
  }

  std::optional<Profile> profileOf(const ConnectionFile& file) {
    const KeyfileGroup& connection = *file.keyfile.group("connection");
    Profile p;
    p.file = &file;
    p.kind = kindOf(connection.value("type").value_or(""));
    p.name = connection.value("interface-name").value_or("");
    const std::string what = file.path + ": " + (p.kind.empty() ? "a profile" : p.kind) +
                             " profile '" + connection.value("id").value_or("") + "'" +
                             (p.name.empty() ? "" : " (" + p.name + ")");
    if (p.kind != "ethernet" && p.kind != "bridge" && p.kind != "bond" && p.kind != "vlan") {
      result_.problems.push_back({kManagerName, what + ": libvirt's XML has no such interface"});
      return std::nullopt;
    }
    if (p.name.empty()) {
      result_.problems.push_back(
          {kManagerName, what + ": no interface-name, so which link it configures cannot be told "
                                "from files"});
      return std::nullopt;
    }
    p.master = connection.value("controller").value_or(connection.value("master").value_or(""));
    p.autoconnect = connection.value("autoconnect").value_or("true") != "false";
    p.priority = intOf(connection.value("autoconnect-priority").value_or("0").c_str());
    return p;
  }

  void noteUnread(const Profile& p, bool nested, NativeDefinition& native) {
    for (const KeyfileGroup& group : p.file->keyfile.groups) {
      const std::string g = shortGroup(group.name);
      for (const KeyfileEntry& entry : group.entries) {
        const std::string key = g + "." + entry.key;
        if (bookkeepingKeys().count(key)) continue;
        const bool address =
            (g == "ipv4" || g == "ipv6") && (isAddressKey(entry.key) || entry.key == "gateway");
        const bool route = (g == "ipv4" || g == "ipv6") && isRouteKey(entry.key);
        // A default route is the gateway; one with a metric or options says more than that.
        if (route && isDefaultRoute(entry.value) && !nested &&
            std::count(entry.value.begin(), entry.value.end(), ',') < 2)
          continue;
        if ((readKeys().count(key) || address) && !nested) continue;
        if (nested && (readKeys().count(key) || address) && g != "ipv4" && g != "ipv6" &&
            key != "ethernet.mtu")
          continue;
        if (nested && (key == "ipv4.method" || key == "ipv6.method") &&
            (entry.value == "disabled" || entry.value == "ignore"))
          continue;
        native.unexpressed.push_back(
            p.file->path + ":" + std::to_string(entry.line) + ": [" + group.name + "] " +
            entry.key + "=" + entry.value +
            (nested && (readKeys().count(key) || address) ? " (on a member)" : ""));
      }
    }
    for (std::size_t i = 1; i < chosen_.at(p.name).size(); ++i)
      native.unexpressed.push_back(chosen_.at(p.name)[i].file->path + ": another profile for " +
                                   p.name + ", which NetworkManager does not start at boot");
  }

  static bool isDefaultRoute(const std::string& route) {
    return route.starts_with("0.0.0.0/0,") || route.starts_with("::/0,");
  }

  // By master, built once: a hostile file may hold many thousand bridges.
  std::vector<std::string> membersOf(const std::string& master) {
    if (membersByMaster_.empty())
      for (const auto& [name, of] : masters_) membersByMaster_[of].push_back(name);
    auto it = membersByMaster_.find(master);
    return it == membersByMaster_.end() ? std::vector<std::string>{} : it->second;
  }

  conf::InterfaceDef describe(const std::string& name, NativeDefinition& native, bool nested) {
    conf::InterfaceDef def;
    def.name = name;
    // A master that is its own member's member, or bridges nested thousands deep: hostile
    // input, described once and no deeper than any real host nests (bridge, bond, ethernet).
    if (describing_.size() >= kMaxNesting || !describing_.insert(name).second) return def;
    const Profile& p = chosen_.at(name).front();
    native.sources.push_back({p.file->path, 0, 0});
    noteUnread(p, nested, native);
    if (p.kind == "bridge") {
      conf::BridgeDef bridge;
      // NetworkManager's defaults, which it sets on the kernel's bridge: STP on, 15 s.
      bridge.stp = valueOf(*p.file, "bridge", "stp").value_or("true") != "false";
      bridge.delay = valueOf(*p.file, "bridge", "forward-delay").value_or("15");
      for (const std::string& member : membersOf(name))
        bridge.members.push_back(describe(member, native, true));
      def.kind = std::move(bridge);
    } else if (p.kind == "bond") {
      conf::BondDef bond;
      bond.mode = bondModeOf(valueOf(*p.file, "bond", "mode").value_or("balance-rr"));
      auto number = [&](const char* key, int fallback) {
        auto value = valueOf(*p.file, "bond", key);
        return value ? intOf(value->c_str()) : fallback;
      };
      const int arpInterval = number("arp_interval", 0);
      // NetworkManager monitors the links every 100 ms unless told otherwise or ARP is used.
      const int miimon = number("miimon", arpInterval > 0 ? 0 : 100);
      if (miimon > 0) {
        bond.monitor =
            conf::MiimonDef{miimon, number("downdelay", 0), number("updelay", 0), std::nullopt};
      } else if (arpInterval > 0) {
        std::string targets = valueOf(*p.file, "bond", "arp_ip_target").value_or("");
        std::string first = targets.substr(0, targets.find(','));
        if (!first.empty()) {
          conf::ArpmonDef arpmon{arpInterval, first, std::nullopt};
          const std::string validate = valueOf(*p.file, "bond", "arp_validate").value_or("");
          if (validate == "active" || validate == "1") arpmon.validate = conf::ArpValidate::Active;
          if (validate == "backup" || validate == "2") arpmon.validate = conf::ArpValidate::Backup;
          if (validate == "all" || validate == "3") arpmon.validate = conf::ArpValidate::All;
          bond.monitor = arpmon;
        }
      }
      for (const std::string& slave : membersOf(name)) {
        conf::InterfaceDef slaveDef = describe(slave, native, true);
        if (!slaveDef.isEthernet()) continue;  // libvirt's bonds hold ethernets only
        bond.slaves.push_back(std::move(slaveDef));
      }
      def.kind = std::move(bond);
    } else if (p.kind == "vlan") {
      conf::VlanDef vlan;
      vlan.tag = valueOf(*p.file, "vlan", "id").value_or("");
      vlan.parent = valueOf(*p.file, "vlan", "parent").value_or("");
      for (const auto& [other, profiles] : chosen_)
        if (!vlan.parent.empty() && profiles.front().file->uuid == vlan.parent) vlan.parent = other;
      def.kind = vlan;
    } else {
      conf::EthernetDef ethernet;
      if (auto mac = valueOf(*p.file, "ethernet", "cloned-mac-address"); mac && isMac(*mac))
        ethernet.mac = *mac;
      def.kind = ethernet;
    }
    describing_.erase(name);
    return def;
  }

  void protocolsOf(const ConnectionFile& file, NativeDefinition& native) {
    for (bool ipv6 : {false, true}) {
      const KeyfileGroup* group = file.keyfile.group(ipv6 ? "ipv6" : "ipv4");
      // Without the group NetworkManager's default method is auto (DHCP, or SLAAC).
      const std::string method = group ? group->value("method").value_or("auto") : "auto";
      conf::ProtocolDef protocol{
          ipv6 ? conf::Family::Ipv6 : conf::Family::Ipv4, false, std::nullopt, {}, std::nullopt};
      if (method == "auto" && !ipv6) protocol.dhcp = conf::DhcpDef{};
      if (method == "auto" && ipv6) protocol.autoconf = true;
      if (method == "dhcp") protocol.dhcp = conf::DhcpDef{};
      if (method == "shared" || method == "link-local")
        native.unexpressed.push_back(file.path + ":" + std::to_string(group->find("method")->line) +
                                     ": [" + group->name + "] method=" + method);
      if (method != "auto" && method != "manual" && method != "dhcp") continue;
      std::vector<std::pair<int, std::string>> addresses, routes;
      if (group)
        for (const KeyfileEntry& entry : group->entries) {
          if (isAddressKey(entry.key)) addresses.emplace_back(keyNumber(entry.key), entry.value);
          if (isRouteKey(entry.key)) routes.emplace_back(keyNumber(entry.key), entry.value);
        }
      // address1, address2, ... in their numbers' order, whatever the file's.
      std::stable_sort(addresses.begin(), addresses.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      std::stable_sort(routes.begin(), routes.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<std::string> gateways;
      if (group)
        if (auto gateway = group->value("gateway")) gateways.push_back(*gateway);
      for (const auto& [number, value] : addresses) {
        // Several addresses may share a key, separated by ';' (older files).
        std::size_t start = 0;
        while (start < value.size()) {
          std::size_t stop = value.find(';', start);
          std::string item = value.substr(start, stop == std::string::npos ? stop : stop - start);
          start = stop == std::string::npos ? value.size() : stop + 1;
          if (item.empty()) continue;
          std::string address = item.substr(0, item.find(','));
          if (auto comma = item.find(','); comma != std::string::npos)
            gateways.push_back(item.substr(comma + 1));
          auto slash = address.find('/');
          conf::IpDef ip{address.substr(0, slash),
                         slash == std::string::npos ? 0 : intOf(address.c_str() + slash + 1)};
          if (ip.prefix == 0) ip.prefix = ipv6 ? 128 : 32;
          protocol.ips.push_back(ip);
        }
      }
      for (const auto& [number, value] : routes)
        if (isDefaultRoute(value)) {
          std::string via = value.substr(value.find(',') + 1);
          gateways.push_back(via.substr(0, via.find(',')));
        }
      for (const std::string& gateway : gateways) {
        if (gateway.empty() || gateway == "0.0.0.0" || gateway == "::") continue;
        if (!protocol.gateway)
          protocol.gateway = gateway;
        else if (*protocol.gateway != gateway)
          native.unexpressed.push_back(file.path + ": a second gateway " + gateway);
      }
      if (method == "manual" && protocol.ips.empty()) continue;
      native.def.protocols.push_back(std::move(protocol));
    }
  }

  const ConnectionFiles& files_;
  const std::vector<std::string>& links_;
  NativeConfiguration result_;
  std::map<std::string, std::vector<Profile>> chosen_;  // name -> its profiles, boot's first
  std::map<std::string, std::string> masters_;          // port -> its master's name
  std::map<std::string, std::vector<std::string>> membersByMaster_;
  std::set<std::string> describing_;
};

}  // namespace

NativeConfiguration translateConnectionFiles(const ConnectionFiles& files,
                                             const std::vector<std::string>& links) {
  NativeConfiguration result = Translator(files, links).translate();
  sortByName(result);
  return result;
}

NativeConfiguration readNetworkManagerConfiguration(const ConfigRoot& root,
                                                    const std::vector<std::string>& links) {
  return translateConnectionFiles(readConnectionFiles(root), links);
}

}  // namespace ifkit::native::networkmanager
