// SPDX-License-Identifier: LGPL-2.1-or-later
// Owners for the libxml2 objects of the commands that rewrite or filter XML, and their parser.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>
#include <string_view>

namespace ifkit::cli {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct XmlXPathContextFree {
  void operator()(xmlXPathContext* c) const { xmlXPathFreeContext(c); }
};
struct XmlXPathObjectFree {
  void operator()(xmlXPathObject* o) const { xmlXPathFreeObject(o); }
};
struct XmlFree {
  void operator()(void* p) const { xmlFree(p); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;
using XmlXPathContextPtr = std::unique_ptr<xmlXPathContext, XmlXPathContextFree>;
using XmlXPathObjectPtr = std::unique_ptr<xmlXPathObject, XmlXPathObjectFree>;
using XmlCharPtr = std::unique_ptr<xmlChar, XmlFree>;

enum class Blanks { Keep, Drop };

// Parses a document that a driver returned; nullptr if it is not well-formed. Nothing is
// fetched from the network and libxml2 prints nothing: the caller words the failure.
XmlDocPtr parseXml(std::string_view text, Blanks blanks);

// An XPath context on `doc` whose context node is the root element, so that relative
// expressions ("./bridge") start at <interface> as virsh's do.
XmlXPathContextPtr newXPathContext(xmlDoc* doc);

// The attribute's value, or "(null)" when it is missing: virsh prints a missing attribute
// that way in its messages.
std::string propOrNull(xmlNode* node, const char* name);

}  // namespace ifkit::cli
