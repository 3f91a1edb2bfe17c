// SPDX-License-Identifier: LGPL-2.1-or-later
// runCommands: the command loop: run, report the failure, separate outputs with a blank line.
#include "runner.h"

namespace ifkit::cli {

RunOutcome runCommands(Session& s, const std::vector<ParsedCommand>& commands) {
  RunOutcome outcome;
  for (const ParsedCommand& cmd : commands) {
    outcome.ok = cmd.def->handler(s, cmd);
    std::optional<Error> failure = s.takeFailure();
    if (!outcome.ok && failure) s.error(failure->message);
    if (cmd.def->name == "quit" || cmd.def->name == "exit") {
      outcome.quit = true;
      return outcome;
    }
    s.printExtra("\n");
  }
  return outcome;
}

}  // namespace ifkit::cli
