// SPDX-License-Identifier: LGPL-2.1-or-later
// Finding, keeping and forgetting the identity ifkit's DHCP client continues a lease with.
#include "driver/system/dhcp_identities.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "native/dhcp_leases.h"
#include "util/atomic_file.h"
#include "util/unique_fd.h"

namespace ifkit::driver {
namespace {

std::string identityFile(const std::string& name) { return ".dhcp-identity-" + name; }

}  // namespace

// A damaged file is as good as none: the client then goes on as it would without.
std::optional<host::DhcpIdentity> keptDhcpIdentity(const store::DefinitionStore& store,
                                                   const std::string& name) {
  if (store.directoryFd() < 0) return std::nullopt;
  UniqueFd fd(
      ::openat(store.directoryFd(), identityFile(name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return std::nullopt;
  std::string text;
  char buffer[1024];
  while (text.size() < 4096) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return host::parseDhcpIdentity(text);
}

namespace {

// The lease of another client that one of `links` carries the address of, and that link.
struct FoundLease {
  host::DhcpIdentity identity;
  std::string link;
};
std::optional<FoundLease> foundOn(const std::vector<std::string>& links,
                                  const host::LiveState& live, const native::ConfigRoot& root) {
  for (const std::string& name : links) {
    const host::Link* link = live.linkByName(name);
    if (link == nullptr || !link->mac) continue;
    for (const host::Address* address : live.addressesOf(link->index)) {
      // A lease's address has a lifetime; a configured one is not a lease.
      if (address->prefix.address.family != host::IpFamily::V4 || address->permanent() ||
          address->scope != 0)
        continue;
      const std::string ip = address->prefix.address.toString();
      auto lease = native::findPreviousDhcpLease(
          root, native::LeasedLink{link->index, link->name, link->mac->toString(), ip});
      if (lease) return FoundLease{host::DhcpIdentity{lease->clientId, ip}, name};
    }
  }
  return std::nullopt;
}

// The links `plan` makes ports of `master`.
std::vector<std::string> portsOf(const plan::Plan& plan, const std::string& master) {
  std::vector<std::string> ports;
  for (const plan::Step& step : plan.steps)
    if (const auto* set = std::get_if<host::op::SetMaster>(&step.op);
        set != nullptr && set->master == master)
      ports.push_back(set->name);
  return ports;
}

}  // namespace

void attachDhcpIdentities(plan::Plan& plan, const host::LiveState& live,
                          const store::DefinitionStore& store, const native::ConfigRoot* root) {
  // A client a stop ends: the identity it ran with, for an undo that starts it again.
  for (plan::DhcpRequest& dhcp : plan.dhcp)
    if (!dhcp.start && dhcp.family == host::IpFamily::V4)
      dhcp.identity = keptDhcpIdentity(store, dhcp.name);
  std::vector<std::string> handedOver;
  for (plan::DhcpRequest& dhcp : plan.dhcp) {
    if (!dhcp.start || dhcp.family != host::IpFamily::V4) continue;
    if ((dhcp.identity = keptDhcpIdentity(store, dhcp.name))) continue;
    // A lease handed back with the address by a client that continued it (a stop of the bridge
    // that took it over) is continued by this one.
    for (const plan::DhcpRequest& other : plan.dhcp)
      if (!other.start && other.handOver && other.identity) dhcp.identity = other.identity;
    if (dhcp.identity || root == nullptr) continue;
    if (auto found = foundOn(portsOf(plan, dhcp.name), live, *root)) {
      dhcp.identity = found->identity;
      handedOver.push_back(found->link);
    }
  }
  // Recorded as a hand-over from the port (plan/start_record.h): the stop then keeps the lease,
  // moves it back with the address and continues it on the port, instead of releasing it (the
  // release would take the address and, with the link's last address, every route of the link
  // away under the stop's steps).
  for (const std::string& port : handedOver)
    if (std::none_of(plan.dhcp.begin(), plan.dhcp.end(),
                     [&](const plan::DhcpRequest& d) { return d.name == port; }))
      plan.dhcp.push_back({port, host::IpFamily::V4, std::nullopt, false, true});
}

Status keepDhcpIdentities(const store::DefinitionStore& store, const plan::Plan& plan) {
  if (store.readOnly() || store.directoryFd() < 0) return Status();
  for (const plan::DhcpRequest& dhcp : plan.dhcp) {
    if (!dhcp.start || !dhcp.identity || keptDhcpIdentity(store, dhcp.name) == dhcp.identity)
      continue;
    if (Status st = writeFileAtomically(store.directoryFd(), identityFile(dhcp.name),
                                        host::formatDhcpIdentity(*dhcp.identity));
        !st)
      return st;
  }
  return Status();
}

Status forgetDhcpIdentity(const store::DefinitionStore& store, const std::string& name) {
  if (store.readOnly() || store.directoryFd() < 0) return Status();
  return removeFileDurably(store.directoryFd(), identityFile(name));
}

}  // namespace ifkit::driver
