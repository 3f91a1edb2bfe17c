// SPDX-License-Identifier: LGPL-2.1-or-later
// The command tables of each group, defined beside their handlers.
#pragma once

#include <span>

#include "command_def.h"

namespace ifkit::cli {

std::span<const CommandDef> interfaceQueryCommands();        // iface_query_cmds.cpp
std::span<const CommandDef> interfaceConfigCommands();       // iface_config_cmds.cpp
std::span<const CommandDef> interfaceStateCommands();        // iface_state_cmds.cpp
std::span<const CommandDef> interfaceTransactionCommands();  // iface_transaction_cmds.cpp
std::span<const CommandDef> interfaceBridgeCommands();       // iface_bridge_cmds.cpp
std::span<const CommandDef> shellCommands();                 // shell_cmds.cpp
std::span<const CommandDef> hostCommands();                  // host_cmds.cpp (beyond virsh)

}  // namespace ifkit::cli
