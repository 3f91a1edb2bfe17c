// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkd/networkd_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>

namespace ifkit::native::networkd {
namespace {

constexpr const char* kManager = "systemd-networkd";

bool endsWith(const std::string& name, std::string_view suffix) {
  return name.size() > suffix.size() && std::string_view(name).substr(name.size() - suffix.size()) == suffix;
}

// A symbolic link to /dev/null masks its name (as an empty file does).
bool linksToDevNull(const ConfigRoot& root, const std::string& hostPath) {
  char target[64] = {};
  ssize_t n = ::readlink(root.locate(hostPath).c_str(), target, sizeof target - 1);
  return n > 0 && std::string_view(target, static_cast<std::size_t>(n)) == "/dev/null";
}

bool isEmpty(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

bool networkdIsEnabled(const ConfigRoot& root) {
  auto has = [&](const char* folder, const char* name) {
    const auto names = root.list(folder);
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  return has("/etc/systemd/system/multi-user.target.wants", "systemd-networkd.service") ||
         has("/etc/systemd/system/sockets.target.wants", "systemd-networkd.socket");
}

const std::vector<std::string>& networkdFolders() {
  static const std::vector<std::string> folders = {
      "/etc/systemd/network", "/run/systemd/network", "/usr/local/lib/systemd/network",
      "/usr/lib/systemd/network", "/lib/systemd/network"};
  return folders;
}

NetworkdFiles readNetworkdFiles(const ConfigRoot& root) {
  NetworkdFiles files;
  // Each name, from the folder of highest precedence that has it.
  std::map<std::string, std::string> chosen;  // name -> host path
  std::map<std::string, std::map<std::string, std::string>> dropIns;  // NAME.d -> conf -> path
  for (const std::string& folder : networkdFolders()) {
    for (const std::string& name : root.list(folder)) {
      const std::string path = folder + "/" + name;
      if (endsWith(name, ".network") || endsWith(name, ".netdev")) {
        chosen.try_emplace(name, path);
      } else if (endsWith(name, ".network.d") || endsWith(name, ".netdev.d")) {
        for (const std::string& conf : root.list(path))
          if (endsWith(conf, ".conf")) dropIns[name].try_emplace(conf, path + "/" + conf);
      }
    }
  }
  for (const auto& [name, path] : chosen) {
    if (linksToDevNull(root, path)) continue;
    auto text = root.read(path);
    if (!text) {
      files.problems.push_back({kManager, text.error().message});
      continue;
    }
    if (!*text || isEmpty(**text)) continue;
    UnitFile unit;
    unit.path = path;
    unit.parsed = parseUnitText(**text);
    unit.sectionFiles.assign(unit.parsed.sections.size(), path);
    for (const UnitProblem& problem : unit.parsed.problems)
      files.problems.push_back({kManager, path + ":" + std::to_string(problem.line) + ": " +
                                              problem.message});
    for (const auto& [conf, dropInPath] : dropIns[name + ".d"]) {
      if (linksToDevNull(root, dropInPath)) continue;
      auto dropIn = root.read(dropInPath);
      if (!dropIn) {
        files.problems.push_back({kManager, dropIn.error().message});
        continue;
      }
      if (!*dropIn || isEmpty(**dropIn)) continue;
      ParsedUnit more = parseUnitText(**dropIn);
      unit.dropIns.push_back(dropInPath);
      for (Section& section : more.sections) {
        unit.parsed.sections.push_back(std::move(section));
        unit.sectionFiles.push_back(dropInPath);
      }
    }
    (endsWith(name, ".network") ? files.networks : files.netdevs).push_back(std::move(unit));
  }
  return files;
}

}  // namespace ifkit::native::networkd
