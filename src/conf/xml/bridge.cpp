// SPDX-License-Identifier: LGPL-2.1-or-later
// <bridge> in both directions: stp, forward delay and the member interfaces.
#include "conf/xml/elements.h"

namespace ifkit::conf {

Result<BridgeDef> readBridge(xmlNode* iface) {
  xmlNode* element = firstChildElement(iface, "bridge");
  if (element == nullptr) return interfaceXmlError("bridge interface misses the bridge element");
  BridgeDef def;
  if (auto stp = propRead(element, "stp")) {
    // libvirt 9.0 accepts any other value and silently drops stp, delay and every member;
    // ifkit refuses it with libvirt's own message (DEVIATIONS.md D2).
    if (*stp == "on") def.stp = true;
    else if (*stp == "off") def.stp = false;
    else return interfaceXmlError("bridge interface stp should be on or off got " + *stp);
  }
  def.delay = propRead(element, "delay");
  for (xmlNode* member : childElements(element, "interface")) {
    auto parsed = readInterface(member, Nesting::InBridge);
    if (!parsed) return std::move(parsed).error();
    def.members.push_back(std::move(*parsed));
  }
  return def;
}

void writeBridge(XmlWriter& out, const BridgeDef& bridge) {
  out.begin("bridge");
  if (bridge.stp) out.attribute("stp", *bridge.stp ? "on" : "off");
  if (bridge.delay) out.attribute("delay", *bridge.delay);
  out.endOpen();
  for (const auto& member : bridge.members) writeInterface(out, member, Nesting::InBridge);
  out.close("bridge");
}

}  // namespace ifkit::conf
