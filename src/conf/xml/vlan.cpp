// SPDX-License-Identifier: LGPL-2.1-or-later
// <vlan> in both directions: the tag and the parent interface's name.
#include "conf/xml/elements.h"

namespace ifkit::conf {

Result<VlanDef> readVlan(xmlNode* iface) {
  xmlNode* element = firstChildElement(iface, "vlan");
  if (element == nullptr) return interfaceXmlError("vlan interface misses the vlan element");
  VlanDef def;
  auto tag = pathRead(element, "./@tag");
  if (!tag) return interfaceXmlError("vlan interface misses the tag attribute");
  def.tag = std::move(*tag);
  // The parent is known by name only; libvirt ignores its type and content.
  auto parent = pathRead(element, "./interface/@name");
  if (!parent) return interfaceXmlError("vlan interface misses name attribute");
  def.parent = std::move(*parent);
  return def;
}

void writeVlan(XmlWriter& out, const VlanDef& vlan) {
  out.begin("vlan");
  out.attribute("tag", vlan.tag);
  out.endOpen();
  out.begin("interface");
  out.attribute("name", vlan.parent);
  out.endEmpty();
  out.close("vlan");
}

}  // namespace ifkit::conf
