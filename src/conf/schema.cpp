// SPDX-License-Identifier: LGPL-2.1-or-later
// RelaxNG validation with libxml2, reporting as libvirt does.
#include "conf/schema.h"

#include <libxml/relaxng.h>

#include <cstdarg>
#include <cstdio>
#include <memory>

namespace ifkit::conf {
namespace {

struct RngParserFree {
  void operator()(xmlRelaxNGParserCtxt* p) const { xmlRelaxNGFreeParserCtxt(p); }
};
struct RngFree {
  void operator()(xmlRelaxNG* p) const { xmlRelaxNGFree(p); }
};
struct RngValidFree {
  void operator()(xmlRelaxNGValidCtxt* p) const { xmlRelaxNGFreeValidCtxt(p); }
};

// libxml2 hands over printf-style pieces; collect them in the caller's buffer.
void collectMessage(void* userData, const char* format, ...) {
  auto* buffer = static_cast<std::string*>(userData);
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  const int length = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (length > 0) {
    std::string piece(static_cast<std::size_t>(length) + 1, '\0');
    std::vsnprintf(piece.data(), piece.size(), format, args);
    piece.pop_back();
    *buffer += piece;
  }
  va_end(args);
}

Error schemaError(const std::string& detail) {
  return makeError(ErrorNumber::XmlInvalidSchema, ErrorDomain::Xml, detail);
}

}  // namespace

Status validateAgainstSchema(xmlDoc* doc, const std::string& schemaPath) {
  std::string parserMessages;
  std::unique_ptr<xmlRelaxNGParserCtxt, RngParserFree> parser(
      xmlRelaxNGNewParserCtxt(schemaPath.c_str()));
  if (!parser) return schemaError("Unable to create RNG parser for " + schemaPath);
  xmlRelaxNGSetParserErrors(parser.get(), &collectMessage, &collectMessage, &parserMessages);
  std::unique_ptr<xmlRelaxNG, RngFree> schema(xmlRelaxNGParse(parser.get()));
  if (!schema) return schemaError("Unable to parse RNG " + schemaPath + ": " + parserMessages);

  std::unique_ptr<xmlRelaxNGValidCtxt, RngValidFree> validator(xmlRelaxNGNewValidCtxt(schema.get()));
  if (!validator) return schemaError("Unable to create RNG validation context " + schemaPath);
  std::string messages;
  xmlRelaxNGSetValidErrors(validator.get(), &collectMessage, &collectMessage, &messages);
  if (xmlRelaxNGValidateDoc(validator.get(), doc) != 0)
    return schemaError("Unable to validate doc against " + schemaPath + "\n" + messages);
  return Status();
}

}  // namespace ifkit::conf
