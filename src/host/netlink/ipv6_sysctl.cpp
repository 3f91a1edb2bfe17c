// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ipv6_sysctl.cpp: IPv6 autoconf through /proc/sys, from inside the namespace.
#include "host/netlink/ipv6_sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "host/host_error.h"
#include "util/unique_fd.h"

namespace ifkit::host::nl {
namespace {

int writeFile(const std::string& path, const char* value) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) return errno;
  if (::write(fd.get(), value, 1) != 1) return errno;
  return 0;
}

}  // namespace

Status writeIpv6Autoconf(const Netns& ns, const std::string& name, bool on,
                         const std::string& what) {
  // Netlink can read the IPv6 devconf (IFLA_INET6_CONF) but not write it; the sysctl files can.
  // /proc/sys/net shows the namespace of the thread that opens the file, so enter it first.
  // The name becomes a path component: kernel link names never hold '/', but check anyway.
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
    return hostError(what, ENODEV);
  auto inside = EnteredNetns::enter(ns);
  if (!inside) return inside.error();
  const std::string dir = "/proc/sys/net/ipv6/conf/" + name + "/";
  const char* value = on ? "1" : "0";
  // libvirt's <autoconf/> means address and default route from router advertisements: that
  // needs accept_ra as well as autoconf, and turning it off must stop the RA default route too.
  // A missing directory means there is no such link: report it as netlink would, ENODEV.
  if (int err = writeFile(dir + "accept_ra", value)) {
    return hostError(what, err == ENOENT ? ENODEV : err);
  }
  if (int err = writeFile(dir + "autoconf", value)) {
    return hostError(what, err == ENOENT ? ENODEV : err);
  }
  return Status::success();
}

}  // namespace ifkit::host::nl
