// SPDX-License-Identifier: LGPL-2.1-or-later
// netplan's own generator on a root's files: `netplan generate --root-dir` renders the YAML
// under the root into the root's run/systemd/network (and run/NetworkManager), touching
// nothing outside it; PID 1 is not systemd here, so it starts nothing.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace ifkit::native::netplan::test {

// A copy of a case's root in a temporary folder, removed at the end of the scope.
class ScratchRoot {
 public:
  explicit ScratchRoot(const std::filesystem::path& from = {}) {
    char pattern[] = "/tmp/ifkit-netplan-XXXXXX";
    path_ = ::mkdtemp(pattern);
    if (!from.empty())
      std::filesystem::copy(
          from, path_,
          std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  }
  ~ScratchRoot() { std::filesystem::remove_all(path_); }
  ScratchRoot(const ScratchRoot&) = delete;
  ScratchRoot& operator=(const ScratchRoot&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string string() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Runs `netplan generate` on the root; true when it succeeded.
inline bool netplanGenerate(const std::string& root) {
  // netplan warns of files others may read; the cases' are, on purpose.
  std::string command = "netplan generate --root-dir '" + root + "' 2>/dev/null";
  int status = std::system(command.c_str());
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace ifkit::native::netplan::test
