// SPDX-License-Identifier: LGPL-2.1-or-later
// The lease another DHCP client of the host holds for a link, read from where that client keeps
// it (under the ConfigRoot, as the managers' configuration):
//
//   auto lease = findPreviousDhcpLease(root, {3, "eth0", "52:54:00:12:34:56", "10.99.0.59"});
//   // lease->clientId: the identifier the server knows that lease by
//
// - systemd-networkd: /run/systemd/netif/leases/IFINDEX (KEY=VALUE lines: ADDRESS=, CLIENTID=
//   as hex).
// - NetworkManager's internal client: /var/lib/NetworkManager/internal-UUID-NAME.lease (ADDRESS=
//   only); its client identifier is then its default, "mac" (type 1 and the link's MAC).
// - ISC dhclient (ifupdown's): /var/lib/dhcp/dhclient.NAME.leases and dhclient.leases, the last
//   `lease { interface "NAME"; ... }` block; `option dhcp-client-identifier` as colon hex or a
//   quoted string, and none sent when it is absent (dhclient's default).
//
// Only a lease of the address the link carries counts: a file left from an older lease is not
// the host's address's.
#pragma once

#include <optional>
#include <string>

#include "native/config_files.h"

namespace ifkit::native {

struct LeasedLink {
  int index = 0;
  std::string name;
  std::string mac;      // "52:54:00:12:34:56"
  std::string address;  // the IPv4 address it carries, dotted
};

struct PreviousDhcpLease {
  std::string client;    // "systemd-networkd", "NetworkManager", "dhclient"
  std::string path;      // the host path it was read from
  std::string clientId;  // option 61 as lowercase hex; empty: the client sent none
};

std::optional<PreviousDhcpLease> findPreviousDhcpLease(const ConfigRoot& root,
                                                       const LeasedLink& link);

// For the readers and their tests: the client identifier of a networkd lease file, of a
// dhclient lease file's last lease for `link`, each only if its address is `address`.
std::optional<std::string> networkdLeaseClientId(const std::string& text,
                                                 const std::string& address);
std::optional<std::string> dhclientLeaseClientId(const std::string& text, const std::string& link,
                                                 const std::string& address);

}  // namespace ifkit::native
