// SPDX-License-Identifier: LGPL-2.1-or-later
// The text form of a DHCP client's identity: two "key value" lines.
#include "host/dhcp/dhcp_identity.h"

#include <sstream>

#include "host/ip_address.h"

namespace ifkit::host {

bool isClientIdHex(std::string_view hex) {
  if (hex.size() < 4 || hex.size() > 510 || hex.size() % 2 != 0) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string formatDhcpIdentity(const DhcpIdentity& identity) {
  std::string text = "client-id ";
  text.append(identity.clientId.empty() ? "none" : identity.clientId);
  text.append("\naddress ");
  text.append(identity.address.empty() ? "none" : identity.address);
  text.append("\n");
  return text;
}

std::optional<DhcpIdentity> parseDhcpIdentity(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string key, clientId, key2, address, extra;
  if (!(in >> key >> clientId >> key2 >> address) || (in >> extra)) return std::nullopt;
  if (key != "client-id" || key2 != "address") return std::nullopt;
  DhcpIdentity identity;
  if (clientId != "none") {
    if (!isClientIdHex(clientId)) return std::nullopt;
    identity.clientId = clientId;
  }
  if (address != "none") {
    auto ip = IpAddress::parse(address);
    if (!ip || ip->family != IpFamily::V4) return std::nullopt;
    identity.address = address;
  }
  return identity;
}

}  // namespace ifkit::host
