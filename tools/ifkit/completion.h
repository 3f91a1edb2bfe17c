// SPDX-License-Identifier: LGPL-2.1-or-later
// completeWord: what the interactive terminal offers for the word under the cursor (Tab).
//
//   "iface-st"                -> iface-start
//   "iface-list --a"          -> --all
//   "iface-start b"           -> the interfaces whose names start with b
//   "iface-name 52:"          -> the MAC addresses that start with 52:
//   "iface-define br"         -> nothing here: the terminal completes file names
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::cli {

struct KnownInterface {
  std::string name;
  std::string mac;
};

// `before` is the line up to the start of `word`. The result holds every candidate that starts
// with `word`, sorted; none at all means there is nothing to offer. nullopt means the word is
// a file name (iface-define FILE), which the line editor completes by itself.
// `interfaces` is called only when the word names an interface.
std::optional<std::vector<std::string>> completeWord(
    std::string_view before, std::string_view word,
    const std::function<std::vector<KnownInterface>()>& interfaces);

}  // namespace ifkit::cli
