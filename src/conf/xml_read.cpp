// SPDX-License-Identifier: LGPL-2.1-or-later
// Attribute and element lookup the way libvirt does it, and its number syntaxes.
#include "conf/xml_read.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace ifkit::conf {
namespace {

const char* text(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

struct XmlCharFree {
  void operator()(xmlChar* s) const { xmlFree(s); }
};

bool isNoNamespaceElement(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && node->ns == nullptr && name == text(node->name);
}

// The attribute `name` in no namespace of the element (a prefixed one of the same local name is
// another attribute); DTD defaults are not attributes of the tree, as for XPath.
const xmlAttr* noNamespaceAttribute(const xmlNode* element, std::string_view name) {
  for (const xmlAttr* a = element->properties; a != nullptr; a = a->next)
    if (a->ns == nullptr && name == text(a->name)) return a;
  return nullptr;
}

// The first attribute in document order that the steps reach from `element`: children in order,
// each one's subtree before the next sibling's, which is document order.
const xmlAttr* firstAttributeReached(const xmlNode* element,
                                     std::span<const AttributePath::ElementStep> steps,
                                     std::string_view attribute) {
  if (steps.empty()) return noNamespaceAttribute(element, attribute);
  for (const xmlNode* c = element->children; c != nullptr; c = c->next) {
    if (!isNoNamespaceElement(c, steps.front().name)) continue;
    if (const xmlAttr* found = firstAttributeReached(c, steps.subspan(1), attribute)) return found;
    if (steps.front().firstOnly) break;  // "[1]": later children of that name are not looked at
  }
  return nullptr;
}

// strtol-family parsing of the whole text: libvirt's virStrToLong_* accept what the C library
// accepts (leading whitespace, a sign) and refuse anything left over, trailing spaces included.
template <class Parse>
auto parseWhole(std::string_view in, Parse parse) -> std::optional<decltype(parse(nullptr, nullptr))> {
  const std::string s(in);  // strtol needs a terminated string
  if (s.size() != std::strlen(s.c_str())) return std::nullopt;  // an embedded NUL
  char* end = nullptr;
  errno = 0;
  auto value = parse(s.c_str(), &end);
  if (errno != 0 || end == s.c_str() || *end != '\0') return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string> propRead(const xmlNode* element, const char* attribute) {
  // xmlGetProp matches the local name in any namespace and applies DTD defaults: libvirt's
  // virXMLPropString is exactly this call.
  std::unique_ptr<xmlChar, XmlCharFree> value(
      xmlGetProp(element, reinterpret_cast<const xmlChar*>(attribute)));
  if (!value) return std::nullopt;
  return std::string(text(value.get()));
}

std::vector<xmlNode*> childElements(const xmlNode* element, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = element->children; c != nullptr; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->ns == nullptr && std::strcmp(text(c->name), name) == 0)
      out.push_back(c);
  return out;
}

xmlNode* firstChildElement(const xmlNode* element, const char* name) {
  for (xmlNode* c = element->children; c != nullptr; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->ns == nullptr && std::strcmp(text(c->name), name) == 0)
      return c;
  return nullptr;
}

bool hasChildElement(const xmlNode* element, const char* name) {
  return firstChildElement(element, name) != nullptr;
}

std::optional<std::string> pathRead(const xmlNode* element, AttributePath path) {
  const xmlAttr* found = firstAttributeReached(element, path.elementSteps(), path.attribute());
  if (found == nullptr) return std::nullopt;
  // XPath's string value of an attribute is xmlNodeGetContent's: its text with entity references
  // expanded. A value without any is a single text node, read in place.
  const xmlNode* only = found->children;
  if (only != nullptr && only->next == nullptr && only->type == XML_TEXT_NODE) {
    if (only->content == nullptr || only->content[0] == 0) return std::nullopt;
    return std::string(text(only->content));
  }
  std::unique_ptr<xmlChar, XmlCharFree> value(
      xmlNodeGetContent(reinterpret_cast<const xmlNode*>(found)));
  if (!value || value.get()[0] == 0) return std::nullopt;  // empty means absent
  return std::string(text(value.get()));
}

std::optional<std::uint32_t> parseU32(std::string_view in) {
  // strtoul would wrap "-1" around to a huge number; libvirt refuses any minus sign.
  if (in.find('-') != std::string_view::npos) return std::nullopt;
  auto v = parseWhole(in, [](const char* s, char** end) { return std::strtoull(s, end, 10); });
  if (!v || *v > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

std::optional<int> parseI32(std::string_view in) {
  auto v = parseWhole(in, [](const char* s, char** end) { return std::strtoll(s, end, 10); });
  if (!v || *v < INT_MIN || *v > INT_MAX) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<int> parseIntAutoBase(std::string_view in) {
  auto v = parseWhole(in, [](const char* s, char** end) { return std::strtoll(s, end, 0); });
  if (!v || *v < INT_MIN || *v > INT_MAX) return std::nullopt;
  return static_cast<int>(*v);
}

std::string_view localName(const xmlNode* element) { return text(element->name); }

Error missingAttributeError(const char* attribute, std::string_view element) {
  std::string detail = std::string("Missing required attribute '") + attribute + "' in element '";
  detail += element;
  detail += "'";
  return makeError(ErrorNumber::XmlError, ErrorDomain::Xml, detail);
}

Error invalidAttributeError(const char* attribute, std::string_view element, std::string_view value,
                            std::string_view expectation) {
  std::string detail = std::string("Invalid value for attribute '") + attribute + "' in element '";
  detail += element;
  detail += "': '";
  detail += value;
  detail += "'.";
  if (!expectation.empty()) {
    detail += ' ';
    detail += expectation;
  }
  return makeError(ErrorNumber::XmlError, ErrorDomain::Xml, detail);
}

Error interfaceXmlError(std::string_view detail) {
  return makeError(ErrorNumber::XmlError, ErrorDomain::Interface, detail);
}

}  // namespace ifkit::conf
