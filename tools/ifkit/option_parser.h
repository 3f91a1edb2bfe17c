// SPDX-License-Identifier: LGPL-2.1-or-later
// parseCommands: words -> commands with their options bound, with virsh's rules and messages.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "command_def.h"
#include "command_line.h"

namespace ifkit::cli {

using ErrorSink = std::function<void(std::string_view message)>;

// Parses every command before any runs, as virsh does: the first error is reported through
// `error` ("unknown command: 'x'", "command 'iface-mac' requires <interface> option", ...) and
// nothing is returned. `--help` on any command turns it into `help <command>`.
std::optional<std::vector<ParsedCommand>> parseCommands(TokenSource& tokens,
                                                        const ErrorSink& error);

}  // namespace ifkit::cli
