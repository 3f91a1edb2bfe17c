// SPDX-License-Identifier: LGPL-2.1-or-later
// Hardened libxml2 parsing and libvirt's report of XML syntax errors.
#include "conf/xml_doc.h"

#include <libxml/parser.h>

#include <string>

namespace ifkit::conf {
namespace {

// libvirt names an inline document this way in its error reports.
constexpr const char* kDocumentUrl = "(interface_definition)";

struct ParserCtxtFree {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

struct SyntaxErrorSink {
  bool reported = false;
  Error error;
};

bool isLineBreak(xmlChar c) { return c == '\n' || c == '\r'; }

// Builds libvirt's report from the parser's state at its first fatal error: the message, then
// the input line around the read position, then a pointer line ('-' per column, a tab kept
// as a tab, then '^').
std::string describeSyntaxError(const xmlParserCtxt& ctxt) {
  const xmlChar* base = ctxt.input->base;
  const xmlChar* pos = ctxt.input->cur;
  const xmlChar* lineStart = pos;
  while (lineStart > base && isLineBreak(*lineStart)) --lineStart;
  while (lineStart > base && !isLineBreak(*lineStart)) --lineStart;
  if (isLineBreak(*lineStart)) ++lineStart;
  const std::size_t column = static_cast<std::size_t>(pos - lineStart);

  std::string context;
  for (const xmlChar* c = lineStart; *c != 0 && !isLineBreak(*c); ++c)
    context.push_back(static_cast<char>(*c));

  std::string pointer;
  for (std::size_t i = 0; i < column && i < context.size(); ++i)
    pointer.push_back(context[i] == '\t' ? '\t' : '-');
  pointer.push_back('^');

  // libxml2's message ends in a line feed, which separates it from the context line.
  std::string message = ctxt.lastError.message;
  std::string out;
  if (ctxt.lastError.file != nullptr)
    out = std::string(ctxt.lastError.file) + ":" + std::to_string(ctxt.lastError.line) + ": ";
  else
    out = "at line " + std::to_string(ctxt.lastError.line) + ": ";  // inside an entity's text
  out += message;
  out += context.empty() ? "(null)" : context;  // libvirt prints an empty context as (null)
  out += "\n";
  out += pointer;
  return out;
}

// libxml2's SAX error callback for this context only (never its global handlers). It keeps
// the first fatal error; warnings and recoverable namespace errors are not reported.
void onParserError(void* userData, const char* /*format*/, ...) {
  auto* ctxt = static_cast<xmlParserCtxt*>(userData);
  auto* sink = static_cast<SyntaxErrorSink*>(ctxt->_private);
  if (sink->reported || ctxt->input == nullptr || ctxt->lastError.level != XML_ERR_FATAL ||
      ctxt->lastError.message == nullptr)
    return;
  sink->reported = true;
  sink->error = makeError(ErrorNumber::XmlDetail, ErrorDomain::Interface,
                          describeSyntaxError(*ctxt));
}

void ignoreWarning(void*, const char*, ...) {}

// Refuses every external entity and DTD on this context: libvirt relies on libxml2 not loading
// them without XML_PARSE_NOENT / XML_PARSE_DTDLOAD; ifkit also closes the door itself.
xmlParserInput* refuseExternalEntity(void*, const xmlChar*, const xmlChar*) { return nullptr; }

}  // namespace

Result<XmlDocPtr> parseXmlDocument(std::string_view text, std::size_t maxBytes) {
  if (text.size() > maxBytes)
    return makeError(ErrorNumber::XmlError, ErrorDomain::Interface,
                     "interface definition of " + std::to_string(text.size()) +
                         " bytes exceeds the limit of " + std::to_string(maxBytes) + " bytes");

  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) return makeError(ErrorNumber::NoMemory, ErrorDomain::Interface);
  SyntaxErrorSink sink;
  ctxt->_private = &sink;
  ctxt->sax->error = &onParserError;
  ctxt->sax->warning = &ignoreWarning;
  ctxt->sax->resolveEntity = &refuseExternalEntity;
  ctxt->vctxt.error = &ignoreWarning;  // no DTD validation is asked for; stay silent anyway
  ctxt->vctxt.warning = &ignoreWarning;

  // Explicit UTF-8: libvirt's reader ignores the document's encoding declaration. No
  // XML_PARSE_NOENT (entities stay references, expanded when read), no DTD loading, no
  // XML_PARSE_HUGE (libxml2 keeps its depth, name and amplification limits).
  const int options = XML_PARSE_NONET | XML_PARSE_NOWARNING;
  XmlDocPtr doc(xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()),
                                  kDocumentUrl, "UTF-8", options));
  if (sink.reported) return std::move(sink.error);
  if (!doc || !ctxt->wellFormed)
    return makeError(ErrorNumber::XmlError, ErrorDomain::Interface,
                     "failed to parse xml document '(interface_definition)'");
  if (xmlDocGetRootElement(doc.get()) == nullptr)
    return makeError(ErrorNumber::XmlError, ErrorDomain::Interface, "missing root element");
  return doc;
}

}  // namespace ifkit::conf
