// ifkitd: serves a host's interfaces to unmodified libvirt clients (virsh, libvirt-python) over
// libvirt's remote protocol on two unix sockets, one read-write and one read-only.
//
//   ifkitd -c 'ifkit:///system' [--socket PATH] [--ro-socket PATH] [--max-clients N]
//          [--max-ro-clients N] [--idle-timeout SECONDS]
//
// The defaults are libvirt's interface-daemon sockets, so that `virsh -c interface:///system`
// and libvirt's other daemons find ifkitd where they look for virtinterfaced. Started by
// systemd's socket units, it takes the sockets named "rw" and "ro" from them instead.
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include "daemon/dispatcher.h"
#include "daemon/server.h"
#include "daemon/socket_activation.h"
#include "ifkit/connection.h"

namespace {

constexpr const char* kDefaultSocket = "/run/libvirt/virtinterfaced-sock";
constexpr const char* kDefaultRoSocket = "/run/libvirt/virtinterfaced-sock-ro";

const ifkit::daemon::ServerOptions kDefaults;

void printUsage(std::FILE* out) {
  std::fprintf(out,
               "Usage: ifkitd -c URI [--socket PATH] [--ro-socket PATH] [--max-clients N]\n"
               "              [--max-ro-clients N] [--idle-timeout SECONDS]\n"
               "\n"
               "Serves the interfaces of the driver that URI names (e.g. ifkit:///system or\n"
               "test:///default) over libvirt's remote protocol.\n"
               "\n"
               "  -c, --connect URI    the driver to serve\n"
               "  --socket PATH        read-write socket, mode 0600 (default %s)\n"
               "  --ro-socket PATH     read-only socket, mode 0666 (default %s)\n"
               "  --max-clients N      clients at once on the read-write socket (default %zu)\n"
               "  --max-ro-clients N   clients at once on the read-only socket (default %zu)\n"
               "  --idle-timeout SECONDS\n"
               "                       drop a client without keepalive silent that long\n"
               "                       (default %lld; 0: never)\n"
               "  -h, --help           this text\n",
               kDefaultSocket, kDefaultRoSocket, kDefaults.maxClients, kDefaults.maxRoClients,
               static_cast<long long>(
                   std::chrono::duration_cast<std::chrono::seconds>(kDefaults.idleTimeout).count()));
}

struct Arguments {
  std::string uri;
  std::string socket = kDefaultSocket;
  std::string roSocket = kDefaultRoSocket;
  std::size_t maxClients = kDefaults.maxClients;
  std::size_t maxRoClients = kDefaults.maxRoClients;
  std::chrono::milliseconds idleTimeout = kDefaults.idleTimeout;
};

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

// Returns false (after saying why) when the command line is unusable.
bool parseArguments(int argc, char** argv, Arguments& args, bool& helpOnly) {
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
    if (arg == "-h" || arg == "--help") {
      helpOnly = true;
      return true;
    }
    if (arg == "-c" || arg == "--connect") {
      if (!value(args.uri)) return false;
    } else if (arg == "--socket") {
      if (!value(args.socket)) return false;
    } else if (arg == "--ro-socket") {
      if (!value(args.roSocket)) return false;
    } else if (arg == "--max-clients" || arg == "--max-ro-clients") {
      std::string text;
      if (!value(text) ||
          !parseCount(arg, text, 1, arg == "--max-clients" ? args.maxClients : args.maxRoClients))
        return false;
    } else if (arg == "--idle-timeout") {
      std::string text;
      std::size_t seconds = 0;
      if (!value(text) || !parseCount(arg, text, 0, seconds)) return false;
      args.idleTimeout = std::chrono::seconds(seconds);
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

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  bool helpOnly = false;
  if (!parseArguments(argc, argv, args, helpOnly)) {
    printUsage(stderr);
    return 2;
  }
  if (helpOnly) {
    printUsage(stdout);
    return 0;
  }

  // Block the stop signals before any thread starts; one thread waits for them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  // A client that vanishes mid-write must not kill the daemon.
  signal(SIGPIPE, SIG_IGN);

  auto backend = ifkit::Connection::open(args.uri);
  if (!backend) {
    std::fprintf(stderr, "ifkitd: %s\n", backend.error().message.c_str());
    return 1;
  }
  ifkit::daemon::Dispatcher dispatcher(*backend);
  ifkit::daemon::ServerOptions options;
  options.socketPath = args.socket;
  options.roSocketPath = args.roSocket;
  options.maxClients = args.maxClients;
  options.maxRoClients = args.maxRoClients;
  options.idleTimeout = args.idleTimeout;
  // Under systemd the socket units own the sockets (contrib/systemd/ifkitd*.socket).
  const auto activated = ifkit::daemon::takeActivationSockets();
  if (auto rw = activated.find("rw"); rw != activated.end()) options.inheritedSocketFd = rw->second;
  if (auto ro = activated.find("ro"); ro != activated.end()) options.inheritedRoSocketFd = ro->second;
  options.log = [](std::string_view line) {
    std::cerr << "ifkitd: " << line << std::endl;
  };
  ifkit::daemon::Server server(dispatcher, options);
  if (ifkit::Status st = server.start(); !st) {
    std::fprintf(stderr, "ifkitd: %s\n", st.error().message.c_str());
    return 1;
  }
  std::cerr << "ifkitd: serving " << args.uri << " on "
            << (options.inheritedSocketFd >= 0 ? std::string("the socket systemd passed")
                                               : args.socket)
            << " and "
            << (options.inheritedRoSocketFd >= 0 ? std::string("the read-only socket systemd passed")
                                                 : args.roSocket)
            << std::endl;

  std::thread signalWaiter([&server, stopSignals] {
    int received = 0;
    sigwait(&stopSignals, &received);
    server.stop();
  });
  signalWaiter.detach();  // the process ends when run() returns, with or without a signal
  server.run();
  std::cerr << "ifkitd: stopped" << std::endl;
  return 0;
}
