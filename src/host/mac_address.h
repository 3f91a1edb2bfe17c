// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/mac_address.h: a 48-bit Ethernet address as a plain value, read and written as text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ifkit::host {

struct MacAddress {
  std::array<std::uint8_t, 6> bytes{};

  // "52:54:00:ab:cd:ef", lower case, as the kernel and libvirt print it.
  std::string toString() const;
  // The same text in a buffer of its own, for a caller that only looks at it (a listing of
  // thousands hands each link's over and keeps none): no allocation.
  struct Text {
    std::array<char, 17> chars;
    std::string_view view() const { return {chars.data(), chars.size()}; }
  };
  Text text() const;
  // Accepts six colon-separated hex pairs, either case; nullopt for anything else.
  static std::optional<MacAddress> parse(std::string_view text);

  bool operator==(const MacAddress&) const = default;
};

}  // namespace ifkit::host
