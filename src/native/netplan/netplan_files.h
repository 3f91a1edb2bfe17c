// SPDX-License-Identifier: LGPL-2.1-or-later
// netplan's YAML files, found and merged as netplan does (netplan-generate(8)): every *.yaml in
// /lib/netplan, /etc/netplan and /run/netplan; of files with the same name only one is read,
// /run/netplan's shadowing /etc/netplan's shadowing /lib/netplan's; all of them read in the
// order of their names, each adding to the ones before. Merging follows what netplan generate
// does with two files that set the same device: mappings merge key by key, a later scalar
// replaces an earlier one, and a later sequence is appended (addresses from both files).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/native_definition.h"
#include "native/netplan/yaml_tree.h"

namespace ifkit::native::netplan {

struct NetplanFile {
  std::string path;  // on the host
  std::string text;
  YamlNode root;  // a mapping; its nodes' `file` is this file's index in NetplanFiles
};

struct NetplanFiles {
  std::vector<NetplanFile> files;  // in the order netplan reads them
  std::optional<YamlNode> merged;  // all of them, as one tree; none without any file
  std::vector<NativeProblem> problems;
};

NetplanFiles readNetplanFiles(const ConfigRoot& root);

// The folders, highest precedence first.
const std::vector<std::string>& netplanFolders();

// `later` merged into `earlier`, as netplan merges files.
void mergeYaml(YamlNode& earlier, const YamlNode& later);

}  // namespace ifkit::native::netplan
