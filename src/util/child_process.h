// SPDX-License-Identifier: LGPL-2.1-or-later
// ChildProcess: a spawned program with pipes to its standard input and output, ended (SIGTERM,
// then waited for) when the handle goes out of scope.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "ifkit/error.h"
#include "util/unique_fd.h"

namespace ifkit {

class ChildProcess {
 public:
  // Starts argv[0] (looked up in PATH) with argv; its stderr stays the caller's.
  static Result<ChildProcess> spawn(const std::vector<std::string>& argv);

  ChildProcess(ChildProcess&& other) noexcept
      : pid_(std::exchange(other.pid_, -1)),
        toChild_(std::move(other.toChild_)),
        fromChild_(std::move(other.fromChild_)) {}
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { end(); }

  // The child's standard input and output; the caller may take them over.
  UniqueFd takeStdin() { return std::move(toChild_); }
  UniqueFd takeStdout() { return std::move(fromChild_); }
  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, UniqueFd toChild, UniqueFd fromChild)
      : pid_(pid), toChild_(std::move(toChild)), fromChild_(std::move(fromChild)) {}
  void end();

  pid_t pid_ = -1;
  UniqueFd toChild_;
  UniqueFd fromChild_;
};

}  // namespace ifkit
