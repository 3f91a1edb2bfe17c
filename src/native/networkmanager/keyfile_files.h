// SPDX-License-Identifier: LGPL-2.1-or-later
// NetworkManager's connection profiles as its keyfile plugin finds them: the files of
// /run/NetworkManager/system-connections (profiles kept in memory, first),
// /etc/NetworkManager/system-connections and /usr/lib/NetworkManager/system-connections. A
// profile is known by its UUID: of several files with one UUID, the one in the earlier folder
// wins, and a UUID.nmmeta link to /dev/null in /etc or /run hides /usr/lib's profile (that is
// how NetworkManager deletes one it cannot delete). Hidden files, backups (~, .bak, .orig,
// .rpm*, .dpkg-*, .swp, .tmp) and .nmmeta files are not profiles. A file that others may read
// or write is ignored by NetworkManager (it holds secrets), and named as a problem here.
#pragma once

#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/native_definition.h"
#include "native/networkmanager/keyfile_syntax.h"

namespace ifkit::native::networkmanager {

struct ConnectionFile {
  std::string path;  // on the host
  Keyfile keyfile;
  std::string uuid;  // connection.uuid; NetworkManager makes one from the path when absent
};

struct ConnectionFiles {
  std::vector<ConnectionFile> connections;  // by folder precedence, then by name
  std::vector<NativeProblem> problems;
};

ConnectionFiles readConnectionFiles(const ConfigRoot& root);

// The folders, highest precedence first.
const std::vector<std::string>& connectionFolders();

}  // namespace ifkit::native::networkmanager
