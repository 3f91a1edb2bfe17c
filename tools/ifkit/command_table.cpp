// SPDX-License-Identifier: LGPL-2.1-or-later
// commandGroups and findCommand: the groups `help` lists, assembled from each group's table.
#include <algorithm>
#include <array>
#include <vector>

#include "command_def.h"
#include "commands.h"

namespace ifkit::cli {
namespace {

// The interface group in virsh's order (alphabetical), whichever file defines each command.
constexpr std::string_view kInterfaceOrder[] = {
    "iface-begin",   "iface-bridge",  "iface-commit", "iface-define",   "iface-destroy",
    "iface-dumpxml", "iface-edit",    "iface-list",   "iface-mac",      "iface-name",
    "iface-rollback", "iface-start",  "iface-unbridge", "iface-undefine",
};

struct Registry {
  std::vector<CommandDef> interfaceCommands;
  std::array<CommandGroup, 3> groups;

  Registry() {
    for (auto table : {interfaceQueryCommands(), interfaceConfigCommands(),
                       interfaceStateCommands(), interfaceTransactionCommands(),
                       interfaceBridgeCommands()})
      interfaceCommands.insert(interfaceCommands.end(), table.begin(), table.end());
    auto rank = [](const CommandDef& c) {
      return std::find(std::begin(kInterfaceOrder), std::end(kInterfaceOrder), c.name) -
             std::begin(kInterfaceOrder);
    };
    std::sort(interfaceCommands.begin(), interfaceCommands.end(),
              [&](const CommandDef& a, const CommandDef& b) { return rank(a) < rank(b); });
    groups = {CommandGroup{"Interface", "interface", interfaceCommands},
              CommandGroup{"Virsh itself", "virsh", shellCommands()},
              CommandGroup{"Host (ifkit)", "host", hostCommands()}};
  }
};

// Built once, on first use, and never changed afterwards: a constant table, not state.
const Registry& registry() {
  static const Registry r;
  return r;
}

}  // namespace

std::span<const CommandGroup> commandGroups() { return registry().groups; }

const CommandDef* findCommand(std::string_view name) {
  for (const CommandGroup& g : commandGroups())
    for (const CommandDef& c : g.commands)
      if (c.name == name) return &c;
  return nullptr;
}

}  // namespace ifkit::cli
