// SPDX-License-Identifier: LGPL-2.1-or-later
// Server: ifkitd's event loop. It listens on a read-write and a read-only unix socket, reads
// framed messages from many clients at once, runs their calls on a pool of worker threads
// through the Dispatcher (driver calls may be slow: netlink, disk, a DHCP client), and writes the
// replies back. Each client's calls run one at a time and in order, so its replies keep the order
// of its calls; different clients' calls run side by side, so a slow call costs only its own
// client (as far as the driver allows: the system driver still serializes its own calls).
//
//   Server server(dispatcher, options);
//   if (Status st = server.start(); !st) ...;   // binds both sockets
//   server.run();                                // until stop() (from any thread or a signal)
//
// Event loop: standalone Asio (Debian's libasio-dev), single I/O thread. Keepalive is answered
// on the I/O thread, so a client waiting for a slow call still gets its PONGs; clients that
// asked for keepalive are pinged after `keepaliveInterval` of silence and dropped after
// interval x (count + 1). A client that stops reading its replies is dropped once its unsent
// output passes `maxQueuedBytes`; one that sends garbage loses its connection only. Neither
// slows the others. Once a second a worker asks the driver to roll back a transaction whose
// timeout has passed (Dispatcher::expireTransaction): the deadline is the driver's, on disk, so
// this covers transactions begun by another process or before a restart, and a failed rollback
// is tried again a second later.
//
// Nothing a local user sends may stop the daemon or grow it without bound (the read-only socket
// is open to every user). Each socket has its own client limit, so read-only flooders never take
// the read-write socket's places; a connection beyond it is accepted and closed at once. The
// limits are lowered at start() to fit the open-files limit with room kept for the driver, so a
// flood cannot take the descriptors a rollback needs; should accept() still fail (EMFILE...),
// accepting pauses briefly and resumes. A read-only client may send messages of at most
// `maxRoMessage`, and all read-only clients' partly received messages together at most
// `maxRoPendingBytes`: the client that passes either is dropped. A client that did not ask for
// keepalive and sends nothing for `idleTimeout`, while no call of its own is running, is dropped.
//
// Sockets made from paths are bound in a private directory beside the path, given their mode
// (and group) there, and renamed into place: they are never reachable with a looser mode than
// their own. They are removed when run() returns, if they are still the ones it made; sockets
// systemd passed are systemd's, and stay.
//
// reconfigure() changes the client limits, keepalive and idle timeout while clients stay
// connected (SIGHUP). With `exitWhenIdle`, the server stops by itself once it has had no client,
// no call running and no timed transaction to watch for that long (libvirt's --timeout).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/dispatcher.h"
#include "daemon/log_level.h"
#include "ifkit/error.h"

namespace ifkit::daemon {

struct ServerOptions {
  std::string socketPath;    // read-write, mode 0600
  std::string roSocketPath;  // read-only, mode 0666
  // Listening sockets handed over by systemd (socket activation); -1: create them from the paths.
  int inheritedSocketFd = -1;
  int inheritedRoSocketFd = -1;
  mode_t socketMode = 0600;   // of the sockets made from paths; systemd's units set their own
  mode_t roSocketMode = 0666;
  gid_t socketGroup = static_cast<gid_t>(-1);  // -1: the process's own group
  std::chrono::milliseconds keepaliveInterval{5000};  // libvirtd's keepalive_interval = 5; 0: no pings
  int keepaliveCount = 5;                             // libvirtd's keepalive_count = 5
  std::size_t maxQueuedBytes = 64u << 20;    // unsent replies of a read-write client
  std::size_t maxRoQueuedBytes = 4u << 20;   // of a read-only client
  // Clients at once, per socket (libvirtd: max_clients = 5000 in all). More are refused.
  std::size_t maxClients = 64;
  std::size_t maxRoClients = 64;
  // Largest message a client may send, length word excluded: libvirt's 32 MiB on the read-write
  // socket; on the read-only one, the interface API's largest request (an XML document, which
  // ifkit refuses beyond 1 MiB) and its framing, so that a define still gets its "forbidden".
  std::size_t maxMessage = 32u << 20;
  std::size_t maxRoMessage = (1u << 20) + 4096;
  // Partly received messages of all read-only clients together.
  std::size_t maxRoPendingBytes = 16u << 20;
  // Silence after which a client without keepalive is dropped; zero: never.
  std::chrono::milliseconds idleTimeout{300000};
  // Descriptors kept free of clients for the driver (netlink, the store, DHCP clients) and the
  // event loop: the client limits are lowered at start() to fit RLIMIT_NOFILE minus these.
  std::size_t reservedFds = 32;
  std::size_t maxCallsInFlight = 16;  // per client; reading pauses beyond it
  // Threads running calls; at most one per client at a time. libvirtd starts 5 (min_workers).
  std::size_t workerThreads = 8;
  // Stop by itself after this long without a client, a running call or a timed transaction to
  // watch; zero: never.
  std::chrono::milliseconds exitWhenIdle{0};
  std::function<void(LogLevel, std::string_view)> log;  // one line per event; may be empty
};

// What reconfigure() may change on a running server.
struct ServerLimits {
  std::size_t maxClients = 64;
  std::size_t maxRoClients = 64;
  std::chrono::milliseconds keepaliveInterval{5000};
  int keepaliveCount = 5;
  std::chrono::milliseconds idleTimeout{300000};
};

class Server {
 public:
  Server(Dispatcher& dispatcher, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Creates both sockets (removing stale socket files, creating missing parent directories).
  Status start();
  // Serves until stop(); returns when every client is closed.
  void run();
  // Thread-safe and signal-handler-free: call it from another thread or an Asio signal_set.
  void stop();
  // Thread-safe: new limits for new and connected clients alike. Clients beyond a lowered limit
  // stay; only new ones are refused until fewer remain.
  void reconfigure(const ServerLimits& limits);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ifkit::daemon
