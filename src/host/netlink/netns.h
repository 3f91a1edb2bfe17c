// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/netns.h: a network namespace handle, and a scoped visit of it by one thread.
// thread.
//
// ifkit serves a chosen namespace without moving the process: a thread enters it with setns(),
// opens the sockets it needs (a socket stays in the namespace it was created in), and leaves.
//
//   auto ns = Netns::openByName("blue");             // /run/netns/blue, as `ip netns` makes it
//   if (!ns) return ns.error();
//   {
//     auto inside = EnteredNetns::enter(*ns);        // this thread only
//     if (!inside) return inside.error();
//     int fd = socket(AF_INET, SOCK_DGRAM, 0);       // lives in "blue" from now on
//   }                                                // back in the previous namespace here
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ifkit/error.h"
#include "util/unique_fd.h"

namespace ifkit::host::nl {

class Netns {
 public:
  // A namespace named by `ip netns add NAME` (a bind mount under /run/netns).
  static Result<Netns> openByName(std::string_view name);
  // Any namespace file: /proc/PID/ns/net, a bind mount elsewhere.
  static Result<Netns> openPath(const std::string& path);
  // Takes ownership of an open namespace fd; fails unless it refers to a network namespace.
  static Result<Netns> fromFd(UniqueFd fd, std::string label = "fd");
  // The namespace the calling thread is in now.
  static Result<Netns> current();

  int fd() const { return fd_.get(); }
  // The kernel's cookie for the namespace (SO_NETNS_COOKIE): unlike its inode number, which a
  // namespace made after this one is deleted may get again, never given to another namespace
  // until reboot. 0 on a kernel without cookies (before Linux 5.14). Enters the namespace.
  Result<std::uint64_t> cookie() const;
  // For messages: the name, the path, or "fd".
  const std::string& label() const { return label_; }
  // Whether the calling thread is in this namespace now (then entering it needs no setns()).
  bool holdsCallingThread() const;

 private:
  Netns(UniqueFd fd, std::string label) : fd_(std::move(fd)), label_(std::move(label)) {}
  UniqueFd fd_;
  std::string label_;
};

// While alive, the calling thread is inside the namespace it entered; the destructor returns the
// thread to the namespace it was in before. Only this thread moves; other threads are unaffected.
class EnteredNetns {
 public:
  static Result<EnteredNetns> enter(const Netns& target);
  EnteredNetns(EnteredNetns&&) noexcept = default;
  EnteredNetns& operator=(EnteredNetns&&) = delete;
  EnteredNetns(const EnteredNetns&) = delete;
  EnteredNetns& operator=(const EnteredNetns&) = delete;
  ~EnteredNetns();

 private:
  explicit EnteredNetns(UniqueFd previous) : previous_(std::move(previous)) {}
  UniqueFd previous_;  // invalid once moved from
};

}  // namespace ifkit::host::nl
