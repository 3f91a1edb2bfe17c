// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/netlink_host.h: the live host of one network namespace, through netlink.
//
// NetlinkHost reads a namespace's links, addresses and default routes (snapshot) and changes them
// (apply, applyBatch), from any namespace the caller is in: the sockets are opened inside the
// target namespace by the opening thread, which then returns, so the process never moves.
//
//   auto host = NetlinkHost::open(Netns::openByName("blue").value());
//   if (!host) return host.error();
//   Status st = host->apply(op::SetMtu{"eth0", 9000});
//   // on failure: OPERATION_FAILED, "operation failed: cannot set MTU 9000 on 'eth0': Invalid
//   // argument", sysErrno == EINVAL (the kernel's own errno, not libnl's folded code)
//   LiveState now = host->snapshot().value();
//
// One NetlinkHost serves one thread at a time (it owns one socket and reads its replies).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/host_op.h"
#include "host/live_state.h"
#include "host/netlink/change_watch.h"
#include "host/netlink/netns.h"
#include "host/netlink/route_socket.h"
#include "ifkit/error.h"
#include "util/unique_fd.h"

namespace ifkit::host::nl {

class NetlinkHost {
 public:
  // Opens the route socket and an ioctl socket inside `ns`, then returns the thread.
  static Result<NetlinkHost> open(Netns ns);

  // Every link, address and default route of the namespace: one dump per class (links,
  // addresses, routes), whatever the number of links. No link speed (Link::speedMbps stays
  // empty): the kernel has it only per link, one ioctl each, and only a live XML shows it, so
  // readSpeedMbps asks for it where that XML does.
  Result<LiveState> snapshot();

  // The same picture, shared, and read again only when the kernel has announced a change to
  // links, addresses or routes since the last read (ChangeWatch), or when this host applied an
  // operation. Questions about a namespace of thousands of links then cost a lookup, not a dump.
  // What the kernel does not announce (IPv6 sysctls) may be older than the call: ask
  // readLinkNow for those, and take snapshot() to plan a change. A call within kAnswerFreshness
  // of the last look at the change watch reuses the picture without looking again
  // (host/answer_freshness.h); a change this host applied is always seen.
  Result<std::shared_ptr<const LiveState>> view();

  // The same picture's links alone (no addresses, no routes) where nothing more is kept: what a
  // listing needs, one dump instead of three. A later view() that finds nothing changed since
  // completes it with the address and route dumps, and the links are not dumped again.
  Result<std::shared_ptr<const LiveState>> viewOfLinks();

  // One link, read from the kernel now (one request, not a dump): nullopt if there is none.
  // Without its speed, as snapshot().
  Result<std::optional<Link>> readLinkNow(const std::string& name);

  // The speed of `link`, as its driver reports it to ethtool (sysfs would show the namespace it
  // was mounted in, not ours): nullopt for a link that is down, as /sys/class/net/X/speed, or
  // whose driver reports none. Read for every link at once (one ethtool netlink dump) and kept
  // with the view: a speed changes with the carrier, which the kernel announces. Where the
  // kernel has no ethtool netlink, one ioctl (ETHTOOL_GSET) per call.
  std::optional<std::uint32_t> readSpeedMbps(const Link& link);

  // Applies one operation and waits for the kernel's answer.
  Status apply(const HostOp& op);

  // Applies the operations in order, sending their requests without waiting for each answer;
  // returns one Status per operation. A failure does not stop the later operations: each is
  // tried and answered (as if applied one by one without stopping). An operation that names a
  // link made earlier in the same batch waits for the requests before it to be answered first.
  std::vector<Status> applyBatch(std::span<const HostOp> ops);

  const Netns& netns() const { return ns_; }

 private:
  NetlinkHost(Netns ns, RouteSocket sock, UniqueFd ioctlFd, UniqueFd genlFd,
              std::optional<ChangeWatch> watch)
      : ns_(std::move(ns)),
        sock_(std::move(sock)),
        ioctlFd_(std::move(ioctlFd)),
        genlFd_(std::move(genlFd)),
        watch_(std::move(watch)) {}

  // The ifindex of `name`, or 0 with errno-style `err` set (ENODEV when there is none).
  int indexOf(const std::string& name, int& err) const;
  enum class Dumps { All, Links, AddressesAndRoutes };
  int dumpInto(LiveState& st, Dumps which);
  // Drops the kept picture if the kernel announced a change since it was read.
  void forgetViewIfChanged();

  Netns ns_;
  RouteSocket sock_;
  UniqueFd ioctlFd_;                  // AF_INET datagram socket in ns_: SIOCGIFINDEX, SIOCETHTOOL
  UniqueFd genlFd_;                   // NETLINK_GENERIC socket in ns_ (ethtool's speeds), or none
  // Every link's speed by ifindex, read with the first speed asked of the current view; dropped
  // with it. speedsByDump_ false: the dump failed once, each speed is an ioctl from then on.
  std::optional<std::unordered_map<int, std::uint32_t>> speeds_;
  bool speedsByDump_ = true;
  std::optional<ChangeWatch> watch_;  // absent if it could not subscribe: view() always rereads
  // When the watch was last drained with view_ kept: a question within kAnswerFreshness of it
  // reuses view_ without draining again (host/answer_freshness.h).
  std::chrono::steady_clock::time_point lastDrained_{};
  std::shared_ptr<const LiveState> view_;  // what view() returns until something changes
  bool viewHasLinksOnly_ = false;          // view_ came from viewOfLinks(): no addresses, routes
  // Links of the last dump: room for the next one. Before the first, room for 4096 links (800
  // KiB of address space): pages never written cost no memory and no page fault, while a vector
  // grown by doubling writes every link again at each step, into fresh pages (a listing of 3000
  // links wrote 1.6 MB, not 600 KiB; in a VM a page fault costs 10 µs and more).
  std::size_t lastLinkCount_ = 4096;
};

}  // namespace ifkit::host::nl
