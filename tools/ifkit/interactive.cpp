// SPDX-License-Identifier: LGPL-2.1-or-later
// runInteractive: banner, prompt, one command string a line, until quit or the end of input.
#include "interactive.h"

#include "command_line.h"
#include "option_parser.h"
#include "runner.h"

namespace ifkit::cli {

int runInteractive(Session& session, LineReader& lines, bool readOnly) {
  session.printExtra(
      "Welcome to ifkit, the interactive terminal for host network interfaces.\n"
      "\n"
      "Type:  'help' for help with commands\n"
      "       'quit' to quit\n"
      "\n");
  // virsh's prompts: '>' when the connection cannot change anything.
  const std::string_view prompt = readOnly ? "ifkit > " : "ifkit # ";
  while (std::optional<std::string> line = lines.read(prompt)) {
    StringTokens tokens(*line);
    const auto commands =
        parseCommands(tokens, [&](std::string_view message) { session.error(message); });
    if (commands && runCommands(session, *commands).quit) break;
  }
  session.print("\n");  // the terminal's next prompt starts on a line of its own
  return 0;
}

}  // namespace ifkit::cli
