// SPDX-License-Identifier: LGPL-2.1-or-later
// NetlinkBackend: the netlink host of one namespace behind the HostBackend interface.
#pragma once

#include "host/dhcp/dhcp_client.h"
#include "host/host_backend.h"
#include "host/netlink/netlink_host.h"

namespace ifkit::driver {

class NetlinkBackend final : public host::HostBackend {
 public:
  explicit NetlinkBackend(host::nl::NetlinkHost host)
      : host_(std::move(host)), dhcp_(host_.netns()) {}
  Result<host::LiveState> snapshot() override { return host_.snapshot(); }
  Result<std::shared_ptr<const host::LiveState>> view() override { return host_.view(); }
  Result<std::shared_ptr<const host::LiveState>> viewOfLinks() override {
    return host_.viewOfLinks();
  }
  Result<std::optional<host::Link>> readLinkNow(const std::string& name) override {
    return host_.readLinkNow(name);
  }
  std::optional<std::uint32_t> readSpeedMbps(const host::Link& link) override {
    return host_.readSpeedMbps(link);
  }
  Status apply(const host::HostOp& op) override { return host_.apply(op); }
  std::vector<Status> applyBatch(std::span<const host::HostOp> ops) override {
    return host_.applyBatch(ops);
  }
  bool dhcpRunning(const std::string& link) override { return dhcp_.isRunning(link); }
  Status startDhcp(const std::string& link) override { return dhcp_.start(link); }
  Status continueDhcpLease(const std::string& link, const host::DhcpIdentity& identity) override {
    return dhcp_.start(link, identity);
  }
  Status stopDhcp(const std::string& link) override { return dhcp_.stop(link); }
  Status handOverDhcp(const std::string& link) override { return dhcp_.stop(link, false); }

 private:
  host::nl::NetlinkHost host_;
  host::DhcpClients dhcp_;  // refers to host_'s namespace: declared after it
};

}  // namespace ifkit::driver
