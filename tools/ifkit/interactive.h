// SPDX-License-Identifier: LGPL-2.1-or-later
// runInteractive: ifkit with no command: virsh's interactive terminal.
//
//   $ ifkit -c 'ifkit:///system?netns=lab'
//   Welcome to ifkit, ...
//   ifkit # iface-list --all
//
// Each line is a command string, as on the command line (';' separates commands); the session
// ends at quit, exit or the end of input.
#pragma once

#include "line_reader.h"
#include "session.h"

namespace ifkit::cli {

// Runs until the end; the exit status is 0 whatever the commands did, as virsh's is: a session
// is not one command's result.
int runInteractive(Session& session, LineReader& lines, bool readOnly);

}  // namespace ifkit::cli
