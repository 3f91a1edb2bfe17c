// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/change_watch.cpp: the subscribed socket and its non-blocking drain.
#include "host/netlink/change_watch.h"

#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/route_socket.h"

namespace ifkit::host::nl {
namespace {

// The announcements themselves are never read, only counted: a small buffer is enough, and when
// a burst overflows it the kernel reports ENOBUFS, which means "changed" just the same. Small
// also bounds the work of draining after a burst of thousands of changes.
constexpr int kReceiveBufferBytes = 16 * 1024;

}  // namespace

Result<ChangeWatch> ChangeWatch::openHere() {
  NlSock sock(nl_socket_alloc());
  if (!sock) return hostError("allocate a netlink socket", ENOMEM);
  // Announcements carry the kernel's sequence numbers, not ours.
  nl_socket_disable_seq_check(sock.get());
  if (int rc = nl_connect(sock.get(), NETLINK_ROUTE); rc < 0)
    return hostError("open a netlink route socket", errnoFromNle(rc));
  if (int rc =
          nl_socket_add_memberships(sock.get(), RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
                                    RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, 0);
      rc < 0)
    return hostError("subscribe to the kernel's link, address and route changes", errnoFromNle(rc));
  if (int rc = nl_socket_set_buffer_size(sock.get(), kReceiveBufferBytes, 0); rc < 0)
    return hostError("size the netlink receive buffer", errnoFromNle(rc));
  return ChangeWatch(std::move(sock));
}

bool ChangeWatch::changedSinceLastAsked() {
  const int fd = nl_socket_get_fd(sock_.get());
  bool changed = false;
  for (;;) {
    char byte;
    // One datagram per call; MSG_TRUNC drops the rest of it unread.
    ssize_t n = ::recv(fd, &byte, sizeof byte, MSG_DONTWAIT | MSG_TRUNC);
    if (n >= 0) {
      changed = true;
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return changed;
    // ENOBUFS: announcements were dropped, so something changed; read on to empty the queue.
    // Anything else: the socket cannot be trusted to tell, so say "changed" (a needless reread
    // costs time, a missed change would cost correctness).
    if (errno != ENOBUFS) return true;
    changed = true;
  }
}

}  // namespace ifkit::host::nl
