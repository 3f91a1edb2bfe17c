// SPDX-License-Identifier: LGPL-2.1-or-later
// Logger: filtering by priority and writing to stderr, files and the journal.
#include "daemon/logger.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sstream>

#include "util/unique_fd.h"

namespace ifkit::daemon {
namespace {

constexpr const char* kJournalSocket = "/run/systemd/journal/socket";

Error outputError(std::string_view output, const std::string& why) {
  return makeBareError(ErrorNumber::InternalError, ErrorDomain::None,
                       "log output '" + std::string(output) + "': " + why);
}

// Whether fd 2 is the stream systemd connected to the journal: JOURNAL_STREAM holds its
// "device:inode" (systemd.exec(5)); a stderr redirected elsewhere since no longer matches.
bool stderrIsJournal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr) return false;
  struct stat st {};
  if (::fstat(STDERR_FILENO, &st) != 0) return false;
  unsigned long long device = 0, inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  return device == st.st_dev && inode == st.st_ino;
}

void writeAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a log that cannot be written is dropped: there is nowhere to say so
    done += static_cast<std::size_t>(n);
  }
}

std::string timestamp() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  tm utc{};
  ::gmtime_r(&now.tv_sec, &utc);
  char text[48];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03ld+0000", now.tv_nsec / 1000000);
  return text;
}

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
  }
  return "info";
}

}  // namespace

bool logLevelFromNumber(long long number, LogLevel& into) {
  if (number < 1 || number > 4) return false;
  into = static_cast<LogLevel>(number);
  return true;
}

int syslogPriority(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return 7;
    case LogLevel::Info: return 6;
    case LogLevel::Warning: return 4;
    case LogLevel::Error: return 3;
  }
  return 6;
}

Result<std::vector<LogOutput>> parseLogOutputs(std::string_view text) {
  std::vector<LogOutput> outputs;
  std::istringstream words{std::string(text)};
  for (std::string word; words >> word;) {
    LogOutput output;
    const auto colon = word.find(':');
    if (colon != 1 || !logLevelFromNumber(word[0] - '0', output.level))
      return outputError(word, "wants a priority from 1 to 4 first, as in '3:stderr'");
    const std::string_view rest = std::string_view(word).substr(2);
    if (rest == "stderr") {
      output.kind = LogOutput::Kind::Stderr;
    } else if (rest == "journald") {
      output.kind = LogOutput::Kind::Journald;
    } else if (rest.starts_with("file:") && rest.size() > 5 && rest[5] == '/') {
      output.kind = LogOutput::Kind::File;
      output.path = std::string(rest.substr(5));
    } else if (rest.starts_with("file:")) {
      return outputError(word, "a file output needs an absolute path");
    } else {
      return outputError(word, "ifkitd writes to stderr, file:PATH or journald only");
    }
    outputs.push_back(std::move(output));
  }
  if (outputs.empty()) return outputError(text, "names no output");
  return outputs;
}

struct Logger::State {
  LogLevel level = LogLevel::Info;
  struct Sink {
    LogOutput output;
    UniqueFd fd;  // File: the open file; Journald: the connected datagram socket
  };
  std::vector<Sink> sinks;
  bool stderrJournal = false;
};

Logger::Logger() : state_(std::make_unique<State>()) {
  state_->sinks.push_back({LogOutput{}, UniqueFd()});
  state_->stderrJournal = stderrIsJournal();
}

Logger::~Logger() = default;

Status Logger::configure(LogLevel level, const std::vector<LogOutput>& outputs) {
  auto fresh = std::make_unique<State>();
  fresh->level = level;
  fresh->stderrJournal = stderrIsJournal();
  for (const LogOutput& output : outputs) {
    State::Sink sink{output, UniqueFd()};
    if (output.kind == LogOutput::Kind::File) {
      sink.fd.reset(::open(output.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
      if (!sink.fd.valid())
        return outputError(std::to_string(static_cast<int>(output.level)) + ":file:" + output.path,
                           std::strerror(errno));
    } else if (output.kind == LogOutput::Kind::Journald) {
      sink.fd.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
      sockaddr_un address{};
      address.sun_family = AF_UNIX;
      std::strncpy(address.sun_path, kJournalSocket, sizeof address.sun_path - 1);
      if (!sink.fd.valid() ||
          ::connect(sink.fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return outputError(std::to_string(static_cast<int>(output.level)) + ":journald",
                           std::string("cannot reach the journal: ") + std::strerror(errno));
    }
    fresh->sinks.push_back(std::move(sink));
  }
  std::lock_guard lock(mutex_);
  state_ = std::move(fresh);
  return Status();
}

bool Logger::wants(LogLevel level) const {
  std::lock_guard lock(mutex_);
  return level >= state_->level;
}

void Logger::log(LogLevel level, std::string_view message) {
  // One message, one line: a newline inside would start a line of its own priority.
  std::string line(message);
  for (char& c : line)
    if (c == '\n') c = ' ';
  std::lock_guard lock(mutex_);
  if (level < state_->level) return;
  for (const State::Sink& sink : state_->sinks) {
    if (level < sink.output.level) continue;
    switch (sink.output.kind) {
      case LogOutput::Kind::Stderr:
        writeAll(STDERR_FILENO,
                 state_->stderrJournal
                     ? std::string("<").append(std::to_string(syslogPriority(level)))
                           .append(">").append(line).append("\n")
                     : std::string("ifkitd: ").append(line).append("\n"));
        break;
      case LogOutput::Kind::File:
        writeAll(sink.fd.get(), timestamp() + ": " + std::to_string(::getpid()) + ": " +
                                    levelName(level) + " : " + line + "\n");
        break;
      case LogOutput::Kind::Journald: {
        const std::string datagram = "PRIORITY=" + std::to_string(syslogPriority(level)) +
                                     "\nSYSLOG_IDENTIFIER=ifkitd\nMESSAGE=" + line + "\n";
        (void)::send(sink.fd.get(), datagram.data(), datagram.size(), MSG_NOSIGNAL);  // best effort
        break;
      }
    }
  }
}

}  // namespace ifkit::daemon
