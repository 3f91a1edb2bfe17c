// SPDX-License-Identifier: LGPL-2.1-or-later
// NativeDefinition: an interface as the host's own network manager configures it.
//
// The readers under src/native/<manager>/ turn another program's files (ifupdown's
// /etc/network/interfaces, systemd-networkd's .network/.netdev, netplan's YAML,
// NetworkManager's keyfiles) into ifkit's model of libvirt's interface XML, so that the host's
// existing configuration is listed and described like ifkit's own definitions. What the
// manager can say and libvirt's XML cannot (hook commands, metrics, DNS servers, ...) is named
// in `unexpressed`, never dropped silently. The readers are pure of the driver: they read files
// under a root and return values; handing an interface over to ifkit and back is a separate
// step (adoption).
#pragma once

#include <string>
#include <vector>

#include "conf/interface_def.h"

namespace ifkit::native {

// Where a piece of configuration was read: a file (its path as the host sees it, without the
// test or image root) and the 1-based lines it spans (none: the whole file).
struct SourceLines {
  std::string file;
  int firstLine = 0;
  int lastLine = 0;
  bool operator==(const SourceLines&) const = default;
};

// "/etc/network/interfaces:5-9", or only the file when no lines are named.
std::string describe(const SourceLines& where);

struct NativeDefinition {
  std::string manager;  // "ifupdown", "systemd-networkd", "netplan", "NetworkManager"
  conf::InterfaceDef def;
  std::vector<SourceLines> sources;      // every stanza or section that went into `def`
  std::vector<std::string> unexpressed;  // "FILE:LINE: what", in file order
};

// A file of the manager's that could not be read, or a statement it would refuse.
struct NativeProblem {
  std::string manager;
  std::string message;  // names the file (and line)
};

// The definition as libvirt's interface XML with, first inside the root element, XML comments
// saying which manager configures it from which files and what the XML leaves out. libvirt's
// parser ignores comments, so the text can be given back to iface-define as it is.
std::string formatNativeXml(const NativeDefinition& native);

struct NativeConfiguration {
  std::vector<NativeDefinition> definitions;  // sorted by name
  std::vector<NativeProblem> problems;
};

// Puts the definitions in the order NativeConfiguration keeps them: by name.
void sortByName(NativeConfiguration& configuration);

}  // namespace ifkit::native
