// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/netns.cpp: opening namespace handles and moving one thread in and out.
#include "host/netlink/netns.h"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>

#include "host/host_error.h"

namespace ifkit::host::nl {

Result<Netns> Netns::openByName(std::string_view name) {
  // The name becomes a path component: refuse anything that could leave /run/netns.
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) {
    return makeError(ErrorNumber::InvalidArg, ErrorDomain::Interface,
                     "network namespace name '" + std::string(name) + "'");
  }
  auto ns = openPath("/run/netns/" + std::string(name));
  if (!ns) return ns;
  ns->label_ = std::string(name);
  return ns;
}

Result<Netns> Netns::openPath(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return hostError("open network namespace '" + path + "'", errno);
  return fromFd(std::move(fd), path);
}

Result<Netns> Netns::fromFd(UniqueFd fd, std::string label) {
  // NS_GET_NSTYPE tells a network namespace from other namespace files (or plain files), so a
  // wrong handle fails here rather than at the first setns().
  int type = ::ioctl(fd.get(), NS_GET_NSTYPE);
  if (type < 0) return hostError("use '" + label + "' as a network namespace", errno);
  if (type != CLONE_NEWNET) return hostError("use '" + label + "' as a network namespace", EINVAL);
  return Netns(std::move(fd), std::move(label));
}

Result<Netns> Netns::current() {
  // thread-self, not self: after an EnteredNetns the thread and the process may differ.
  auto ns = openPath("/proc/thread-self/ns/net");
  if (!ns) return ns;
  ns->label_ = "current";
  return ns;
}

Result<std::uint64_t> Netns::cookie() const {
  auto inside = EnteredNetns::enter(*this);
  if (!inside) return std::move(inside).error();
  // Any socket belongs to the namespace it was made in, and reports that namespace's cookie.
  UniqueFd sock(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock.valid()) return hostError("open a socket in network namespace '" + label_ + "'", errno);
  std::uint64_t cookie = 0;
  socklen_t length = sizeof cookie;
  if (::getsockopt(sock.get(), SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &length) != 0) {
    if (errno == ENOPROTOOPT) return std::uint64_t{0};
    return hostError("read the cookie of network namespace '" + label_ + "'", errno);
  }
  return cookie;
}

bool Netns::holdsCallingThread() const {
  struct stat target {}, own {};
  return ::fstat(fd_.get(), &target) == 0 && ::stat("/proc/thread-self/ns/net", &own) == 0 &&
         target.st_dev == own.st_dev && target.st_ino == own.st_ino;
}

Result<EnteredNetns> EnteredNetns::enter(const Netns& target) {
  // Already there (ifkit:///system, the host's own namespace): no setns(), which needs
  // CAP_SYS_ADMIN even into one's own namespace; ifkitd.service runs without it.
  if (target.holdsCallingThread()) return EnteredNetns(UniqueFd());
  UniqueFd previous(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!previous.valid()) return hostError("open the thread's own network namespace", errno);
  if (::setns(target.fd(), CLONE_NEWNET) != 0)
    return hostError("enter network namespace '" + target.label() + "'", errno);
  return EnteredNetns(std::move(previous));
}

EnteredNetns::~EnteredNetns() {
  if (!previous_.valid()) return;
  // Going back to a namespace we were just in can only fail if the kernel itself breaks; a thread
  // left in the wrong namespace would change the wrong host from then on, so stop here.
  if (::setns(previous_.get(), CLONE_NEWNET) != 0) std::abort();
}

}  // namespace ifkit::host::nl
