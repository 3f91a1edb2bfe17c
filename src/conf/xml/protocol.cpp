// SPDX-License-Identifier: LGPL-2.1-or-later
// <protocol> in both directions: family, autoconf, dhcp, addresses and the default route.
#include "conf/xml/elements.h"

namespace ifkit::conf {

Result<ProtocolDef> readProtocol(xmlNode* element) {
  ProtocolDef def;
  auto family = propRead(element, "family");
  if (!family) return interfaceXmlError("protocol misses the family attribute");
  auto parsedFamily = parseWord<Family>(*family);
  if (!parsedFamily) return interfaceXmlError("unsupported protocol family '" + *family + "'");
  def.family = *parsedFamily;

  // Only the first <route> is consulted, even when it has no gateway and a later one has.
  def.gateway = pathRead(element, "./route[1]/@gateway");

  if (def.family == Family::Ipv6) def.autoconf = hasChildElement(element, "autoconf");

  if (xmlNode* dhcp = firstChildElement(element, "dhcp")) {
    DhcpDef dhcpDef;
    if (auto peerDns = propRead(dhcp, "peerdns")) {
      if (*peerDns == "yes") dhcpDef.peerDns = true;
      else if (*peerDns == "no") dhcpDef.peerDns = false;
      else return invalidAttributeError("peerdns", localName(dhcp), *peerDns);
    }
    def.dhcp = dhcpDef;
  }

  for (xmlNode* ip : childElements(element, "ip")) {
    auto address = propRead(ip, "address");
    if (!address) continue;  // libvirt skips the element whole, its prefix unread
    IpDef ipDef{std::move(*address), 0};
    if (auto prefix = propRead(ip, "prefix")) {
      // C's base detection, as libvirt's reader: 0x18 and 030 are both 24.
      auto value = parseIntAutoBase(*prefix);
      if (!value)
        return invalidAttributeError("prefix", localName(ip), *prefix, "Expected integer value");
      ipDef.prefix = *value;
    }
    def.ips.push_back(std::move(ipDef));
  }
  return def;
}

void writeProtocol(XmlWriter& out, const ProtocolDef& protocol) {
  out.begin("protocol");
  out.attribute("family", wordOf(protocol.family));
  out.endOpen();
  if (protocol.autoconf && protocol.family == Family::Ipv6) {
    out.begin("autoconf");
    out.endEmpty();
  }
  if (protocol.dhcp) {
    out.begin("dhcp");
    if (protocol.dhcp->peerDns) out.attribute("peerdns", *protocol.dhcp->peerDns ? "yes" : "no");
    out.endEmpty();
  }
  for (const auto& ip : protocol.ips) {
    out.begin("ip");
    out.attribute("address", ip.address);
    if (ip.prefix != 0) out.attribute("prefix", std::to_string(ip.prefix));
    out.endEmpty();
  }
  if (protocol.gateway) {
    out.begin("route");
    out.attribute("gateway", *protocol.gateway);
    out.endEmpty();
  }
  out.close("protocol");
}

}  // namespace ifkit::conf
