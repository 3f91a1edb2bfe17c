// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkmanager/keyfile_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <set>

namespace ifkit::native::networkmanager {
namespace {

constexpr const char* kManager = "NetworkManager";

bool isProfileName(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '~') return false;
  for (std::string_view suffix :
       {".bak", ".orig", ".swp", ".swo", ".tmp", ".nmmeta", ".pem", ".der", ".p12", ".crt", ".key"})
    if (name.ends_with(suffix)) return false;
  for (std::string_view infix : {".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-"})
    if (name.find(infix) != std::string::npos) return false;
  return true;
}

bool linksToDevNull(const ConfigRoot& root, const std::string& hostPath) {
  char target[64] = {};
  ssize_t n = ::readlink(root.locate(hostPath).c_str(), target, sizeof target - 1);
  return n > 0 && std::string_view(target, static_cast<std::size_t>(n)) == "/dev/null";
}

}  // namespace

const std::vector<std::string>& connectionFolders() {
  static const std::vector<std::string> folders = {"/run/NetworkManager/system-connections",
                                                   "/etc/NetworkManager/system-connections",
                                                   "/usr/lib/NetworkManager/system-connections"};
  return folders;
}

ConnectionFiles readConnectionFiles(const ConfigRoot& root) {
  ConnectionFiles result;
  std::set<std::string> seenUuids;
  std::set<std::string> hidden;  // UUIDs deleted by a .nmmeta link to /dev/null
  for (const std::string& folder : connectionFolders()) {
    const bool lib = folder.starts_with("/usr/lib/");
    const std::vector<std::string> names = root.list(folder);
    for (const std::string& name : names)
      if (!lib && name.ends_with(".nmmeta") && linksToDevNull(root, folder + "/" + name))
        hidden.insert(name.substr(0, name.size() - 7));
    for (const std::string& name : names) {
      if (!isProfileName(name)) continue;
      const std::string path = folder + "/" + name;
      struct stat st {};
      if (::lstat(root.locate(path).c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          (st.st_mode & 077) != 0) {
        result.problems.push_back({kManager, path + ": NetworkManager ignores it: others may "
                                                    "read or write it"});
        continue;
      }
      auto text = root.read(path);
      if (!text) {
        result.problems.push_back({kManager, text.error().message});
        continue;
      }
      if (!*text) continue;
      ConnectionFile file{path, parseKeyfile(**text), ""};
      for (const std::string& problem : file.keyfile.problems)
        result.problems.push_back({kManager, path + ":" + problem});
      const KeyfileGroup* connection = file.keyfile.group("connection");
      if (!connection) {
        result.problems.push_back({kManager, path + ": no [connection] group"});
        continue;
      }
      file.uuid = connection->value("uuid").value_or("");
      if (!file.uuid.empty()) {
        if (lib && hidden.count(file.uuid)) continue;
        if (!seenUuids.insert(file.uuid).second) continue;  // an earlier folder's wins
      }
      result.connections.push_back(std::move(file));
    }
  }
  return result;
}

}  // namespace ifkit::native::networkmanager
