// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/route_socket.h: a NETLINK_ROUTE socket that keeps the kernel errno per request.
//
// libnl folds the kernel's errnos into its own codes (EEXIST and EADDRINUSE both become NLE_EXIST;
// anything it does not know becomes NLE_FAILURE), so acks are read here, nlmsgerr.error as the
// kernel sent it. Requests are nl_msg objects from libnl-route's request builders (requests.cpp),
// or built attribute by attribute where it has none (message.h); replies are matched to requests
// by sequence number, which lets many requests share one send and their acks a few receives (the
// batch mode) with an answer for each.
//
//   auto sock = RouteSocket::openHere();     // in the calling thread's namespace
//   NlMsg msg = ...;                         // from rtnl_link_build_change_request, say
//   int err = sock->request(msg.get());      // 0, or the kernel's errno (EINVAL, ENODEV, ...)
#pragma once

#include <linux/netlink.h>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "host/netlink/nl_ptr.h"
#include "ifkit/error.h"

namespace ifkit::host::nl {

class RouteSocket {
 public:
  // Opens the socket in the namespace the calling thread is in now (see EnteredNetns).
  static Result<RouteSocket> openHere();

  // Sends one request and waits for its ack: 0, or the kernel's positive errno.
  int request(nl_msg* msg);

  // Sends all requests without waiting between them (several per sendmsg) and returns one
  // result per request, in order: 0 or the kernel's errno. The kernel handles them in order and
  // an error stops nothing, so later requests run even when an earlier one failed.
  std::vector<int> requestAll(std::span<nl_msg* const> msgs);

  // Sends a dump request and calls `onReply` for every answer until the dump is done (as libnl
  // received it, so that libnl-route's parsers can take it; valid during the call only). Returns 0,
  // the kernel's errno, or EINTR when the kernel flagged the dump as interrupted by a concurrent
  // change (NLM_F_DUMP_INTR): the replies were then not a consistent picture; dump again.
  int dump(nl_msg* request, const std::function<void(nl_msg*)>& onReply);

  // Sends one request that the kernel answers with a single object (an RTM_GETLINK by name,
  // say) and calls `onReply` with it; asks for no ack (one receive, not two). Returns 0 or the
  // kernel's errno.
  int get(nl_msg* request, const std::function<void(nl_msg*)>& onReply);

 private:
  explicit RouteSocket(NlSock sock) : sock_(std::move(sock)) {}
  NlSock sock_;
  // Sequence numbers of the requests whose answers this class reads itself (get's, and
  // requestAll's acks), apart from libnl's own (time-based, below 2^31 until 2038): libnl checks
  // a dump's replies against its count of the requests it saw answered.
  std::uint32_t takeOwnSeq();
  std::uint32_t nextOwnSeq_ = 0x80000000u;
  // Where get() receives its answer: one link's attributes take a few KiB (no statistics).
  static constexpr std::size_t kGetBufferBytes = 64 * 1024;
  std::vector<char> getBuffer_;
};

// Maps a libnl error code (a failure of the transport, not a kernel ack) to the nearest errno.
int errnoFromNle(int nle);

}  // namespace ifkit::host::nl
