// SPDX-License-Identifier: LGPL-2.1-or-later
// libxml2, opened by the first command that parses or edits XML rather than by every ifkit process
// (on_demand_library.h).
//
// libxml2 brings ICU's common library (thousands of relocations), liblzma and zlib along: about
// 4 ms of the 10 ms a program linking ifkit's libraries takes to start here. A listing or a live
// XML parses nothing (ifkit writes its XML itself: conf/xml_text.h), and never opens it.
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlstring.h>
#include <libxml/xpath.h>

#include "on_demand_library.h"

namespace {

constinit ifkit::cli::OnDemandLibrary libxml2(IFKIT_LIBXML2_SONAME);

// Frees what libxml2 allocated, through libxml2's own xmlFree (its allocator, whatever that is).
void freeThroughLibxml2(void* memory) {
  static xmlFreeFunc* const real = static_cast<xmlFreeFunc*>(libxml2.symbol("xmlFree"));
  (*real)(memory);
}

}  // namespace

#define IFKIT_LIBXML2_CALL(name, ...) IFKIT_ON_DEMAND_CALL(libxml2, name, __VA_ARGS__)

extern "C" {

xmlFreeFunc xmlFree = &freeThroughLibxml2;

// Parsing (conf/xml_doc.h, conf/xml_read.h).
xmlParserCtxtPtr xmlNewParserCtxt() { IFKIT_LIBXML2_CALL(xmlNewParserCtxt); }
void xmlFreeParserCtxt(xmlParserCtxtPtr ctxt) { IFKIT_LIBXML2_CALL(xmlFreeParserCtxt, ctxt); }
xmlDocPtr xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char* buffer, int size, const char* url,
                            const char* encoding, int options) {
  IFKIT_LIBXML2_CALL(xmlCtxtReadMemory, ctxt, buffer, size, url, encoding, options);
}
xmlDocPtr xmlReadMemory(const char* buffer, int size, const char* url, const char* encoding,
                        int options) {
  IFKIT_LIBXML2_CALL(xmlReadMemory, buffer, size, url, encoding, options);
}
int xmlStrcmp(const xmlChar* a, const xmlChar* b) { IFKIT_LIBXML2_CALL(xmlStrcmp, a, b); }

// The tree: reading it, and editing a definition (iface-bridge, iface-unbridge).
xmlNodePtr xmlDocGetRootElement(const xmlDoc* doc) { IFKIT_LIBXML2_CALL(xmlDocGetRootElement, doc); }
xmlNodePtr xmlDocSetRootElement(xmlDocPtr doc, xmlNodePtr root) {
  IFKIT_LIBXML2_CALL(xmlDocSetRootElement, doc, root);
}
xmlChar* xmlGetProp(const xmlNode* node, const xmlChar* name) {
  IFKIT_LIBXML2_CALL(xmlGetProp, node, name);
}
xmlChar* xmlNodeGetContent(const xmlNode* cur) { IFKIT_LIBXML2_CALL(xmlNodeGetContent, cur); }
xmlAttrPtr xmlSetProp(xmlNodePtr node, const xmlChar* name, const xmlChar* value) {
  IFKIT_LIBXML2_CALL(xmlSetProp, node, name, value);
}
xmlDocPtr xmlNewDoc(const xmlChar* version) { IFKIT_LIBXML2_CALL(xmlNewDoc, version); }
xmlNodePtr xmlNewNode(xmlNsPtr ns, const xmlChar* name) { IFKIT_LIBXML2_CALL(xmlNewNode, ns, name); }
xmlNodePtr xmlNewChild(xmlNodePtr parent, xmlNsPtr ns, const xmlChar* name,
                       const xmlChar* content) {
  IFKIT_LIBXML2_CALL(xmlNewChild, parent, ns, name, content);
}
xmlNodePtr xmlAddChild(xmlNodePtr parent, xmlNodePtr cur) {
  IFKIT_LIBXML2_CALL(xmlAddChild, parent, cur);
}
xmlNodePtr xmlDocCopyNode(xmlNodePtr node, xmlDocPtr doc, int recursive) {
  IFKIT_LIBXML2_CALL(xmlDocCopyNode, node, doc, recursive);
}
void xmlUnlinkNode(xmlNodePtr cur) { IFKIT_LIBXML2_CALL(xmlUnlinkNode, cur); }
void xmlFreeNode(xmlNodePtr cur) { IFKIT_LIBXML2_CALL(xmlFreeNode, cur); }
void xmlFreeDoc(xmlDocPtr cur) { IFKIT_LIBXML2_CALL(xmlFreeDoc, cur); }

