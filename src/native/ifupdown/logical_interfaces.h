// SPDX-License-Identifier: LGPL-2.1-or-later
// The interfaces(5) statements gathered per logical interface: its iface stanzas (templates
// named by `inherits` put first, as ifup applies them), its start class from auto/allow-*
// lines, and the statements that concern no single interface (mappings, patterns).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "native/ifupdown/interfaces_tree.h"

namespace ifkit::native::ifupdown {

struct IfaceStanza {
  std::string family;  // "inet", "inet6", ...
  std::string method;  // "static", "dhcp", "manual", ...
  std::vector<Option> options;  // the template's first, then the stanza's own
  SourceLines where;
};

struct LogicalInterface {
  std::string name;
  std::vector<IfaceStanza> stanzas;  // file order
  std::optional<conf::StartMode> startMode;
  std::vector<std::string> notes;  // per-interface statements XML cannot hold (no-scripts, ...)

  // Every value of the option (either spelling, bridge-ports = bridge_ports) across stanzas.
  std::vector<const Option*> options(std::string_view canonicalName) const;
  const Option* firstOption(std::string_view canonicalName) const;
  bool isLoopback() const;
};

struct LogicalInterfaces {
  std::map<std::string, LogicalInterface> byName;
  std::vector<std::string> order;             // names by first stanza
  std::vector<std::string> templateOnly;      // named by `inherits`, never started on their own
  std::vector<std::string> globalNotes;       // "FILE:LINE: mapping ..." and the like
};

LogicalInterfaces gatherLogicalInterfaces(const InterfacesTree& tree);

// "FILE:LINE" of an option in a stanza.
std::string placeOf(const IfaceStanza& stanza, const Option& option);

}  // namespace ifkit::native::ifupdown
