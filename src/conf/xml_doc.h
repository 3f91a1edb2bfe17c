// SPDX-License-Identifier: LGPL-2.1-or-later
// XmlDoc: a parsed, hardened libxml2 document, with syntax errors reported as libvirt does.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string_view>

#include "ifkit/error.h"

namespace ifkit::conf {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// Parses `text` as libvirt 9.0 does (UTF-8 always, no network, no warnings, libxml2's own
// entity-amplification and depth guards) plus a size cap. Internal entities are expanded by
// the readers, as in libvirt; external DTDs and entities are never loaded. A document that
// is not well-formed fails with code 35 and libvirt's three-line report: the message, the
// line of input around the error and a pointer to the column.
Result<XmlDocPtr> parseXmlDocument(std::string_view text, std::size_t maxBytes);

}  // namespace ifkit::conf
