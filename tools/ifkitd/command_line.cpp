// SPDX-License-Identifier: LGPL-2.1-or-later
// Parsing ifkitd's options, libvirtd's where libvirtd has one (-f, -t, -v, -V).
#include "command_line.h"

#include <charconv>
#include <cstdio>

namespace ifkit::daemon {
namespace {

// A whole decimal number, or false after saying what is wrong with it.
bool parseCount(const std::string& option, const std::string& text, std::size_t minimum,
                std::size_t& into) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < minimum) {
    std::fprintf(stderr, "ifkitd: option '%s' wants a whole number from %zu, not '%s'\n",
                 option.c_str(), minimum, text.c_str());
    return false;
  }
  into = value;
  return true;
}

}  // namespace

void printUsage(std::FILE* out) {
  const DaemonConfig d;
  std::fprintf(
      out,
      "Usage: ifkitd -c URI [-f FILE] [--socket PATH] [--ro-socket PATH] [--max-clients N]\n"
      "              [--max-ro-clients N] [--idle-timeout SECONDS] [-t SECONDS] [-v]\n"
      "       ifkitd -V | -h\n"
      "\n"
      "Serves the interfaces of the driver that URI names (e.g. ifkit:///system or\n"
      "test:///default) over libvirt's remote protocol. Options override the file.\n"
      "\n"
      "  -c, --connect URI    the driver to serve\n"
      "  -f, --config FILE    configuration file (default %s)\n"
      "  --socket PATH        read-write socket (default %s)\n"
      "  --ro-socket PATH     read-only socket (default %s)\n"
      "  --max-clients N      clients at once on the read-write socket (default %zu)\n"
      "  --max-ro-clients N   clients at once on the read-only socket (default %zu)\n"
      "  --idle-timeout SECONDS\n"
      "                       drop a client without keepalive silent that long\n"
      "                       (default %lld; 0: never)\n"
      "  -t, --timeout SECONDS\n"
      "                       exit after that long without clients (for socket activation)\n"
      "  -v, --verbose        log at debug level (log_level = 1)\n"
      "  -V, --version        the version\n"
      "  -h, --help           this text\n"
      "\n"
      "Signals: SIGHUP reads the configuration file again; SIGTERM and SIGINT stop.\n",
      kDefaultConfigPath, d.socketPath.c_str(), d.roSocketPath.c_str(), d.maxClients,
      d.maxRoClients, static_cast<long long>(d.clientIdleTimeout.count()));
}

bool parseCommandLine(int argc, char** argv, CommandLine& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "ifkitd: option '%s' needs a value\n", arg.c_str());
        return false;
      }
      into = argv[++i];
      return true;
    };
    auto seconds = [&](std::optional<std::chrono::seconds>& into, std::size_t minimum) {
      std::string text;
      std::size_t n = 0;
      if (!value(text) || !parseCount(arg, text, minimum, n)) return false;
      into = std::chrono::seconds(n);
      return true;
    };
    if (arg == "-h" || arg == "--help") {
      args.help = true;
      return true;
    }
    if (arg == "-V" || arg == "--version") {
      args.version = true;
      return true;
    }
    if (arg == "-c" || arg == "--connect") {
      if (!value(args.uri)) return false;
    } else if (arg == "-f" || arg == "--config") {
      if (!value(args.configPath)) return false;
      args.configGiven = true;
    } else if (arg == "--socket") {
      if (!value(args.socket.emplace())) return false;
    } else if (arg == "--ro-socket") {
      if (!value(args.roSocket.emplace())) return false;
    } else if (arg == "--max-clients" || arg == "--max-ro-clients") {
      std::string text;
      auto& into = arg == "--max-clients" ? args.maxClients : args.maxRoClients;
      if (!value(text) || !parseCount(arg, text, 1, into.emplace())) return false;
    } else if (arg == "--idle-timeout") {
      if (!seconds(args.idleTimeout, 0)) return false;
    } else if (arg == "-t" || arg == "--timeout") {
      if (!seconds(args.exitTimeout, 1)) return false;
    } else if (arg == "-v" || arg == "--verbose") {
      args.verbose = true;
    } else {
      std::fprintf(stderr, "ifkitd: unknown option '%s'\n", arg.c_str());
      return false;
    }
  }
  if (args.uri.empty()) {
    std::fprintf(stderr, "ifkitd: a URI to serve is required (-c URI)\n");
    return false;
  }
  return true;
}

void applyOverrides(const CommandLine& line, DaemonConfig& config) {
  if (line.socket) config.socketPath = *line.socket;
  if (line.roSocket) config.roSocketPath = *line.roSocket;
  if (line.maxClients) config.maxClients = *line.maxClients;
  if (line.maxRoClients) config.maxRoClients = *line.maxRoClients;
  if (line.idleTimeout) config.clientIdleTimeout = *line.idleTimeout;
  if (line.verbose) {
    // As libvirtd's --verbose, it lowers the level; outputs asking for less still get less.
    config.logLevel = LogLevel::Debug;
    for (LogOutput& output : config.logOutputs)
      if (output.kind == LogOutput::Kind::Stderr) output.level = LogLevel::Debug;
  }
}

}  // namespace ifkit::daemon
