// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit: the virsh-compatible command line for host interfaces.
//
//   ifkit [-c URI] [-r] [-q] 'iface-define br0.xml; iface-start br0'
//   ifkit [-c URI] iface-dumpxml eth1
//   ifkit [-c URI] [-r] [-q]            (the interactive terminal)
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "command_line.h"
#include "complete_command.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "interactive.h"
#include "line_reader.h"
#include "option_parser.h"
#include "runner.h"
#include "session.h"

namespace {

using namespace ifkit;
using namespace ifkit::cli;

constexpr std::string_view kUsage =
    "\n"
    "ifkit [options]... [<command_string>]\n"
    "ifkit [options]... <command> [args...]\n"
    "\n"
    "  options:\n"
    "    -c | --connect=URI      connection URI (default: $IFKIT_DEFAULT_URI, else "
    "ifkit:///system)\n"
    "    -h | --help             this help\n"
    "    -q | --quiet            quiet mode\n"
    "    -r | --readonly         connect readonly\n"
    "    -v | --version          program version\n"
    "\n"
    "  commands (non interactive mode):\n"
    "    the interface commands of virsh (iface-*); 'ifkit help' lists them.\n"
    "\n"
    "  (without a command, ifkit starts an interactive terminal)\n"
    "\n";

constexpr const char* kBuiltInUri = "ifkit:///system";
// ifkitd's read-only socket, where libvirt's interface daemon has it.
constexpr const char* kDaemonRoSocket = "/run/libvirt/virtinterfaced-sock-ro";

struct Options {
  std::string uri;
  bool uriGiven = false;  // -c: virsh then connects at start-up, whatever the commands
  bool readOnly = false;
  bool quiet = false;
  int firstCommandArg = 0;
};

void printError(std::string_view message) {
  std::fflush(stdout);
  std::fprintf(stderr, "error: %.*s\n", int(message.size()), message.data());
}

// virsh's global options, parsed like getopt with "+": they stop at the first command word.
// Returns an exit status when the program should stop here.
std::optional<int> parseOptions(int argc, char** argv, Options& opts) {
  const char* envUri = std::getenv("IFKIT_DEFAULT_URI");
  opts.uri = envUri != nullptr && *envUri != '\0' ? envUri : kBuiltInUri;
  int i = 1;
  auto needValue = [&]() -> std::optional<std::string> {
    if (i + 1 >= argc) return std::nullopt;
    return std::string(argv[++i]);
  };
  for (; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;
    if (arg.starts_with("--")) {
      const auto eq = arg.find('=');
      const std::string_view name = arg.substr(2, eq == std::string_view::npos ? eq : eq - 2);
      if (name == "connect") {
        std::optional<std::string> v;
        if (eq != std::string_view::npos) v = std::string(arg.substr(eq + 1));
        else v = needValue();
        if (!v) {
          printError("option '-c'/'--connect' requires an argument");
          return 1;
        }
        opts.uri = *v;
      } else if (eq == std::string_view::npos && name == "readonly") {
        opts.readOnly = true;
      } else if (eq == std::string_view::npos && name == "quiet") {
        opts.quiet = true;
      } else if (eq == std::string_view::npos && name == "help") {
        std::fputs(kUsage.data(), stdout);
        return 0;
      } else if (eq == std::string_view::npos && name == "version") {
        std::puts(IFKIT_VERSION);
        return 0;
      } else {
        printError("unsupported option '" + std::string(arg) + "'. See --help.");
        return 1;
      }
      continue;
    }
    for (std::size_t k = 1; k < arg.size(); ++k) {
      switch (arg[k]) {
        case 'r': opts.readOnly = true; break;
        case 'q': opts.quiet = true; break;
        case 'h': std::fputs(kUsage.data(), stdout); return 0;
        case 'v': std::puts(IFKIT_VERSION); return 0;
        case 'c': {
          std::optional<std::string> v;
          if (k + 1 < arg.size()) v = std::string(arg.substr(k + 1));
          else v = needValue();
          if (!v) {
            printError("option '-c'/'--connect' requires an argument");
            return 1;
          }
          opts.uri = *v;
          opts.uriGiven = true;
          k = arg.size();
          break;
        }
        default:
          printError("unsupported option '-" + std::string(1, arg[k]) + "'. See --help.");
          return 1;
      }
    }
  }
  opts.firstCommandArg = i;
  return std::nullopt;
}

// Read-only on the built-in URI, as virsh -r does: through the daemon's read-only socket when
// one is there, so that any user can list and describe, and nothing is opened for writing (the
// local driver takes the store's lock file). Without a daemon, root still reads locally.
std::string uriToOpen(const Options& opts) {
  if (opts.readOnly && opts.uri == kBuiltInUri && ::access(kDaemonRoSocket, F_OK) == 0)
    return "interface:///system";
  return opts.uri;
}

std::optional<Connection> connect(const Options& opts) {
  auto opened = Connection::open(uriToOpen(opts), opts.readOnly);
  if (!opened) {
    printError("failed to connect to the hypervisor");
    printError(opened.error().message);
    return std::nullopt;
  }
  return std::move(*opened);
}

// No command: the interactive terminal, connected from the start as virsh's is. Lines come from
// libedit on a terminal, and are read plainly (and echoed) from a pipe or a file.
int runTerminal(const Options& opts) {
  std::optional<Connection> conn = connect(opts);
  if (!conn) return 1;
  Session session(std::move(conn), opts.quiet, stdout, stderr);
  const Connection* lookups = &session.conn();  // for Tab: lives as long as the session
  auto interfaces = [lookups] {
    std::vector<KnownInterface> known;
    if (auto all = lookups->listAllInterfaces(0))
      for (const Interface& i : *all) known.push_back({i.name(), i.macString()});
    return known;
  };
  std::unique_ptr<LineReader> lines = ::isatty(STDIN_FILENO)
                                          ? makeTerminalLineReader(historyFilePath(), interfaces)
                                          : makePipedLineReader(stdin, stdout);
  return runInteractive(session, *lines, opts.readOnly);
}

int run(int argc, char** argv) {
  Options opts;
  if (auto status = parseOptions(argc, argv, opts)) return *status;

  const std::span<char* const> words(argv + opts.firstCommandArg,
                                     std::size_t(argc - opts.firstCommandArg));
  if (words.empty()) return runTerminal(opts);
  // The shells' completion, hidden from help (virsh's `complete`): see complete_command.h.
  if (std::string_view(words[0]) == "complete")
    return runComplete(words.subspan(1), opts.uri, opts.readOnly, stdout);
  // virsh treats an empty command string as a failure (and a blank one as success).
  if (words.size() == 1 && *words[0] == '\0') return 1;

  std::optional<std::vector<ParsedCommand>> commands;
  if (words.size() == 1) {
    StringTokens tokens(words[0]);
    commands = parseCommands(tokens, printError);
  } else {
    ArgvTokens tokens(words);
    commands = parseCommands(tokens, printError);
  }
  if (!commands) return 1;

  // Like virsh: with -c it connects at start-up; without, only when a command needs it, so that
  // `help` works on a host without a daemon or a store.
  const bool needsConnection =
      opts.uriGiven || std::any_of(commands->begin(), commands->end(), [](const auto& c) {
        const std::string_view name = c.def->name;
        return name != "help" && name != "echo" && name != "quit" && name != "exit";
      });
  std::optional<Connection> conn;
  if (needsConnection && !(conn = connect(opts))) return 1;
  Session session(std::move(conn), opts.quiet, stdout, stderr);
  return runCommands(session, *commands).ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // No setlocale here: the character set is taken where it matters (character_set.h).
  // A daemon reached over ssh talks through a pipe: if it dies, a write must fail with an
  // error the user sees, not kill the tool.
  std::signal(SIGPIPE, SIG_IGN);
  return run(argc, argv);
}
