// SPDX-License-Identifier: LGPL-2.1-or-later
// makeBridgeXml, makeUnbridgedXml: the XML edits behind iface-bridge and iface-unbridge.
#include "bridge_xml.h"

#include <cstring>

#include "xml_handles.h"

namespace ifkit::cli {
namespace {

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

Error fail(std::string message) {
  return makeBareError(ErrorNumber::OperationFailed, ErrorDomain::None, std::move(message));
}

// The children that describe the physical device rather than the host's use of it: they
// belong to the member, not to the bridge above it.
bool isDeviceElement(const xmlNode* node) {
  if (node->type != XML_ELEMENT_NODE) return false;
  const char* name = reinterpret_cast<const char*>(node->name);
  return std::strcmp(name, "mac") == 0 || std::strcmp(name, "bond") == 0 ||
         std::strcmp(name, "vlan") == 0;
}

// Moves the device elements among `from`'s children to the end of `to`, keeping their order.
bool moveDeviceElements(xmlNode* from, xmlNode* to, std::string& error) {
  xmlNode* cur = from->children;
  while (cur != nullptr) {
    xmlNode* node = cur;
    cur = cur->next;
    if (!isDeviceElement(node)) continue;
    xmlUnlinkNode(node);
    if (xmlAddChild(to, node) == nullptr) {
      error = "Failed to move '" + std::string(reinterpret_cast<const char*>(node->name)) +
              "' element in xml document";
      xmlFreeNode(node);
      return false;
    }
  }
  return true;
}

// The whole document as virsh writes it before defining it (xmlDocDumpMemory, unformatted).
std::string dumpDocument(xmlDoc* doc) {
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpMemory(doc, &mem, &size);
  XmlCharPtr owned(mem);
  if (!owned || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(owned.get()), std::size_t(size));
}

bool setProp(xmlNode* node, const char* name, const std::string& value) {
  return xmlSetProp(node, X(name), X(value.c_str())) != nullptr;
}

// The first node `expr` selects from the root element, or nullptr.
xmlNode* findNode(xmlXPathContext* ctxt, const char* expr) {
  XmlXPathObjectPtr r(xmlXPathEval(X(expr), ctxt));
  if (!r || r->type != XPATH_NODESET || r->nodesetval == nullptr || r->nodesetval->nodeNr < 1)
    return nullptr;
  return r->nodesetval->nodeTab[0];
}

}  // namespace

Result<std::string> makeBridgeXml(std::string_view ifXml, const std::string& ifName,
                                  const std::string& brName, bool stp, unsigned delay) {
  XmlDocPtr doc = parseXml(ifXml, Blanks::Keep);
  xmlNode* top = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (top == nullptr) return fail("Failed to parse configuration of " + ifName);

  XmlCharPtr type(xmlGetProp(top, X("type")));
  if (!type) return fail("Existing device " + ifName + " has no type");
  const std::string ifType = reinterpret_cast<const char*>(type.get());
  if (ifType == "bridge") return fail("Existing device " + ifName + " is already a bridge");
  if (const std::string name = propOrNull(top, "name"); name != ifName) {
    return fail("Interface name from config " + name + " doesn't match given supplied name " +
                ifName);
  }

  xmlNode* bridge = xmlNewChild(top, nullptr, X("bridge"), nullptr);
  if (bridge == nullptr) return fail("Failed to create bridge node in xml document");
  if (!setProp(bridge, "stp", stp ? "on" : "off"))
    return fail("Failed to set stp attribute in xml document");
  // virsh formats the unsigned delay with %d: above INT_MAX it comes out negative.
  const std::string delayText = std::to_string(static_cast<int>(delay));
  if (stp && !setProp(bridge, "delay", delayText))
    return fail("Failed to set bridge delay " + delayText + " in xml document");
  if (!setProp(top, "type", "bridge"))
    return fail("Failed to set bridge interface type to 'bridge' in xml document");
  if (!setProp(top, "name", brName)) {
    return fail("Failed to set master bridge interface name to '" + brName + "' in xml document");
  }

  xmlNode* member = xmlNewChild(bridge, nullptr, X("interface"), nullptr);
  if (member == nullptr)
    return fail("Failed to create interface node under bridge node in xml document");
  if (!setProp(member, "type", ifType)) {
    return fail("Failed to set new attached interface type to '" + ifType + "' in xml document");
  }
  if (!setProp(member, "name", ifName)) {
    return fail("Failed to set new attached interface name to '" + ifName + "' in xml document");
  }
  std::string error;
  if (!moveDeviceElements(top, member, error)) return fail(error);

  std::string out = dumpDocument(doc.get());
  if (out.empty()) return fail("Failed to format new xml document for bridge " + brName);
  return out;
}

Result<DetachedXml> makeUnbridgedXml(std::string_view brXml, const std::string& brName) {
  XmlDocPtr doc = parseXml(brXml, Blanks::Keep);
  xmlNode* top = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (top == nullptr) return fail("Failed to parse configuration of " + brName);

  XmlCharPtr type(xmlGetProp(top, X("type")));
  if (!type) return fail("Existing device " + brName + " has no type");
  if (std::strcmp(reinterpret_cast<const char*>(type.get()), "bridge") != 0)
    return fail("Device " + brName + " is not a bridge");
  if (const std::string name = propOrNull(top, "name"); name != brName) {
    return fail("Interface name from config " + name + " doesn't match given supplied name " +
                brName);
  }

  XmlXPathContextPtr ctxt = newXPathContext(doc.get());
  if (!ctxt) return fail("Failed to parse configuration of " + brName);
  if (findNode(ctxt.get(), "./bridge") == nullptr) return fail("No bridge node in xml document");
  if (findNode(ctxt.get(), "./bridge/interface[2]") != nullptr)
    return fail("Multiple interfaces attached to bridge");
  xmlNode* member = findNode(ctxt.get(), "./bridge/interface");
  if (member == nullptr) return fail("No interface attached to bridge");

  XmlCharPtr memberName(xmlGetProp(member, X("name")));
  if (!memberName) return fail("Device attached to bridge " + brName + " has no name");
  DetachedXml out;
  out.name = reinterpret_cast<const char*>(memberName.get());
  XmlCharPtr memberType(xmlGetProp(member, X("type")));
  if (!memberType) return fail("Attached device " + out.name + " has no type");
  const std::string memberTypeText = reinterpret_cast<const char*>(memberType.get());
  if (!setProp(top, "type", memberTypeText))
    return fail("Failed to set interface type to '" + memberTypeText + "' in xml document");
  if (!setProp(top, "name", out.name))
    return fail("Failed to set interface name to '" + out.name + "' in xml document");
  std::string error;
  if (!moveDeviceElements(member, top, error)) return fail(error);

  out.xml = dumpDocument(doc.get());
  if (out.xml.empty())
    return fail("Failed to format new xml document for detached interface " + out.name);
  return out;
}

}  // namespace ifkit::cli
