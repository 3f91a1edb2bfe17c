// SPDX-License-Identifier: LGPL-2.1-or-later
// The values of systemd's settings as systemd reads them: booleans (systemd.syntax(7)) and time
// spans (systemd.time(7)).
#pragma once

#include <optional>
#include <string_view>

namespace ifkit::native::networkd {

// yes/no, true/false, on/off, 1/0 (any case); nullopt for anything else.
std::optional<bool> unitBoolean(std::string_view value);

// "100ms", "2", "1s 500ms", "0.5s", "1min" in milliseconds (a bare number is seconds), rounded
// down; nullopt when it does not parse.
std::optional<long long> unitMilliseconds(std::string_view value);

}  // namespace ifkit::native::networkd
