// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/ip_address.h: IPv4/IPv6 addresses and prefixes as plain values, read and written.
// text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ifkit::host {

enum class IpFamily : std::uint8_t { V4, V6 };

struct IpAddress {
  IpFamily family = IpFamily::V4;
  std::array<std::uint8_t, 16> bytes{};  // network order; an IPv4 address uses the first 4

  std::size_t size() const { return family == IpFamily::V4 ? 4 : 16; }
  int af() const;  // AF_INET or AF_INET6
  std::string toString() const;
  static std::optional<IpAddress> parse(std::string_view text);
  // From raw bytes in network order (4 or 16 of them); nullopt for any other length.
  static std::optional<IpAddress> fromBytes(const void* data, std::size_t len);

  bool operator==(const IpAddress&) const = default;
};

struct IpPrefix {
  IpAddress address;
  std::uint8_t length = 0;  // prefix length in bits

  std::string toString() const;  // "192.0.2.1/24"
  // "addr/len", or a bare address meaning a host prefix (/32, /128).
  static std::optional<IpPrefix> parse(std::string_view text);
  // Whether `a` is of this prefix's family and its first `length` bits are the prefix's.
  bool contains(const IpAddress& a) const;

  bool operator==(const IpPrefix&) const = default;
};

}  // namespace ifkit::host
