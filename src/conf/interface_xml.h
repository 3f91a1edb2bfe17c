// SPDX-License-Identifier: LGPL-2.1-or-later
// Parse and format libvirt's interface XML: the conf layer's whole public face.
//
//   Result<InterfaceDef> def = parseInterfaceXml(text, ParseFlags{});
//   std::string back = formatInterfaceXml(*def);   // byte-identical to libvirt's output
//
// Parsing reproduces libvirt 9.0's rules and error order (../shared/spec/interface-xml.md),
// except the three fixes listed in ../shared/conformance/DEVIATIONS.md.
#pragma once

#include <string>
#include <string_view>

#include "conf/interface_def.h"
#include "ifkit/error.h"

namespace ifkit::conf {

// Hard input limits on top of libxml2's own: libvirt has no size cap, ifkit refuses more than
// this many bytes so that a daemon cannot be made to parse arbitrarily large documents.
inline constexpr std::size_t kMaxDocumentBytes = 1 << 20;

struct ParseFlags {
  // VIR_INTERFACE_DEFINE_VALIDATE: check against libvirt's RelaxNG schema before parsing.
  bool validateSchema = false;
  // Where the schema is (libvirt0 installs it here).
  std::string schemaPath = "/usr/share/libvirt/schemas/interface.rng";
};

Result<InterfaceDef> parseInterfaceXml(std::string_view xml, const ParseFlags& flags = {});

// libvirt's format, byte for byte, except that every attribute value is escaped (D1).
std::string formatInterfaceXml(const InterfaceDef& def);

}  // namespace ifkit::conf
