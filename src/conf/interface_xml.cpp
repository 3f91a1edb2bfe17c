// SPDX-License-Identifier: LGPL-2.1-or-later
// The conf layer's entry points: document to InterfaceDef and back.
#include "conf/interface_xml.h"

#include <libxml/parser.h>

#include "conf/schema.h"
#include "conf/xml/elements.h"
#include "conf/xml_doc.h"

namespace ifkit::conf {

Result<InterfaceDef> parseInterfaceXml(std::string_view xml, const ParseFlags& flags) {
  auto doc = parseXmlDocument(xml, kMaxDocumentBytes);
  if (!doc) return std::move(doc).error();

  xmlNode* root = xmlDocGetRootElement(doc->get());
  // The local name decides, whatever the namespace; an undeclared prefix stays in the name.
  if (localName(root) != "interface")
    return makeError(ErrorNumber::XmlError, ErrorDomain::Xml,
                     "expecting root element of 'interface', not '" +
                         std::string(localName(root)) + "'");

  if (flags.validateSchema) {
    if (Status valid = validateAgainstSchema(doc->get(), flags.schemaPath); !valid)
      return std::move(valid).error();
  }

  return readInterface(root, Nesting::TopLevel);
}

std::string formatInterfaceXml(const InterfaceDef& def) {
  XmlWriter out;
  writeInterface(out, def, Nesting::TopLevel);
  return out.take();
}

}  // namespace ifkit::conf
