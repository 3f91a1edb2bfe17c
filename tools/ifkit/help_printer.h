// SPDX-License-Identifier: LGPL-2.1-or-later
// The text of `help`: one command's manual page, one group's listing, or every group.
#pragma once

#include <string>

#include "command_def.h"

namespace ifkit::cli {

// NAME, SYNOPSIS, DESCRIPTION and OPTIONS of `cmd`, laid out as virsh lays them out.
std::string commandHelp(const CommandDef& cmd);
// " Interface (help keyword 'interface'):" and one line per command, no trailing blank line.
std::string groupHelp(const CommandGroup& group);

}  // namespace ifkit::cli
