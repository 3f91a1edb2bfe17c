// SPDX-License-Identifier: LGPL-2.1-or-later
// Logger: where ifkitd's messages go, as libvirt's daemons decide it: a message of priority P is
// kept when P >= log_level, and written to every output whose own priority is <= P. Outputs are
// libvirt's `log_outputs` syntax, space-separated "PRIORITY:stderr", "PRIORITY:file:PATH" and
// "PRIORITY:journald".
//
//   Logger logger;                                          // info and above, to stderr
//   auto outputs = parseLogOutputs("1:file:/var/log/ifkitd.log 3:stderr");
//   logger.configure(LogLevel::Debug, *outputs);           // any thread, any time (SIGHUP)
//   logger.log(LogLevel::Info, "client 4 connected");
//
// stderr: "ifkitd: MESSAGE", or, when stderr is the journal (systemd sets JOURNAL_STREAM to its
// device:inode), "<N>MESSAGE" with N the syslog priority (7 debug, 6 info, 4 warning, 3 error),
// which journald reads as the line's priority (sd-daemon(3)). journald: one datagram of the
// journal's native protocol to /run/systemd/journal/socket, written by hand as
// socket_activation.cpp reads LISTEN_FDS by hand: a documented, stable format of a few fields,
// not worth linking libsystemd for. file: appended, one line each with a UTC timestamp; opened
// again at every configure(), so that SIGHUP after logrotate moves to the new file.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/log_level.h"
#include "ifkit/error.h"

namespace ifkit::daemon {

struct LogOutput {
  enum class Kind { Stderr, File, Journald };
  LogLevel level = LogLevel::Info;
  Kind kind = Kind::Stderr;
  std::string path;  // File only

  bool operator==(const LogOutput&) const = default;
};

// libvirt's log_outputs text; an error names the output that is wrong.
Result<std::vector<LogOutput>> parseLogOutputs(std::string_view text);
// A log_level (or an output's priority): 1 to 4.
bool logLevelFromNumber(long long number, LogLevel& into);
// syslog's priority for a level: 7, 6, 4, 3.
int syslogPriority(LogLevel level);

class Logger {
 public:
  Logger();
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Replaces the level and the outputs; a file that cannot be opened is an error, and then
  // nothing changes.
  Status configure(LogLevel level, const std::vector<LogOutput>& outputs);
  void log(LogLevel level, std::string_view message);
  bool wants(LogLevel level) const;

 private:
  struct State;
  mutable std::mutex mutex_;
  std::unique_ptr<State> state_;
};

}  // namespace ifkit::daemon
