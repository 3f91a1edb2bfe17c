// SPDX-License-Identifier: LGPL-2.1-or-later
// posix_spawnp with two pipes; SIGTERM and waitpid on the way out.
#include "util/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "util/system_error.h"

extern char** environ;

namespace ifkit {

Result<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return systemError(errno, "cannot create a pipe", ErrorDomain::Rpc);
  UniqueFd inRead(in[0]), inWrite(in[1]);
  if (::pipe2(out, O_CLOEXEC) != 0) return systemError(errno, "cannot create a pipe", ErrorDomain::Rpc);
  UniqueFd outRead(out[0]), outWrite(out[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, inRead.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, outWrite.get(), STDOUT_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int err = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) return systemError(err, "cannot run '" + argv[0] + "'", ErrorDomain::Rpc);
  return ChildProcess(pid, std::move(inWrite), std::move(outRead));
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    end();
    pid_ = std::exchange(other.pid_, -1);
    toChild_ = std::move(other.toChild_);
    fromChild_ = std::move(other.fromChild_);
  }
  return *this;
}

void ChildProcess::end() {
  if (pid_ <= 0) return;
  toChild_.reset();
  fromChild_.reset();
  (void)::kill(pid_, SIGTERM);  // it may have gone already: waitpid reaps it either way
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

}  // namespace ifkit
