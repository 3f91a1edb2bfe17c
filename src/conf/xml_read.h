// SPDX-License-Identifier: LGPL-2.1-or-later
// The two ways libvirt reads an attribute (spec section 2), element lookup, and libvirt's
// number syntaxes (spec section 3).
//
// P-read: an attribute of one element, by local name whatever its namespace, DTD defaults
// applied, empty kept. X-read: a path (libvirt evaluates it as XPath) over child elements in no
// namespace; the first matching attribute in document order wins, and empty means absent.
#pragma once

#include <libxml/tree.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
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

// An X-read's path, relative to an element: element steps, then one attribute step.
//
//   pathRead(bond, "./miimon/@freq")       // all miimon children
//   pathRead(protocol, "./route[1]/@gateway")  // the first route child only
//   pathRead(vlan, "./@tag")                // the element's own attribute
//
// Only the shapes libvirt's readers use are accepted: "./", then up to kMaxElementSteps names,
// each optionally followed by "[1]", then "@name". The constructor is consteval, so any other
// path fails to compile rather than reading something else at run time.
class AttributePath {
 public:
  static constexpr std::size_t kMaxElementSteps = 3;

  struct ElementStep {
    std::string_view name;
    bool firstOnly = false;  // "[1]": the first child of that name, not all of them
  };

  consteval AttributePath(const char* path);  // NOLINT(google-explicit-constructor): a literal

  constexpr std::string_view text() const { return text_; }
  constexpr std::span<const ElementStep> elementSteps() const {
    return {steps_.data(), stepCount_};
  }
  constexpr std::string_view attribute() const { return attribute_; }

 private:
  std::string_view text_;
  std::array<ElementStep, kMaxElementSteps> steps_{};
  std::size_t stepCount_ = 0;
  std::string_view attribute_;
};

// What libvirt's virXPathString reads for "string(PATH)": the value of the first attribute the
// path reaches in document order, or nullopt when none or when that value is empty. Element
// steps match only child elements in no namespace, the attribute step only an attribute in no
// namespace; entity references in the value are expanded. A walk of the tree, not XPath: the
// paths are fixed, and XPath's context and compilation cost more than the document's parse.
std::optional<std::string> pathRead(const xmlNode* element, AttributePath path);

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

// The parse of a path, at compile time. A throw here is a compile error naming this line.
namespace path_syntax {
consteval bool isNameChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}
// The length of the name at the start of `s`; a path with no name there is refused.
consteval std::size_t nameLength(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && isNameChar(s[n], n == 0)) ++n;
  if (n == 0) throw "AttributePath: a name is expected here";
  return n;
}
}  // namespace path_syntax

consteval AttributePath::AttributePath(const char* path) : text_(path) {
  std::string_view rest = text_;
  if (!rest.starts_with("./")) throw "AttributePath: a path starts with \"./\"";
  rest.remove_prefix(2);
  while (!rest.starts_with('@')) {
    if (stepCount_ == kMaxElementSteps) throw "AttributePath: too many element steps";
    ElementStep& step = steps_[stepCount_++];
    const std::size_t n = path_syntax::nameLength(rest);
    step.name = rest.substr(0, n);
    rest.remove_prefix(n);
    if (rest.starts_with("[1]")) {
      step.firstOnly = true;
      rest.remove_prefix(3);
    }
    if (!rest.starts_with('/')) throw "AttributePath: an element step ends with '/'";
    rest.remove_prefix(1);
  }
  rest.remove_prefix(1);
  const std::size_t n = path_syntax::nameLength(rest);
  if (n != rest.size()) throw "AttributePath: the attribute step ends the path";
  attribute_ = rest;
}

}  // namespace ifkit::conf
