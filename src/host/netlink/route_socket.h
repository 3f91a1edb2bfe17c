// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/route_socket.h: a NETLINK_ROUTE socket that keeps the kernel errno per request.
//
// libnl folds the kernel's errnos into its own codes (EEXIST and EADDRINUSE both become NLE_EXIST;
// anything it does not know becomes NLE_FAILURE), so acks are read here, nlmsgerr.error as the
// kernel sent it. Requests are nl_msg objects from libnl-route's request builders (requests.cpp),
// or built attribute by attribute where it has none (message.h); replies are matched to requests
// by sequence number, which lets many requests share one send and their acks a few receives (the
// batch mode) with an answer for each. Dumps and gets are read here too, each reply handed on
// where it was received: libnl would copy every reply into a message of its own first (a page,
// zeroed, per link of a dump).
//
//   auto sock = RouteSocket::openHere();     // in the calling thread's namespace
//   NlMsg msg = ...;                         // from rtnl_link_build_change_request, say
//   int err = sock->request(msg.get());      // 0, or the kernel's errno (EINVAL, ENODEV, ...)
#pragma once

#include <linux/netlink.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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

  // Sends a dump request and calls `onReply` for every answer until the dump is done (where it
  // was received: valid during the call only). Returns 0, the kernel's errno, or EINTR when the
  // kernel flagged the dump as interrupted by a concurrent change (NLM_F_DUMP_INTR): the replies
  // were then not a consistent picture; dump again.
  int dump(nl_msg* request, const std::function<void(const nlmsghdr*)>& onReply);

  // Sends one request that the kernel answers with a single object (an RTM_GETLINK by name,
  // say) and calls `onReply` with it; asks for no ack (one receive, not two). Returns 0 or the
  // kernel's errno.
  int get(nl_msg* request, const std::function<void(const nlmsghdr*)>& onReply);

 private:
  explicit RouteSocket(NlSock sock) : sock_(std::move(sock)) {}
  NlSock sock_;
  // Marks `request` as this socket's, numbered by takeOwnSeq (not by libnl's nl_complete_msg:
  // this class reads every answer itself).
  void address(nlmsghdr* request);
  // Sends one request, addressed so; 0 or errno.
  int send(nlmsghdr* request);
  // Receives until `each`, given every message answering request `seq` in turn, returns the
  // exchange's result (0 or an errno) rather than nullopt; or until a receive fails.
  int receive(std::uint32_t seq, const std::function<std::optional<int>(const nlmsghdr*)>& each);
  // Sequence numbers of the requests whose answers this class reads itself (all of them: libnl
  // reads none), counted from 2^31 up, apart from the time-based numbers libnl would give.
  std::uint32_t takeOwnSeq();
  std::uint32_t nextOwnSeq_ = 0x80000000u;
  // Where dumps and gets are received. The kernel fills at most 32 KiB of a dump per receive
  // unless one object is larger (it is not, for the link, address and route dumps ifkit asks
  // for without VF data), and one link's attributes take a few KiB: 64 KiB never truncates.
  // Left unwritten: only the pages the kernel writes become memory.
  static constexpr std::size_t kReceiveBufferBytes = 64 * 1024;
  std::unique_ptr<char[]> received_;
};

// Maps a libnl error code (a failure of the transport, not a kernel ack) to the nearest errno.
int errnoFromNle(int nle);

}  // namespace ifkit::host::nl
