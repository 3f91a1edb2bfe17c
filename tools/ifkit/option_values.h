// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading option values in handlers, with virsh's checks and messages.
#pragma once

#include <optional>
#include <string>

#include "command_def.h"
#include "session.h"

namespace ifkit::cli {

// The value of a string option. An option given with an empty value fails, printing
// "Failed to get option 'file': Option argument is empty"; a missing optional one gives "".
// Returns nullopt on failure.
std::optional<std::string> stringOption(Session& s, const ParsedCommand& cmd,
                                        std::string_view name);

// An unsigned decimal number (leading blanks and '+' allowed, like strtoul; no sign, no hex, no
// trailing text, at most UINT_MAX); absent -> `fallback`. A bad value fails, printing
// "Numeric value 'x' for <delay> option is malformed or out of range".
std::optional<unsigned> uintOption(Session& s, const ParsedCommand& cmd, std::string_view name,
                                   unsigned fallback);

}  // namespace ifkit::cli
