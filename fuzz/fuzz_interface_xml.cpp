// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: the interface XML parser and formatter (see interface_xml_property.h).
#include <cstdio>
#include <cstdlib>

#include "interface_xml_property.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string broken = ifkit::fuzz::checkInterfaceXmlProperty(data, size);
  if (!broken.empty()) {
    std::fprintf(stderr, "property violated: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
