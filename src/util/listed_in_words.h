// SPDX-License-Identifier: LGPL-2.1-or-later
// Names listed in a message as a sentence lists them: "eth0", "eth0 and eth1",
// "ifupdown, systemd-networkd and NetworkManager".
#pragma once

#include <span>
#include <string>

namespace ifkit {

std::string listedInWords(std::span<const std::string> items);

}  // namespace ifkit
