// SPDX-License-Identifier: LGPL-2.1-or-later
// NetlinkBackend: the netlink host of one namespace behind the HostBackend interface.
#pragma once

#include <optional>
#include <utility>

#include "host/dhcp/dhcp_client.h"
#include "host/host_backend.h"
#include "host/netlink/netlink_host.h"

namespace ifkit::driver {

// The host's sockets are opened by the first call that needs them, not with the backend: a
// connection has two backends on its namespace (api/open_driver.cpp), one for changes and one for
// questions, and a process that only starts interfaces, or only lists them, uses one of the two.
// Opening the other cost it a namespace entry and four sockets with their options (some twenty
// system calls). Whether the namespace can be entered at all is known at connect time already:
// the start records read its cookie from inside it (StartRecordDirectory::open).
class NetlinkBackend final : public host::HostBackend {
 public:
  explicit NetlinkBackend(host::nl::Netns ns) : ns_(std::move(ns)), dhcp_(ns_) {}

  Result<host::LiveState> snapshot() override;
  Result<std::shared_ptr<const host::LiveState>> view() override;
  Result<std::shared_ptr<const host::LiveState>> viewOfLinks() override;
  Result<std::optional<host::Link>> readLinkNow(const std::string& name) override;
  std::optional<std::uint32_t> readSpeedMbps(const host::Link& link) override;
  Status apply(const host::HostOp& op) override;
  std::vector<Status> applyBatch(std::span<const host::HostOp> ops) override;
  bool dhcpRunning(const std::string& link) override { return dhcp_.isRunning(link); }
  Status startDhcp(const std::string& link) override { return dhcp_.start(link); }
  Status continueDhcpLease(const std::string& link, const host::DhcpIdentity& identity) override {
    return dhcp_.start(link, identity);
  }
  Status stopDhcp(const std::string& link) override { return dhcp_.stop(link); }
  Status handOverDhcp(const std::string& link) override { return dhcp_.stop(link, false); }

 private:
  // The host, its sockets opened on the first call; an error if they cannot be (asked again by
  // the next call: a shortage of file descriptors passes).
  Result<host::nl::NetlinkHost*> host();
  // `call` on the host, or the error of opening it, as what `call` returns (a Result or Status).
  template <class Call>
  auto onHost(Call call) -> decltype(call(std::declval<host::nl::NetlinkHost&>())) {
    auto h = host();
    if (!h) return std::move(h).error();
    return call(**h);
  }

  host::nl::Netns ns_;
  std::optional<host::nl::NetlinkHost> host_;
  host::DhcpClients dhcp_;  // refers to ns_: declared after it
};

}  // namespace ifkit::driver
