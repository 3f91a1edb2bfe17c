// SPDX-License-Identifier: LGPL-2.1-or-later
// runProcess: run a program, capture its standard output, standard error and exit status.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ifkit::test {

struct ProcessResult {
  std::string out;
  std::string err;
  int status = -1;  // exit status, or 128 + signal
};

// Runs `argv` (argv[0] a path) with `env` as the whole environment and `input` (a file's
// contents, not a terminal) as standard input; without it, /dev/null.
ProcessResult runProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& env,
                         const std::optional<std::string>& input = std::nullopt);

}  // namespace ifkit::test
