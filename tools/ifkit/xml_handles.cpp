// SPDX-License-Identifier: LGPL-2.1-or-later
// parseXml and its helpers: libxml2 configured per call, for the CLI's XML rewriting commands.
#include "xml_handles.h"

#include <libxml/parser.h>

#include <climits>

namespace ifkit::cli {

XmlDocPtr parseXml(std::string_view text, Blanks blanks) {
  if (text.size() > std::size_t(INT_MAX)) return nullptr;
  // No XML_PARSE_NOENT or DTD loading: entities stay references, nothing outside is read.
  int options = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
  // virsh parses for --xpath with blanks off (xmlKeepBlanksDefault(0)), so that results print
  // re-indented and //text() finds no whitespace; the per-call option has the same effect.
  if (blanks == Blanks::Drop) options |= XML_PARSE_NOBLANKS;
  return XmlDocPtr(xmlReadMemory(text.data(), int(text.size()), nullptr, "UTF-8", options));
}

XmlXPathContextPtr newXPathContext(xmlDoc* doc) {
  XmlXPathContextPtr ctxt(xmlXPathNewContext(doc));
  if (ctxt) ctxt->node = xmlDocGetRootElement(doc);
  return ctxt;
}

std::string propOrNull(xmlNode* node, const char* name) {
  XmlCharPtr value(xmlGetProp(node, reinterpret_cast<const xmlChar*>(name)));
  if (!value) return "(null)";
  return reinterpret_cast<const char*>(value.get());
}

}  // namespace ifkit::cli
