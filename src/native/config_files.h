// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading another manager's configuration files under a root directory.
//
// The root is "/" on a host and a folder in tests and image builds (ifkit:///system?root=DIR,
// as `systemctl --root`): every path a manager names is a path on the host, read under the
// root. Files are opened without blocking and must be regular files: a FIFO or a device where
// a configuration file belongs is a problem to report, never a reason to hang.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifkit/error.h"

namespace ifkit::native {

// Configuration files larger than this are refused: no manager's file comes near it.
inline constexpr std::size_t kMaxConfigFileBytes = 4 << 20;

class ConfigRoot {
 public:
  explicit ConfigRoot(std::string root = "/");

  // The path under which the host path `hostPath` (absolute) is found.
  std::string locate(std::string_view hostPath) const;

  // The file's bytes; nullopt when it does not exist; an error naming the host path when it
  // cannot be read or is not a regular file.
  Result<std::optional<std::string>> read(std::string_view hostPath) const;

  // The host paths matching a shell glob (no command or variable expansion), sorted.
  std::vector<std::string> glob(std::string_view hostPattern) const;

  // The names of the entries of a host directory, sorted; empty when it does not exist.
  std::vector<std::string> list(std::string_view hostDirectory) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;  // without a trailing slash; empty for "/"
};

}  // namespace ifkit::native
