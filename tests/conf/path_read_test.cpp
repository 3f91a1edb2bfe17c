// SPDX-License-Identifier: LGPL-2.1-or-later
// pathRead walks the tree where libvirt evaluates XPath: on tricky documents (namespaces, a first
// element without the attribute, "[1]", entities, empty values), every path must read exactly
// what libxml2's own "string(PATH)" reads.
#include <gtest/gtest.h>
#include <libxml/xpath.h>

#include <memory>
#include <optional>
#include <string>

#include "conf/xml_doc.h"
#include "conf/xml_read.h"

namespace ifkit::conf {
namespace {

// libvirt's virXPathString: "string(PATH)" from the element, empty read as absent.
std::optional<std::string> readByXPath(xmlDoc* doc, xmlNode* element, std::string_view path) {
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> ctxt(xmlXPathNewContext(doc),
                                                                        &xmlXPathFreeContext);
  if (!ctxt) return std::nullopt;
  ctxt->node = element;
  const std::string expr = std::string("string(").append(path).append(")");
  std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
      xmlXPathEval(reinterpret_cast<const xmlChar*>(expr.c_str()), ctxt.get()),
      &xmlXPathFreeObject);
  if (!result || result->type != XPATH_STRING || result->stringval == nullptr ||
      result->stringval[0] == 0)
    return std::nullopt;
  return std::string(reinterpret_cast<const char*>(result->stringval));
}

constexpr AttributePath kPaths[] = {
    "./@a",     "./@b",        "./c/@a",   "./c[1]/@a", "./c/@b",     "./d/@a",
    "./c/d/@a", "./c[1]/d/@a", "./d/c/@a", "./c/c/@a",  "./c/d/e/@a",
};

constexpr const char* kDocuments[] = {
    "<r a='1'/>",
    "<r a=''/>",
    "<r a=' '/>",
    "<r a='line\nbreak\ttab'/>",
    // An attribute in a namespace has another name, prefixed or not first.
    "<r xmlns:x='urn:x' x:a='ns'/>",
    "<r xmlns:x='urn:x' x:a='ns' a='plain'/>",
    "<r xmlns:x='urn:x' a='plain' x:a='ns'/>",
    "<r xml:a='xml'/>",
    // A default namespace puts elements in it, never attributes.
    "<r xmlns='urn:d' a='1'><c a='2'/></r>",
    "<r xmlns='urn:d'><c xmlns='' a='undeclared'/></r>",
    "<r xmlns:x='urn:x'><x:c a='ns'/><c a='plain'/></r>",
    "<r xmlns:x='urn:x'><c x:a='ns'/><c a='plain'/></r>",
    // Repeated elements: the first attribute in document order, "[1]" only the first element.
    "<r><c/><c a='second'/></r>",
    "<r><c b='1'/><c a='2' b='3'/><c a='4'/></r>",
    "<r><c a=''/><c a='second'/></r>",
    "<r><!--note--><?pi x?>text<![CDATA[c]]><c a='after others'/></r>",
    "<r><c><c a='grandchild'/></c><c a='child'/></r>",
    "<r><c><d/></c><c><d a='deep'/><d a='later'/></c></r>",
    "<r><c><d a='first'/></c><c><d a='second'/></c></r>",
    "<r><d><c a='dc'/></d><c><d a='cd'/></c></r>",
    "<r><c><d><e/></d><d><e a='e2'/></d></c></r>",
    // Entities stay references in the tree (no XML_PARSE_NOENT) and expand when read.
    ("<!DOCTYPE r [<!ENTITY e 'xyz'><!ENTITY n '&e;-&e;'><!ENTITY z ''>]>"
     "<r a='p&e;q'><c a='&z;'/><c a='&n;'/><d a='&#65;&amp;&lt;&gt;&quot;'/></r>"),
    "<!DOCTYPE r [<!ENTITY z ''>]><r a='&z;' b='&z;&z;'><c a='&z;x'/></r>",
    // A DTD default is no attribute of the tree.
    "<!DOCTYPE r [<!ATTLIST c a CDATA 'default'><!ATTLIST r b CDATA 'rb'>]><r><c/><c a='own'/></r>",
};

TEST(PathRead, ReadsWhatLibxml2XPathReads) {
  int found = 0;
  for (const char* text : kDocuments) {
    auto doc = parseXmlDocument(text, 1 << 20);
    ASSERT_TRUE(doc.ok()) << text;
    xmlNode* root = xmlDocGetRootElement(doc->get());
    for (const AttributePath& path : kPaths) {
      const auto expected = readByXPath(doc->get(), root, path.text());
      EXPECT_EQ(pathRead(root, path), expected) << text << "  " << path.text();
      if (expected) ++found;
    }
  }
  EXPECT_GE(found, 30);  // the comparison is not only of absences
}

TEST(PathRead, TakesTheFirstAttributeInDocumentOrder) {
  auto doc = parseXmlDocument("<r><m/><m freq='2'/><m freq='3' up='4'/><route/><route gw='g'/></r>",
                              1 << 20);
  ASSERT_TRUE(doc.ok());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  EXPECT_EQ(pathRead(root, "./m/@freq"), "2");
  EXPECT_EQ(pathRead(root, "./m/@up"), "4");
  EXPECT_EQ(pathRead(root, "./route/@gw"), "g");
  EXPECT_EQ(pathRead(root, "./route[1]/@gw"), std::nullopt);
}

TEST(PathRead, PathsAreParsedWhenCompiled) {
  constexpr AttributePath path("./a[1]/b/@c");
  static_assert(path.elementSteps().size() == 2);
  static_assert(path.elementSteps()[0].name == "a" && path.elementSteps()[0].firstOnly);
  static_assert(path.elementSteps()[1].name == "b" && !path.elementSteps()[1].firstOnly);
  static_assert(path.attribute() == "c");
  static_assert(AttributePath("./@tag").elementSteps().empty());
  // "a/@b", "./a[2]/@b", "./a", "./@b/c", ".//a/@b" and "./x:a/@b" do not compile.
}

}  // namespace
}  // namespace ifkit::conf
