// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading networkd's, NetworkManager's and dhclient's lease files: only the address and the
// client identifier, which is all a client continuing the lease needs.
#include "native/dhcp_leases.h"

#include <cctype>
#include <sstream>
#include <vector>

namespace ifkit::native {
namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool isHex(const std::string& text) {
  if (text.empty() || text.size() % 2 != 0) return false;
  for (char c : text)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// The values of a KEY=VALUE file (networkd's and NetworkManager's leases).
std::optional<std::string> keyValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == '=')
      return line.substr(key.size() + 1);
  return std::nullopt;
}

// dhclient writes option 61 as colon-separated hex bytes without leading zeros
// ("1:52:54:0:12:34:56"), or as a quoted string when every byte is printable.
std::optional<std::string> dhclientIdentifier(const std::string& value) {
  static const char* kDigits = "0123456789abcdef";
  std::string hex;
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(value[i]);
      if (c == '\\') return std::nullopt;  // escapes: not worth guessing
      hex += kDigits[c >> 4];
      hex += kDigits[c & 15];
    }
    return hex.empty() ? std::nullopt : std::optional<std::string>(hex);
  }
  std::istringstream in(value);
  for (std::string byte; std::getline(in, byte, ':');) {
    if (byte.empty() || byte.size() > 2) return std::nullopt;
    for (char c : byte)
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    if (byte.size() == 1) hex += '0';
    hex += lowercase(byte);
  }
  return hex.size() >= 4 ? std::optional<std::string>(hex) : std::nullopt;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t;") + 1 - first);
}

std::optional<PreviousDhcpLease> fromNetworkd(const ConfigRoot& root, const LeasedLink& link) {
  const std::string path = "/run/systemd/netif/leases/" + std::to_string(link.index);
  auto text = root.read(path);
  if (!text || !*text) return std::nullopt;
  auto id = networkdLeaseClientId(**text, link.address);
  if (!id) return std::nullopt;
  return PreviousDhcpLease{"systemd-networkd", path, *id};
}

std::optional<PreviousDhcpLease> fromNetworkManager(const ConfigRoot& root,
                                                    const LeasedLink& link) {
  for (const std::string& path :
       root.glob("/var/lib/NetworkManager/internal-*-" + link.name + ".lease")) {
    auto text = root.read(path);
    if (!text || !*text || keyValue(**text, "ADDRESS") != link.address) continue;
    std::string id = "01";
    for (char c : link.mac)
      if (c != ':') id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (id.size() != 14) return std::nullopt;
    return PreviousDhcpLease{"NetworkManager", path, id};
  }
  return std::nullopt;
}

std::optional<PreviousDhcpLease> fromDhclient(const ConfigRoot& root, const LeasedLink& link) {
  for (const std::string& path : {"/var/lib/dhcp/dhclient." + link.name + ".leases",
                                  std::string("/var/lib/dhcp/dhclient.leases")}) {
    auto text = root.read(path);
    if (!text || !*text) continue;
    if (auto id = dhclientLeaseClientId(**text, link.name, link.address))
      return PreviousDhcpLease{"dhclient", path, *id};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> networkdLeaseClientId(const std::string& text,
                                                 const std::string& address) {
  if (keyValue(text, "ADDRESS") != address) return std::nullopt;
  auto id = keyValue(text, "CLIENTID");
  if (!id || !isHex(*id) || id->size() < 4) return std::nullopt;
  return lowercase(*id);
}

std::optional<std::string> dhclientLeaseClientId(const std::string& text, const std::string& link,
                                                 const std::string& address) {
  // Each lease a block; a later one replaces an earlier one of the same interface.
  std::optional<std::string> found;
  std::string quoted = "\"";
  quoted.append(link).append("\"");
  std::istringstream in(text);
  bool inLease = false;
  std::string interface, fixed, id;
  bool badId = false;
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (line.rfind("lease", 0) == 0 && line.find('{') != std::string::npos) {
      inLease = true;
      interface.clear(), fixed.clear(), id.clear(), badId = false;
    } else if (inLease && line == "}") {
      inLease = false;
      if (interface == quoted && !badId)
        found = fixed == address ? std::optional<std::string>(id) : std::nullopt;
    } else if (inLease && line.rfind("interface ", 0) == 0) {
      interface = trim(line.substr(10));
    } else if (inLease && line.rfind("fixed-address ", 0) == 0) {
      fixed = trim(line.substr(14));
    } else if (inLease && line.rfind("option dhcp-client-identifier ", 0) == 0) {
      auto hex = dhclientIdentifier(trim(line.substr(30)));
      if (hex)
        id = *hex;
      else
        badId = true;
    }
  }
  return found;
}

std::optional<PreviousDhcpLease> findPreviousDhcpLease(const ConfigRoot& root,
                                                       const LeasedLink& link) {
  if (auto lease = fromNetworkd(root, link)) return lease;
  if (auto lease = fromNetworkManager(root, link)) return lease;
  return fromDhclient(root, link);
}

}  // namespace ifkit::native
