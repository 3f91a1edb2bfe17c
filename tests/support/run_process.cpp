// SPDX-License-Identifier: LGPL-2.1-or-later
// runProcess: posix_spawn with both outputs sent to temporary files, read back after exit.
#include "run_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ifkit::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<char*> cStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

ProcessResult runProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env,
                         const std::optional<std::string>& input) {
  char inPath[] = "/tmp/ifkit-cli-in-XXXXXX";
  char outPath[] = "/tmp/ifkit-cli-out-XXXXXX";
  char errPath[] = "/tmp/ifkit-cli-err-XXXXXX";
  const int inFd = ::mkstemp(inPath);
  const int outFd = ::mkstemp(outPath);
  const int errFd = ::mkstemp(errPath);
  ProcessResult result;
  if (inFd < 0 || outFd < 0 || errFd < 0) {
    result.err = "mkstemp failed";
    return result;
  }
  if (input) {
    std::ofstream(inPath, std::ios::binary) << *input;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input ? inPath : "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, outFd, 1);
  posix_spawn_file_actions_adddup2(&actions, errFd, 2);
  std::vector<char*> args = cStrings(argv);
  std::vector<char*> envp = cStrings(env);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(inFd);
  ::close(outFd);
  ::close(errFd);
  if (rc == 0) {
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, 0) < 0) {
    }
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    result.out = slurp(outPath);
    result.err = slurp(errPath);
  } else {
    result.err = "posix_spawn failed for " + argv[0];
  }
  (void)::unlink(inPath);  // temporary files: nothing to keep
  (void)::unlink(outPath);
  (void)::unlink(errPath);
  return result;
}

}  // namespace ifkit::test
