// SPDX-License-Identifier: LGPL-2.1-or-later
// Dispatcher: the server side of libvirt's remote protocol for the interface API, as a pure
// function from one client message to the bytes of its answer. No sockets, no threads: the
// daemon's event loop feeds it, and tests feed it the messages of real virsh sessions.
//
//   Dispatcher dispatcher(backend);                 // a Connection to the host being served
//   ClientSession session{.readOnlySocket = false};
//   Outcome out = dispatcher.handle(session, message);
//   write(out.reply); if (out.closeAfter) close();
//
// It follows ../shared/spec/libvirt-rpc.md: the connect sequence, the features, read-only
// enforcement, libvirtd's errors for bad programs, versions, statuses and payloads, and the
// dispatch of every interface procedure to the backend Connection.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "ifkit/connection.h"
#include "rpc/framing.h"

namespace ifkit::daemon {

// What the dispatcher knows about one client connection.
struct ClientSession {
  bool readOnlySocket = false;     // came in on the -ro socket: read-only whatever it asks
  bool opened = false;             // CONNECT_OPEN succeeded
  bool readOnly = false;           // ro socket, or CONNECT_OPEN flag bit 0
  bool keepaliveRequested = false; // asked CONNECT_SUPPORTS_FEATURE(PROGRAM_KEEPALIVE): may be pinged
};

struct Outcome {
  std::string reply;        // whole messages to send, possibly none
  bool closeAfter = false;  // close the connection once the reply is sent
};

class Dispatcher {
 public:
  explicit Dispatcher(Connection backend) : backend_(std::move(backend)) {}

  // Safe to call from several threads at once, each with its own session: the dispatcher keeps
  // no state of its own, and the backend's drivers serialize what they must.
  Outcome handle(ClientSession& session, const rpc::Message& message);

  // Rolls back a transaction whose timeout has passed, whoever began it (Connection::
  // expireTransaction); true when one ended. The daemon calls it every second, so that the
  // rollback happens even if no client calls in, and again after a failure.
  Result<bool> expireTransaction();

  // Whether a transaction with a timeout was begun through this dispatcher and its rollback may
  // still be due: the daemon must not exit then (--timeout), as nothing else would roll it back
  // on time (a local `ifkit iface-begin --timeout` leaves its own watchdog). Ends once an expiry
  // check after the deadline succeeded, whoever ended the transaction meanwhile.
  bool watchingTimedTransaction() const { return watchUntilMs_.load() != 0; }

  // Tests only: runs before every REMOTE call is dispatched, on the thread that dispatches it
  // (to make a call slow). Set it before the dispatcher is shared between threads.
  void setBeforeCallForTest(std::function<void(const rpc::Message&)> hook) {
    beforeCall_ = std::move(hook);
  }

 private:
  Outcome handleCall(ClientSession& session, const rpc::Message& message);
  Outcome handleIfkitCall(ClientSession& session, const rpc::Message& message);

  Connection backend_;
  std::function<void(const rpc::Message&)> beforeCall_;
  std::atomic<std::int64_t> watchUntilMs_{0};  // steady clock; 0: no timed transaction to watch
};

}  // namespace ifkit::daemon
