// SPDX-License-Identifier: LGPL-2.1-or-later
// DaemonConfig: what ifkitd.conf sets, in libvirt's daemon keys (virtinterfaced.conf's names
// and meanings), checked key by key. The defaults are ifkitd's behaviour without a file.
//
//   auto config = loadDaemonConfig("/etc/ifkit/ifkitd.conf", /*mustExist=*/false);
//   if (!config) ...;  // "/etc/ifkit/ifkitd.conf:7: max_clients: wants a whole number ..."
//
// Keys (contrib/ifkitd.conf documents each):
//   unix_sock_dir         where the sockets are: DIR/virtinterfaced-sock and ...-sock-ro
//   unix_sock_group       group of the sockets ifkitd makes (not those systemd passes)
//   unix_sock_rw_perms    mode of the read-write socket, octal text ("0600")
//   unix_sock_ro_perms    mode of the read-only socket ("0666")
//   max_clients           clients at once on the read-write socket
//   max_anonymous_clients clients at once on the read-only socket
//   keepalive_interval    seconds of silence before a PING (-1: no pings)
//   keepalive_count       PINGs unanswered before a client is dropped
//   client_idle_timeout   ifkit's: seconds a client without keepalive may stay silent (0: ever)
//   log_level             1 debug, 2 info, 3 warning, 4 error
//   log_outputs           "PRIORITY:stderr PRIORITY:file:PATH PRIORITY:journald"
// libvirt's other daemon keys (TLS, auth, workers, admin...) are accepted and ignored with a
// warning, so that a virtinterfaced.conf works here; any other key is refused (a typo).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "daemon/logger.h"
#include "ifkit/error.h"

namespace ifkit::daemon {

struct DaemonConfig {
  std::string socketPath = "/run/libvirt/virtinterfaced-sock";
  std::string roSocketPath = "/run/libvirt/virtinterfaced-sock-ro";
  std::optional<std::string> socketGroup;
  mode_t rwPerms = 0600;
  mode_t roPerms = 0666;
  std::size_t maxClients = 64;
  std::size_t maxRoClients = 64;
  int keepaliveInterval = 5;  // seconds; <= 0: no pings
  unsigned keepaliveCount = 5;
  std::chrono::seconds clientIdleTimeout{300};
  LogLevel logLevel = LogLevel::Info;
  std::vector<LogOutput> logOutputs{LogOutput{LogLevel::Info, LogOutput::Kind::Stderr, {}}};
  // libvirt's keys the file set that ifkitd does not use, with their lines: said once loaded.
  std::vector<std::string> ignored;
};

// The compiled-in default path.
extern const char* const kDefaultConfigPath;

// Reads `path` over the defaults. A missing file is the defaults when !mustExist (the default
// path), an error otherwise (a path given with --config).
Result<DaemonConfig> loadDaemonConfig(const std::string& path, bool mustExist);
// The same from text; `fileName` names it in errors.
Result<DaemonConfig> parseDaemonConfig(std::string_view text, const std::string& fileName);

}  // namespace ifkit::daemon
