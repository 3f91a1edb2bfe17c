// SPDX-License-Identifier: LGPL-2.1-or-later
// DhcpIdentity: who ifkit's DHCP client says it is, when it continues a lease that another client
// (systemd-networkd's, NetworkManager's, dhclient) holds for the host's address.
//
//   DhcpIdentity id{"ff4e0d4f0c0002...", "10.99.0.59"};
//   std::string text = formatDhcpIdentity(id);        // "client-id ff4e...\naddress 10.99.0.59\n"
//   std::optional<DhcpIdentity> back = parseDhcpIdentity(text);
//
// A DHCP server keys its leases by the client identifier (option 61), and by the hardware address
// only where a client sends none: a client presenting another identifier than the lease's is a
// new client, and is given a new address. The text form is what ifkit keeps beside the
// definition, so that every later start (and every boot) presents the same identifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ifkit::host {

struct DhcpIdentity {
  // Option 61's bytes as lowercase hex without separators ("01525400123456": type 1, a MAC);
  // empty: the client sends no client identifier at all (the server keys by the MAC).
  std::string clientId;
  // The IPv4 address the client asks for (option 50), dotted; empty for none.
  std::string address;

  bool operator==(const DhcpIdentity&) const = default;
};

std::string formatDhcpIdentity(const DhcpIdentity& identity);
// nullopt for anything formatDhcpIdentity does not write (a damaged file is not used).
std::optional<DhcpIdentity> parseDhcpIdentity(std::string_view text);
// Whether `hex` is a client identifier as DhcpIdentity keeps it: lowercase hex digits, an even
// number of them, 2 to 255 bytes (option 61 has a type byte and at least one more).
bool isClientIdHex(std::string_view hex);

}  // namespace ifkit::host
