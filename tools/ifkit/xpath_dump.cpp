// SPDX-License-Identifier: LGPL-2.1-or-later
// dumpXPath: filter a dumped interface document with an XPath expression, as virsh does.
#include "xpath_dump.h"

#include <vector>

#include "xml_handles.h"

namespace ifkit::cli {
namespace {

struct XmlBufferFree {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};
using XmlBufferPtr = std::unique_ptr<xmlBuffer, XmlBufferFree>;

// One node as virsh's virXMLNodeToString writes it: formatted, from indentation level 0.
std::string nodeText(xmlDoc* doc, xmlNode* node) {
  XmlBufferPtr buf(xmlBufferCreate());
  if (!buf || xmlNodeDump(buf.get(), doc, node, 0, 1) <= 0) {
    // virsh prints the NULL it gets back through "%s", which glib renders as "(null)".
    return "(null)";
  }
  return reinterpret_cast<const char*>(xmlBufferContent(buf.get()));
}

}  // namespace

Result<std::string> dumpXPath(std::string_view xml, const std::string& expr, bool wrap) {
  XmlDocPtr doc = parseXml(xml, Blanks::Drop);
  if (!doc) {
    return makeBareError(ErrorNumber::XmlDetail, ErrorDomain::Xml,
                         "(interface definition): failed to parse the XML document");
  }
  XmlXPathContextPtr ctxt = newXPathContext(doc.get());
  if (!ctxt) return makeBareError(ErrorNumber::NoMemory, ErrorDomain::None, "");

  std::vector<xmlNode*> nodes;
  // libxml2 reports a malformed expression through its default error handler (standard
  // error), exactly the lines virsh shows, and returns nothing: an empty selection.
  XmlXPathObjectPtr result(
      xmlXPathEval(reinterpret_cast<const xmlChar*>(expr.c_str()), ctxt.get()));
  if (result) {
    if (result->type != XPATH_NODESET) {
      return makeError(ErrorNumber::InternalError, ErrorDomain::Xml,
                       "Incorrect xpath '" + expr + "'");
    }
    if (result->nodesetval != nullptr) {
      for (int i = 0; i < result->nodesetval->nodeNr; ++i)
        nodes.push_back(result->nodesetval->nodeTab[i]);
    }
  }

  std::string out;
  if (!wrap) {
    for (xmlNode* node : nodes) out += nodeText(doc.get(), node) + "\n";
    return out;
  }
  XmlDocPtr wrapped(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  if (!wrapped) return makeBareError(ErrorNumber::NoMemory, ErrorDomain::None, "");
  xmlNode* root = xmlNewNode(nullptr, reinterpret_cast<const xmlChar*>("nodes"));
  xmlDocSetRootElement(wrapped.get(), root);
  for (xmlNode* node : nodes) {
    // A copied attribute becomes an attribute of <nodes>, as in virsh (<nodes name="eth1"/>).
    xmlNode* copy = xmlDocCopyNode(node, wrapped.get(), 1);
    if (copy == nullptr) return makeBareError(ErrorNumber::NoMemory, ErrorDomain::None, "");
    if (xmlAddChild(root, copy) == nullptr) {
      xmlFreeNode(copy);
      // virsh gives up here without a message.
      return makeBareError(ErrorNumber::InternalError, ErrorDomain::None, "");
    }
  }
  // virsh serializes <nodes> against the original document, not the new one.
  out = nodeText(doc.get(), root) + "\n";
  return out;
}

}  // namespace ifkit::cli
