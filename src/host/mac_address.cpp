// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/mac_address.cpp: MAC address text in both directions.
#include "host/mac_address.h"

namespace ifkit::host {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

MacAddress::Text MacAddress::text() const {
  // By hand: snprintf would parse its format again for each of a listing's thousands of links.
  static constexpr char kDigits[] = "0123456789abcdef";
  Text out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out.chars[i * 3] = kDigits[bytes[i] >> 4];
    out.chars[i * 3 + 1] = kDigits[bytes[i] & 0xf];
    if (i * 3 + 2 < out.chars.size()) out.chars[i * 3 + 2] = ':';
  }
  return out;
}

std::string MacAddress::toString() const { return std::string(text().view()); }

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac;
  for (std::size_t i = 0; i < 6; ++i) {
    int hi = hexValue(text[i * 3]);
    int lo = hexValue(text[i * 3 + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
    mac.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return mac;
}

}  // namespace ifkit::host
