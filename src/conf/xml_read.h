// SPDX-License-Identifier: LGPL-2.1-or-later
// The two ways libvirt reads an attribute (spec section 2), element lookup, and libvirt's
// number syntaxes (spec section 3).
//
// P-read: an attribute of one element, by local name whatever its namespace, DTD defaults
// applied, empty kept. X-read: an XPath over child elements in no namespace; the first
// matching attribute in document order wins, and empty means absent.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifkit/error.h"

namespace ifkit::conf {

std::optional<std::string> propRead(const xmlNode* element, const char* attribute);

// The element's children of the given local name that are in no namespace, in order.
std::vector<xmlNode*> childElements(const xmlNode* element, const char* name);
xmlNode* firstChildElement(const xmlNode* element, const char* name);
bool hasChildElement(const xmlNode* element, const char* name);

// Evaluates "string(PATH)" relative to an element, as libvirt's virXPathString does.
class PathReader {
 public:
  explicit PathReader(xmlDoc* doc);
  std::optional<std::string> read(xmlNode* element, const char* path);

 private:
  struct ContextFree {
    void operator()(xmlXPathContext* c) const { xmlXPathFreeContext(c); }
  };
  std::unique_ptr<xmlXPathContext, ContextFree> ctxt_;
};

// Number syntaxes. Each returns nullopt when the text does not match.
std::optional<std::uint32_t> parseU32(std::string_view text);  // no sign but '+', base 10
std::optional<int> parseI32(std::string_view text);            // '+' or '-', base 10
std::optional<int> parseIntAutoBase(std::string_view text);    // C's base 0: 0x.., 0.., else 10

// The element's local name, as libvirt's attribute errors name it.
std::string_view localName(const xmlNode* element);

// libvirt's generic attribute errors (code 27, domain VIR_FROM_XML).
Error missingAttributeError(const char* attribute, std::string_view element);
Error invalidAttributeError(const char* attribute, std::string_view element, std::string_view value,
                            std::string_view expectation = {});
// libvirt's interface-specific errors (code 27, domain VIR_FROM_INTERFACE).
Error interfaceXmlError(std::string_view detail);

}  // namespace ifkit::conf
