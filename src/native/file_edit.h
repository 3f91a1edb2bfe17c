// SPDX-License-Identifier: LGPL-2.1-or-later
// A change of one of another manager's files: its bytes before and after.
#pragma once

#include <optional>
#include <string>

namespace ifkit::native {

// A file that does not exist is std::nullopt: taking an interface over may add a file of ifkit's
// to the manager's folder (a networkd .network that unmanages it, a NetworkManager conf.d
// drop-in) or take one away (a netdev that would make the bridge ifkit now owns).
struct FileEdit {
  std::string path;                   // on the host
  std::optional<std::string> before;  // the file's bytes as the manager had them
  std::optional<std::string> after;   // the bytes that make the manager leave the interface alone
  bool operator==(const FileEdit&) const = default;
};

}  // namespace ifkit::native
