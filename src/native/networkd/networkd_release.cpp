// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkd/networkd_release.h"

#include <algorithm>

#include "native/networkd/networkd_configuration.h"
#include "native/networkd/unit_values.h"
#include "native/words.h"

namespace ifkit::native::networkd {
namespace {

std::string baseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::optional<std::string> lastOf(const UnitFile& unit, std::string_view section,
                                  std::string_view key) {
  std::optional<std::string> value;
  for (const Section* s : unit.parsed.sectionsNamed(section))
    if (auto v = s->last(key)) value = v;
  return value;
}

// Whether networkd, given `files` plus a file of ifkit's at `path` with `text`, picks ifkit's
// for `name`: networkd orders every folder's files by name alone, and a name in /etc hides it
// in the other folders.
bool comesFirst(const NetworkdFiles& files, const std::string& path, const std::string& text,
                const std::string& name, const std::string& kind) {
  NetworkdFiles with;
  with.networks = files.networks;
  std::erase_if(with.networks, [&](const UnitFile& u) { return baseName(u.path) == baseName(path); });
  UnitFile ours;
  ours.path = path;
  ours.parsed = parseUnitText(text);
  auto at = std::find_if(with.networks.begin(), with.networks.end(), [&](const UnitFile& u) {
    return baseName(u.path) > baseName(path);
  });
  at = with.networks.insert(at, std::move(ours));
  const std::size_t index = static_cast<std::size_t>(at - with.networks.begin());
  return networkFor(with, name, kind) == &with.networks[index];
}

// The VLANs networkd makes on a link from its .network (VLAN=), as it reads the list.
std::vector<std::string> vlansOf(const UnitFile& network) {
  std::vector<std::string> vlans;
  for (const Section* s : network.parsed.sectionsNamed("Network"))
    for (const Setting& setting : s->settings)
      if (setting.key == "VLAN") {
        if (setting.value.empty()) vlans.clear();
        for (const std::string& word : splitWords(setting.value)) vlans.push_back(word);
      }
  return vlans;
}

// The .netdev that makes `name`, if networkd has one.
const UnitFile* netdevOf(const NetworkdFiles& files, const std::string& name) {
  for (const UnitFile& netdev : files.netdevs)
    if (lastOf(netdev, "NetDev", "Name") == name) return &netdev;
  return nullptr;
}

}  // namespace

std::string unmanagedNetworkText(const std::string& name) {
  return "# Written by ifkit: " + name + " is configured by ifkit (ifkit iface-dumpxml --inactive " +
         name + ").\n"
         "# ifkit removes this file when it gives " + name + " back to systemd-networkd.\n"
         "[Match]\nName=" + name + "\n\n[Link]\nUnmanaged=yes\n";
}

Result<std::vector<FileEdit>> releaseFromNetworkdFiles(const ConfigRoot& root,
                                                       const NetworkdFiles& files,
                                                       const std::vector<std::string>& names) {
  std::vector<FileEdit> edits;
  auto add = [&](const std::string& path, std::optional<std::string> after) -> Status {
    if (std::any_of(edits.begin(), edits.end(), [&](const FileEdit& e) { return e.path == path; }))
      return {};
    auto now = root.read(path);
    if (!now) return std::move(now).error();
    if (*now != after) edits.push_back({path, std::move(*now), std::move(after)});
    return {};
  };
  const std::string folder = std::string(kAdministratorFolder) + "/";
  for (const std::string& name : names) {
    std::string kind;
    for (const UnitFile& netdev : files.netdevs) {
      if (lastOf(netdev, "NetDev", "Name") != name) continue;
      kind = lastOf(netdev, "NetDev", "Kind").value_or("");
      // In the administrator's folder it goes; elsewhere (a package's, a generator's) an empty
      // file of the same name in /etc masks it.
      const bool ours = netdev.path.starts_with(folder);
      if (Status st = add(ours ? netdev.path : folder + baseName(netdev.path),
                          ours ? std::nullopt : std::optional<std::string>(""));
          !st)
        return std::move(st).error();
    }
    const UnitFile* network = networkFor(files, name, kind);
    if (network == nullptr ||
        unitBoolean(lastOf(*network, "Link", "Unmanaged").value_or("no")) == true)
      continue;
    // networkd makes a VLAN only while it configures the VLAN's parent (the parent's .network
    // names it): an unmanaged parent would lose, at the next boot, a VLAN that networkd still
    // owns. So the VLAN goes first (or with its parent), not silently.
    for (const std::string& vlan : vlansOf(*network)) {
      if (std::find(names.begin(), names.end(), vlan) != names.end()) continue;
      if (netdevOf(files, vlan) == nullptr) continue;  // not networkd's (any more): ifkit's
      return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                       "cannot make systemd-networkd leave " + name + " alone: it makes the VLAN " +
                           vlan + " on " + name + " ('" + network->path + "': VLAN=" + vlan +
                           ") and would no longer make it; define " + vlan +
                           " first (iface-dumpxml --inactive " + vlan + " describes it)");
    }
    const std::string text = unmanagedNetworkText(name);
    std::optional<std::string> chosen;
    for (const char* prefix : {"00-ifkit-", "0-ifkit-", "+ifkit-"}) {
      const std::string path = folder + prefix + name + ".network";
      if (comesFirst(files, path, text, name, kind)) {
        chosen = path;
        break;
      }
    }
    if (!chosen)
      return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                       "cannot make systemd-networkd leave " + name + " alone: '" +
                           network->path + "' comes before any file name of ifkit's");
    if (Status st = add(*chosen, text); !st) return std::move(st).error();
  }
  return edits;
}

Result<std::vector<FileEdit>> releaseFromNetworkd(const ConfigRoot& root,
                                                  const std::vector<std::string>& names) {
  return releaseFromNetworkdFiles(root, readNetworkdFiles(root), names);
}

}  // namespace ifkit::native::networkd
