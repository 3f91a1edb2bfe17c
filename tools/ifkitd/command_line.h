// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkitd's command line: what it names, and what it overrides in the configuration file.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "daemon/daemon_config.h"

namespace ifkit::daemon {

struct CommandLine {
  std::string uri;
  std::string configPath = kDefaultConfigPath;
  bool configGiven = false;  // --config: the file must exist
  bool help = false;
  bool version = false;
  std::optional<std::string> socket, roSocket;
  std::optional<std::size_t> maxClients, maxRoClients;
  std::optional<std::chrono::seconds> idleTimeout;
  std::optional<std::chrono::seconds> exitTimeout;  // --timeout
  bool verbose = false;
};

// False (after saying why on stderr) when the command line is unusable.
bool parseCommandLine(int argc, char** argv, CommandLine& into);
void printUsage(std::FILE* out);
// The file's settings with the command line's on top: options win over the file.
void applyOverrides(const CommandLine& line, DaemonConfig& config);

}  // namespace ifkit::daemon
