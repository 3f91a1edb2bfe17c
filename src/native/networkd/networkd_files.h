// SPDX-License-Identifier: LGPL-2.1-or-later
// systemd-networkd's configuration files, found as networkd finds them (systemd.network(5)):
// *.network and *.netdev in /etc/systemd/network, /run/systemd/network,
// /usr/local/lib/systemd/network and /usr/lib/systemd/network (and /lib/systemd/network where
// /lib is not /usr/lib), a file in an earlier folder hiding one of the same name in a later
// one, an empty file or a link to /dev/null masking it; all of them in the order of their
// names; each with its drop-ins (NAME.d/*.conf in any of the folders, in the order of their
// names) applied after it.
#pragma once

#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/native_definition.h"
#include "native/networkd/unit_syntax.h"

namespace ifkit::native::networkd {

struct UnitFile {
  std::string path;              // on the host; the main file
  std::vector<std::string> dropIns;
  ParsedUnit parsed;             // the main file's sections, then each drop-in's
  // The file each section was read from, by index into `parsed.sections`.
  std::vector<std::string> sectionFiles;
};

struct NetworkdFiles {
  std::vector<UnitFile> networks;  // .network, by name
  std::vector<UnitFile> netdevs;   // .netdev, by name
  std::vector<NativeProblem> problems;
};

NetworkdFiles readNetworkdFiles(const ConfigRoot& root);

// Whether systemd starts networkd on this root: `systemctl enable systemd-networkd` left its
// links in /etc/systemd/system (the service wanted by multi-user.target, or its socket by
// sockets.target). systemd ships networkd, and its example files, on hosts that never run it.
bool networkdIsEnabled(const ConfigRoot& root);

// The folders, highest precedence first.
const std::vector<std::string>& networkdFolders();

}  // namespace ifkit::native::networkd
