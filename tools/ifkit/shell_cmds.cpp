// SPDX-License-Identifier: LGPL-2.1-or-later
// help, echo, quit, exit: the commands about the tool itself.
#include "commands.h"
#include "echo_text.h"
#include "help_printer.h"
#include "session.h"

namespace ifkit::cli {
namespace {

bool helpCmd(Session& s, const ParsedCommand& cmd) {
  const std::string* topic = cmd.find("command");
  if (topic == nullptr || topic->empty()) {
    // Unlike virsh's, this lists only the commands ifkit has.
    std::string out = "Grouped commands:\n\n";
    for (const CommandGroup& g : commandGroups()) out += groupHelp(g) + "\n";
    s.print(out);
    return true;
  }
  if (const CommandDef* c = findCommand(*topic)) {
    s.print(commandHelp(*c));
    return true;
  }
  for (const CommandGroup& g : commandGroups()) {
    if (g.name == *topic || g.keyword == *topic) {
      s.print(groupHelp(g));
      return true;
    }
  }
  s.error("command or command group '" + *topic + "' doesn't exist");
  return false;
}

bool echoCmd(Session& s, const ParsedCommand& cmd) {
  const bool shell = cmd.has("shell"), xml = cmd.has("xml"), split = cmd.has("split");
  if (shell && xml) {
    s.error("Options --shell and --xml are mutually exclusive");
    return false;
  }
  if (shell && split) {
    s.error("Options --shell and --split are mutually exclusive");
    return false;
  }
  if (xml && split) {
    s.error("Options --xml and --split are mutually exclusive");
    return false;
  }
  std::string out;
  bool first = true;
  for (const std::string& arg : cmd.all("string")) {
    if (!first) out += ' ';
    first = false;
    if (split) {
      for (const std::string& piece : splitOnCommas(arg)) out += piece + "\n";
    } else if (xml) {
      out += escapeForXml(arg);
    } else if (shell) {
      out += quoteForShell(arg);
    } else {
      out += arg;
    }
  }
  if (cmd.has("err"))
    s.error(out);
  else
    s.print(out);
  return true;
}

// The runner stops at quit and exit; there is nothing else for them to do.
bool quitCmd(Session&, const ParsedCommand&) { return true; }

constexpr OptDef kHelpOpts[] = {
    {"command", OptType::Data, false,
     "Prints global help, command specific help, or help for a group of related commands"},
};
constexpr OptDef kEchoOpts[] = {
    {"shell", OptType::Bool, false, "escape for shell use"},
    {"xml", OptType::Bool, false, "escape for XML use"},
    {"split", OptType::Bool, false, "split each argument on ','; ',,' is an escape sequence"},
    {"err", OptType::Bool, false, "output to stderr"},
    {"string", OptType::Argv, false, "arguments to echo"},
};

constexpr CommandDef kCommands[] = {
    {"echo", "echo arguments. Used for internal testing.",
     "Echo back arguments, possibly with quoting. Used for internal testing.", kEchoOpts,
     &echoCmd},
    {"exit", "quit this interactive terminal", "", {}, &quitCmd},
    {"help", "print help",
     "Prints global help, command specific help, or help for a\ngroup of related commands",
     kHelpOpts, &helpCmd},
    {"quit", "quit this interactive terminal", "", {}, &quitCmd},
};

}  // namespace

std::span<const CommandDef> shellCommands() { return kCommands; }

}  // namespace ifkit::cli
