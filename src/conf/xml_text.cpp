// SPDX-License-Identifier: LGPL-2.1-or-later
// Which texts XML 1.0 can carry, and the names of a definition it cannot.
#include "conf/xml_text.h"

#include <cstdint>

namespace ifkit::conf {
namespace {

// XML 1.0's Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
bool isXmlChar(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

}  // namespace

bool isXmlText(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t c = 0;
    if (lead < 0x80) {
      length = 1, c = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, c = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, c = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, c = lead & 0x07;
    } else {
      return false;  // a continuation byte without its lead, or no UTF-8 lead at all
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      c = (c << 6) | (next & 0x3F);
    }
    // The shortest form only: an overlong encoding is not UTF-8 (and could hide a '<').
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length] || !isXmlChar(c)) return false;
    i += length;
  }
  return true;
}

const std::string* firstNameXmlCannotCarry(const InterfaceDef& def) {
  if (!isXmlText(def.name)) return &def.name;
  const std::vector<InterfaceDef>* nested = nullptr;
  if (const auto* bridge = std::get_if<BridgeDef>(&def.kind)) nested = &bridge->members;
  if (const auto* bond = std::get_if<BondDef>(&def.kind)) nested = &bond->slaves;
  if (const auto* vlan = std::get_if<VlanDef>(&def.kind); vlan && !isXmlText(vlan->parent))
    return &vlan->parent;
  if (nested != nullptr)
    for (const InterfaceDef& inner : *nested)
      if (const std::string* name = firstNameXmlCannotCarry(inner)) return name;
  return nullptr;
}

}  // namespace ifkit::conf
