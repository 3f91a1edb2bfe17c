// runCommands: run parsed commands in order on one connection, reporting as virsh does.
#pragma once

#include <vector>

#include "command_def.h"
#include "session.h"

namespace ifkit::cli {

// Runs every command, failed ones included; after each, prints the error that made it fail
// and, outside -q, an empty line. quit and exit stop the run. The result is the last
// command's (true for none), which becomes the exit status.
bool runCommands(Session& s, const std::vector<ParsedCommand>& commands);

}  // namespace ifkit::cli
