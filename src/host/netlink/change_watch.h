// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/change_watch.h: knows whether the kernel has announced a change to links,
// addresses or routes since it was last asked.
//
// A NETLINK_ROUTE socket subscribed to the kernel's link, address and route groups. The kernel
// queues an announcement on every subscribed socket before the change's own request returns, so
// any change that finished before changedSinceLastAsked() was called is seen by it, whoever made
// it. That lets a reader keep one snapshot of a namespace and read it again only after a change,
// instead of dumping thousands of links for each question (NetlinkHost::view).
//
//   auto watch = ChangeWatch::openHere();  // in the namespace to watch (see EnteredNetns)
//   if (watch->changedSinceLastAsked()) reread();
//
// Not announced by the kernel, so never seen here: sysctl writes such as
// /proc/sys/net/ipv6/conf/*/autoconf, and a speed change without a carrier change.
#pragma once

#include "host/netlink/nl_ptr.h"
#include "ifkit/error.h"

namespace ifkit::host::nl {

class ChangeWatch {
 public:
  // Subscribes a new socket, in the namespace the calling thread is in, to the groups of links,
  // IPv4 and IPv6 addresses and IPv4 and IPv6 routes.
  static Result<ChangeWatch> openHere();

  // True if anything was announced since the last call (or since opening), or if announcements
  // were lost because too many came at once. Reads and drops what is queued, without blocking.
  bool changedSinceLastAsked();

 private:
  explicit ChangeWatch(NlSock sock) : sock_(std::move(sock)) {}
  NlSock sock_;
};

}  // namespace ifkit::host::nl
