// SPDX-License-Identifier: LGPL-2.1-or-later
// parse -> format -> parse is a fixed point, for every input.
#include "interface_xml_property.h"

#include <string_view>

#include "conf/interface_xml.h"

namespace ifkit::fuzz {

std::string checkInterfaceXmlProperty(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto first = conf::parseInterfaceXml(input);
  if (!first.ok()) {
    if (first.error().message.empty()) return "an error without a message";
    return {};
  }
  const std::string text = conf::formatInterfaceXml(*first);
  auto second = conf::parseInterfaceXml(text);
  if (!second.ok()) return "formatted output does not parse: " + second.error().message + "\n" + text;
  if (!(*second == *first)) return "model changed across format and parse:\n" + text;
  if (conf::formatInterfaceXml(*second) != text) return "formatting is not stable:\n" + text;
  return {};
}

}  // namespace ifkit::fuzz