// Writing a tree out (iface-dumpxml --xpath, the edited definitions).
xmlBufferPtr xmlBufferCreate() { IFKIT_LIBXML2_CALL(xmlBufferCreate); }
void xmlBufferFree(xmlBufferPtr buf) { IFKIT_LIBXML2_CALL(xmlBufferFree, buf); }
const xmlChar* xmlBufferContent(const xmlBuffer* buf) { IFKIT_LIBXML2_CALL(xmlBufferContent, buf); }
int xmlNodeDump(xmlBufferPtr buf, xmlDocPtr doc, xmlNodePtr cur, int level, int format) {
  IFKIT_LIBXML2_CALL(xmlNodeDump, buf, doc, cur, level, format);
}
void xmlDocDumpMemory(xmlDocPtr cur, xmlChar** mem, int* size) {
  IFKIT_LIBXML2_CALL(xmlDocDumpMemory, cur, mem, size);
}

// XPath (iface-dumpxml --xpath).
xmlXPathContextPtr xmlXPathNewContext(xmlDocPtr doc) { IFKIT_LIBXML2_CALL(xmlXPathNewContext, doc); }
void xmlXPathFreeContext(xmlXPathContextPtr ctxt) { IFKIT_LIBXML2_CALL(xmlXPathFreeContext, ctxt); }
xmlXPathObjectPtr xmlXPathEval(const xmlChar* str, xmlXPathContextPtr ctx) {
  IFKIT_LIBXML2_CALL(xmlXPathEval, str, ctx);
}
void xmlXPathFreeObject(xmlXPathObjectPtr obj) { IFKIT_LIBXML2_CALL(xmlXPathFreeObject, obj); }

// libvirt's schema (iface-define --validate, conf/schema.h).
xmlRelaxNGParserCtxtPtr xmlRelaxNGNewParserCtxt(const char* url) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGNewParserCtxt, url);
}
void xmlRelaxNGFreeParserCtxt(xmlRelaxNGParserCtxtPtr ctxt) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGFreeParserCtxt, ctxt);
}
void xmlRelaxNGSetParserErrors(xmlRelaxNGParserCtxtPtr ctxt, xmlRelaxNGValidityErrorFunc err,
                               xmlRelaxNGValidityWarningFunc warn, void* ctx) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGSetParserErrors, ctxt, err, warn, ctx);
}
xmlRelaxNGPtr xmlRelaxNGParse(xmlRelaxNGParserCtxtPtr ctxt) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGParse, ctxt);
}
void xmlRelaxNGFree(xmlRelaxNGPtr schema) { IFKIT_LIBXML2_CALL(xmlRelaxNGFree, schema); }
xmlRelaxNGValidCtxtPtr xmlRelaxNGNewValidCtxt(xmlRelaxNGPtr schema) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGNewValidCtxt, schema);
}
void xmlRelaxNGFreeValidCtxt(xmlRelaxNGValidCtxtPtr ctxt) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGFreeValidCtxt, ctxt);
}
void xmlRelaxNGSetValidErrors(xmlRelaxNGValidCtxtPtr ctxt, xmlRelaxNGValidityErrorFunc err,
                              xmlRelaxNGValidityWarningFunc warn, void* ctx) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGSetValidErrors, ctxt, err, warn, ctx);
}
int xmlRelaxNGValidateDoc(xmlRelaxNGValidCtxtPtr ctxt, xmlDocPtr doc) {
  IFKIT_LIBXML2_CALL(xmlRelaxNGValidateDoc, ctxt, doc);
}

}  // extern "C"
