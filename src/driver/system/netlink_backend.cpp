// SPDX-License-Identifier: LGPL-2.1-or-later
// NetlinkBackend: each call opens the host's sockets if no call has yet, then asks the host.
#include "driver/system/netlink_backend.h"

#include <fcntl.h>

#include <cerrno>

#include "util/system_error.h"

namespace ifkit::driver {

Result<host::nl::NetlinkHost*> NetlinkBackend::host() {
  if (host_) return &*host_;
  // The host owns a namespace handle of its own: ns_ stays for the DHCP clients.
  UniqueFd fd(::fcntl(ns_.fd(), F_DUPFD_CLOEXEC, 0));
  if (!fd.valid())
    return systemError(errno, "cannot keep network namespace '" + ns_.label() + "'",
                       ErrorDomain::Interface);
  auto ns = host::nl::Netns::fromFd(std::move(fd), ns_.label());
  if (!ns) return std::move(ns).error();
  auto opened = host::nl::NetlinkHost::open(std::move(*ns));
  if (!opened) return std::move(opened).error();
  host_.emplace(std::move(*opened));
  return &*host_;
}

Result<host::LiveState> NetlinkBackend::snapshot() {
  return onHost([](host::nl::NetlinkHost& h) { return h.snapshot(); });
}

Result<std::shared_ptr<const host::LiveState>> NetlinkBackend::view() {
  return onHost([](host::nl::NetlinkHost& h) { return h.view(); });
}

Result<std::shared_ptr<const host::LiveState>> NetlinkBackend::viewOfLinks() {
  return onHost([](host::nl::NetlinkHost& h) { return h.viewOfLinks(); });
}

Result<std::optional<host::Link>> NetlinkBackend::readLinkNow(const std::string& name) {
  return onHost([&](host::nl::NetlinkHost& h) { return h.readLinkNow(name); });
}

std::optional<std::uint32_t> NetlinkBackend::readSpeedMbps(const host::Link& link) {
  auto h = host();
  if (!h) return std::nullopt;  // as a speed the host does not tell
  return (*h)->readSpeedMbps(link);
}

Status NetlinkBackend::apply(const host::HostOp& op) {
  return onHost([&](host::nl::NetlinkHost& h) { return h.apply(op); });
}

std::vector<Status> NetlinkBackend::applyBatch(std::span<const host::HostOp> ops) {
  auto h = host();
  if (!h) return std::vector<Status>(ops.size(), Status(h.error()));
  return (*h)->applyBatch(ops);
}

}  // namespace ifkit::driver
