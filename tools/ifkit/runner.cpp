// runCommands: the command loop: run, report the failure, separate outputs with a blank line.
#include "runner.h"

namespace ifkit::cli {

bool runCommands(Session& s, const std::vector<ParsedCommand>& commands) {
  bool ok = true;
  for (const ParsedCommand& cmd : commands) {
    ok = cmd.def->handler(s, cmd);
    std::optional<Error> failure = s.takeFailure();
    if (!ok && failure) s.error(failure->message);
    if (cmd.def->name == "quit" || cmd.def->name == "exit") return ok;
    s.printExtra("\n");
  }
  return ok;
}

}  // namespace ifkit::cli
