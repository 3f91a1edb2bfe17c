// SPDX-License-Identifier: LGPL-2.1-or-later
// HostBackend: what a driver needs of a host, whichever backend serves it (netlink on a real
// namespace, or the memory host of the unit tests).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/dhcp/dhcp_identity.h"
#include "host/host_op.h"
#include "host/live_state.h"
#include "ifkit/error.h"

namespace ifkit::host {

class HostBackend {
 public:
  virtual ~HostBackend() = default;
  // Every link, address and default route of the host.
  virtual Result<LiveState> snapshot() = 0;
  // The same, possibly kept from an earlier call while nothing changed: for questions, not for
  // planning a change (what the kernel does not announce may be older; see NetlinkHost::view).
  virtual Result<std::shared_ptr<const LiveState>> view() {
    auto st = snapshot();
    if (!st) return std::move(st).error();
    return std::make_shared<const LiveState>(std::move(*st));
  }
  // The same picture's links, where addresses and routes may be left out: for listings.
  virtual Result<std::shared_ptr<const LiveState>> viewOfLinks() { return view(); }
  // One link as the host has it now, nullopt if there is none.
  virtual Result<std::optional<Link>> readLinkNow(const std::string& name) {
    auto st = snapshot();
    if (!st) return std::move(st).error();
    const Link* link = st->linkByName(name);
    return link ? std::optional<Link>(*link) : std::nullopt;
  }
  // The speed of `link` in Mb/s, read now where the host knows it only per link (snapshot() and
  // view() leave it out then, for the one ioctl per link it costs): nullopt where there is none.
  // A backend whose pictures hold speeds already has nothing more to say.
  virtual std::optional<std::uint32_t> readSpeedMbps(const Link& /*link*/) { return std::nullopt; }
  // One operation, answered.
  virtual Status apply(const HostOp& op) = 0;
  // Many operations in order, one Status each; a failure does not stop the later ones.
  virtual std::vector<Status> applyBatch(std::span<const HostOp> ops) = 0;
  // Whether ifkit's DHCP client runs for `link` (host/dhcp/dhcp_client.h); never, for a backend
  // without one.
  virtual bool dhcpRunning(const std::string& /*link*/) { return false; }
  // Start or stop ifkit's DHCP client for `link`; a backend without one refuses.
  virtual Status startDhcp(const std::string& link) {
    return makeError(ErrorNumber::OperationUnsupported, ErrorDomain::Interface,
                     "no DHCP client on this host backend (for '" + link + "')");
  }
  // The same, the client presenting `identity` (host/dhcp/dhcp_identity.h): it continues the
  // lease another client held for the address the link took over.
  virtual Status continueDhcpLease(const std::string& link, const DhcpIdentity& /*identity*/) {
    return startDhcp(link);
  }
  virtual Status stopDhcp(const std::string& /*link*/) { return Status(); }
  // Stops the client without releasing its lease: the address and route stay on `link`, for
  // the link's new master to take over with the same lease.
  virtual Status handOverDhcp(const std::string& link) { return stopDhcp(link); }
};

}  // namespace ifkit::host
