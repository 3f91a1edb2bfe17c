// SPDX-License-Identifier: LGPL-2.1-or-later
// runCommands: run parsed commands in order on one connection, reporting as virsh does.
#pragma once

#include <vector>

#include "command_def.h"
#include "session.h"

namespace ifkit::cli {

struct RunOutcome {
  bool ok = true;     // the last command's result (true for none): the exit status
  bool quit = false;  // quit or exit was among them: an interactive session ends here
};

// Runs every command, failed ones included; after each, prints the error that made it fail
// and, outside -q, an empty line. quit and exit stop the run.
RunOutcome runCommands(Session& s, const std::vector<ParsedCommand>& commands);

}  // namespace ifkit::cli
