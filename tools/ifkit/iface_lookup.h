// SPDX-License-Identifier: LGPL-2.1-or-later
// lookupInterface: find the interface a command names, by name or by MAC, as virsh does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "command_def.h"
#include "ifkit/interface.h"
#include "session.h"

namespace ifkit::cli {

enum LookupBy : unsigned { kByName = 1, kByMac = 2 };

// Reads option `optName`; a value that looks like a MAC is looked up by MAC (if `by` allows),
// anything else by name (if allowed). On failure prints "failed to get interface 'x'" and
// leaves the library's error, if there was a lookup, for the runner. `name` receives the
// value as given.
std::optional<Interface> lookupInterface(Session& s, const ParsedCommand& cmd,
                                         std::string_view optName, unsigned by,
                                         std::string* name = nullptr);

// The same for a value already in hand (one of several names given to one command).
std::optional<Interface> lookupInterfaceNamed(Session& s, const std::string& value, unsigned by);

// Whether virsh would take `text` for a MAC address (libvirt's virMacAddrParse): six groups of
// one or two hex digits separated by ':', then the end or any byte up to ' ' (or above 0x7f).
bool looksLikeMac(std::string_view text);

}  // namespace ifkit::cli
