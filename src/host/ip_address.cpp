// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/ip_address.cpp: IP address and prefix text in both directions.
#include "host/ip_address.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <charconv>
#include <cstring>

namespace ifkit::host {

int IpAddress::af() const { return family == IpFamily::V4 ? AF_INET : AF_INET6; }

std::string IpAddress::toString() const {
  char buf[INET6_ADDRSTRLEN];
  if (!inet_ntop(af(), bytes.data(), buf, sizeof buf)) return "?";
  return buf;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);  // inet_pton needs a terminated string
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  a.family = IpFamily::V6;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) return a;
  return std::nullopt;
}

std::optional<IpAddress> IpAddress::fromBytes(const void* data, std::size_t len) {
  IpAddress a;
  if (len == 4) {
    a.family = IpFamily::V4;
  } else if (len == 16) {
    a.family = IpFamily::V6;
  } else {
    return std::nullopt;
  }
  std::memcpy(a.bytes.data(), data, len);
  return a;
}

std::string IpPrefix::toString() const { return address.toString() + "/" + std::to_string(length); }

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  auto slash = text.find('/');
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  unsigned max = addr->family == IpFamily::V4 ? 32 : 128;
  unsigned len = max;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), len);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || len > max)
      return std::nullopt;
  }
  return IpPrefix{*addr, static_cast<std::uint8_t>(len)};
}

bool IpPrefix::contains(const IpAddress& a) const {
  if (a.family != address.family || length > a.size() * 8) return false;
  const std::size_t whole = length / 8;
  for (std::size_t i = 0; i < whole; ++i)
    if (a.bytes[i] != address.bytes[i]) return false;
  const int rest = length % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[whole] & mask) == (address.bytes[whole] & mask);
}

}  // namespace ifkit::host
