// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkitd: serves a host's interfaces to unmodified libvirt clients (virsh, libvirt-python) over
// libvirt's remote protocol on two unix sockets, one read-write and one read-only.
//
//   ifkitd -c 'ifkit:///system' [-f FILE] [--socket PATH] [--ro-socket PATH] [--max-clients N]
//          [--max-ro-clients N] [--idle-timeout SECONDS] [-t SECONDS] [-v]
//
// The defaults are libvirt's interface-daemon sockets, so that `virsh -c interface:///system`
// and libvirt's other daemons find ifkitd where they look for virtinterfaced. Started by
// systemd's socket units, it takes the sockets named "rw" and "ro" from them instead. Settings
// come from /etc/ifkit/ifkitd.conf (libvirt's daemon keys), options on top; SIGHUP reads the
// file again.
#include <grp.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "command_line.h"
#include "daemon/daemon_config.h"
#include "daemon/dispatcher.h"
#include "daemon/logger.h"
#include "daemon/server.h"
#include "daemon/socket_activation.h"
#include "ifkit/connection.h"

namespace {

using namespace ifkit::daemon;
using ifkit::Result;
using ifkit::Status;

Result<DaemonConfig> readConfig(const CommandLine& line) {
  auto config = loadDaemonConfig(line.configPath, line.configGiven);
  if (config) applyOverrides(line, *config);
  return config;
}

ServerLimits limitsOf(const DaemonConfig& config) {
  ServerLimits limits;
  limits.maxClients = config.maxClients;
  limits.maxRoClients = config.maxRoClients;
  limits.keepaliveInterval = std::chrono::seconds(std::max(config.keepaliveInterval, 0));
  limits.keepaliveCount = static_cast<int>(config.keepaliveCount);
  limits.idleTimeout = config.clientIdleTimeout;
  return limits;
}

void sayIgnored(Logger& logger, const DaemonConfig& config) {
  for (const std::string& where : config.ignored)
    logger.log(LogLevel::Warning, where + ": a libvirt setting that ifkitd does not use; ignored");
}

// SIGHUP: the file again, with the same options on top. What takes effect at once: the log level
// and outputs, the client limits, keepalive and the idle timeout. The sockets stay as they are.
void reload(const CommandLine& line, const DaemonConfig& running, Logger& logger, Server& server) {
  auto fresh = readConfig(line);
  if (!fresh) {
    logger.log(LogLevel::Error, "SIGHUP: keeping the running configuration: " + fresh.error().message);
    return;
  }
  if (Status st = logger.configure(fresh->logLevel, fresh->logOutputs); !st) {
    logger.log(LogLevel::Error, "SIGHUP: keeping the running log outputs: " + st.error().message);
  }
  server.reconfigure(limitsOf(*fresh));
  sayIgnored(logger, *fresh);
  if (fresh->socketPath != running.socketPath || fresh->roSocketPath != running.roSocketPath ||
      fresh->socketGroup != running.socketGroup || fresh->rwPerms != running.rwPerms ||
      fresh->roPerms != running.roPerms)
    logger.log(LogLevel::Warning,
               "SIGHUP: the sockets' paths, group and modes change only when ifkitd restarts");
  logger.log(LogLevel::Info, "SIGHUP: read " + line.configPath + " again");
}

// The memory of one call kept for the next. Left to itself, glibc's malloc serves a block above
// its mmap threshold (128 KiB at first) with mmap and gives it back when freed, and hands the top
// of a worker thread's heap back to the kernel past its trim threshold: a listing of thousands of
// interfaces (a reply of a few hundred KiB, a view of the host as large) then touches fresh pages
// at every call, each a page fault, and in a VM a page fault costs 10 µs and more. Below 4 MiB a
// block comes from the heap and returns to it; up to 8 MiB free at the top of a heap is kept.
// Setting either turns off glibc's own adjustment of both, so both are set. Measured with
// bench/daemon_bench (4000 interfaces, a listing over the wire against the same call in-process):
// 3130 -> 1970 us a call, 1.85 -> 1.13 times the in-process call; resident 9.7 -> 12.8 MiB.
void keepMemoryForTheNextCall() {
  ::mallopt(M_MMAP_THRESHOLD, 4 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 8 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  keepMemoryForTheNextCall();
  CommandLine line;
  if (!parseCommandLine(argc, argv, line)) {
    printUsage(stderr);
    return 2;
  }
  if (line.help) {
    printUsage(stdout);
    return 0;
  }
  if (line.version) {
    std::printf("ifkitd (ifkit) %s\n", IFKIT_VERSION);
    return 0;
  }
  // A bad file starts nothing: no socket, no driver.
  auto config = readConfig(line);
  if (!config) {
    std::fprintf(stderr, "ifkitd: %s\n", config.error().message.c_str());
    return 1;
  }
  gid_t group = static_cast<gid_t>(-1);
  if (config->socketGroup) {
    const ::group* found = ::getgrnam(config->socketGroup->c_str());  // one thread still
    if (found == nullptr) {
      std::fprintf(stderr, "ifkitd: %s: unix_sock_group: no group '%s'\n",
                   line.configPath.c_str(), config->socketGroup->c_str());
      return 1;
    }
    group = found->gr_gid;
  }
  Logger logger;
  if (Status st = logger.configure(config->logLevel, config->logOutputs); !st) {
    std::fprintf(stderr, "ifkitd: %s: log_outputs: %s\n", line.configPath.c_str(),
                 st.error().message.c_str());
    return 1;
  }
  sayIgnored(logger, *config);

  // Block the signals before any thread starts; one thread waits for them.
  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGTERM);
  sigaddset(&handled, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &handled, nullptr);
  // A client that vanishes mid-write must not kill the daemon.
  signal(SIGPIPE, SIG_IGN);

  auto backend = ifkit::Connection::open(line.uri);
  if (!backend) {
    logger.log(LogLevel::Error, backend.error().message);
    return 1;
  }
  Dispatcher dispatcher(*backend);
  ServerOptions options;
  options.socketPath = config->socketPath;
  options.roSocketPath = config->roSocketPath;
  options.socketMode = config->rwPerms;
  options.roSocketMode = config->roPerms;
  options.socketGroup = group;
  const ServerLimits limits = limitsOf(*config);
  options.maxClients = limits.maxClients;
  options.maxRoClients = limits.maxRoClients;
  options.keepaliveInterval = limits.keepaliveInterval;
  options.keepaliveCount = limits.keepaliveCount;
  options.idleTimeout = limits.idleTimeout;
  if (line.exitTimeout) options.exitWhenIdle = *line.exitTimeout;
  // Under systemd the socket units own the sockets (contrib/systemd/ifkitd*.socket).
  const auto activated = takeActivationSockets();
  if (auto rw = activated.find("rw"); rw != activated.end()) options.inheritedSocketFd = rw->second;
  if (auto ro = activated.find("ro"); ro != activated.end()) options.inheritedRoSocketFd = ro->second;
  options.log = [&logger](LogLevel level, std::string_view message) { logger.log(level, message); };
  Server server(dispatcher, options);
  if (Status st = server.start(); !st) {
    logger.log(LogLevel::Error, st.error().message);
    return 1;
  }
  logger.log(LogLevel::Info,
             "serving " + line.uri + " on " +
                 (options.inheritedSocketFd >= 0 ? std::string("the socket systemd passed")
                                                 : config->socketPath) +
                 " and " +
                 (options.inheritedRoSocketFd >= 0 ? std::string("the read-only socket systemd passed")
                                                   : config->roSocketPath));

  std::thread signalWaiter([&] {
    while (true) {
      int received = 0;
      if (sigwait(&handled, &received) != 0) continue;
      if (received == SIGHUP) {
        reload(line, *config, logger, server);
        continue;
      }
      server.stop();
      return;
    }
  });
  signalWaiter.detach();  // the process ends when run() returns, with or without a signal
  server.run();
  logger.log(LogLevel::Info, "stopped");
  return 0;
}
