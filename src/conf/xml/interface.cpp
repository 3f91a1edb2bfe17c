// SPDX-License-Identifier: LGPL-2.1-or-later
// <interface> in both directions, with the small elements that belong to it directly:
// <start>, <mtu>, <link> and <mac>.
#include <string>

#include "conf/xml/elements.h"

namespace ifkit::conf {
namespace {

// libvirt refuses larger MTUs at define time (no link type supports more).
constexpr std::uint32_t kMaxMtu = 100000;

Result<KindDef> readKindType(xmlNode* element) {
  auto type = propRead(element, "type");
  if (!type) return missingAttributeError("type", localName(element));
  if (*type == "ethernet") return KindDef{EthernetDef{}};
  if (*type == "bridge") return KindDef{BridgeDef{}};
  if (*type == "bond") return KindDef{BondDef{}};
  if (*type == "vlan") return KindDef{VlanDef{}};
  return invalidAttributeError("type", localName(element), *type);
}

// Inside a bridge: ethernet, bond or vlan. Inside a bond: ethernet only.
bool allowedIn(Nesting nesting, const KindDef& kind) {
  switch (nesting) {
    case Nesting::TopLevel: return true;
    case Nesting::InBridge: return !std::holds_alternative<BridgeDef>(kind);
    case Nesting::InBond: return std::holds_alternative<EthernetDef>(kind);
  }
  return false;
}

Result<std::optional<StartMode>> readStart(xmlNode* element) {
  auto mode = pathRead(element, "./start/@mode");
  if (!mode) return std::optional<StartMode>{};
  auto value = parseWord<StartMode>(*mode);
  if (!value) return interfaceXmlError("unknown interface startmode " + *mode);
  return std::optional<StartMode>{*value};
}

Result<std::uint32_t> readMtu(xmlNode* element) {
  auto size = pathRead(element, "./mtu/@size");
  if (!size) return 0u;
  auto value = parseU32(*size);
  // libvirt 9.0 reports a malformed size as an unknown error; ifkit names it (DEVIATIONS D3).
  if (!value)
    return invalidAttributeError("size", "mtu", *size, "Expected non-negative integer value");
  if (*value > kMaxMtu)
    return interfaceXmlError(
        "value of the 'size' attribute of 'mtu' element must be at most 100000");
  return *value;
}

// Only the first <link> counts. state is read before speed, which decides which error wins.
Result<std::optional<LinkDef>> readLink(xmlNode* element) {
  xmlNode* link = firstChildElement(element, "link");
  if (link == nullptr) return std::optional<LinkDef>{};
  LinkDef def;
  if (auto state = propRead(link, "state"); state && !state->empty()) {
    def.state = parseWord<LinkState>(*state);
    if (!def.state) return invalidAttributeError("state", localName(link), *state);
  }
  if (auto speed = propRead(link, "speed")) {
    auto value = parseU32(*speed);
    if (!value)
      return invalidAttributeError("speed", localName(link), *speed,
                                   "Expected non-negative integer value");
    def.speed = *value;
  }
  // An element with nothing set prints as nothing; keep the model the same way.
  if (def.speed == 0 && !def.state) return std::optional<LinkDef>{};
  return std::optional<LinkDef>{def};
}

Result<KindDef> readKindContent(xmlNode* element, KindDef kind) {
  switch (kind.index()) {
    case 0:
      return KindDef{EthernetDef{pathRead(element, "./mac/@address")}};
    case 1: {
      auto bridge = readBridge(element);
      if (!bridge) return std::move(bridge).error();
      return KindDef{std::move(*bridge)};
    }
    case 2: {
      auto bond = readBond(element);
      if (!bond) return std::move(bond).error();
      return KindDef{std::move(*bond)};
    }
    default: {
      auto vlan = readVlan(element);
      if (!vlan) return std::move(vlan).error();
      return KindDef{std::move(*vlan)};
    }
  }
}

void writeLink(XmlWriter& out, const LinkDef& link) {
  if (link.speed == 0 && !link.state) return;  // libvirt writes the element only with content
  out.begin("link");
  if (link.speed != 0) out.attribute("speed", std::to_string(link.speed));
  if (link.state) out.attribute("state", wordOf(*link.state));
  out.endEmpty();
}

}  // namespace

Result<InterfaceDef> readInterface(xmlNode* element, Nesting nesting) {
  InterfaceDef def;
  auto kind = readKindType(element);
  if (!kind) return std::move(kind).error();
  if (!allowedIn(nesting, *kind))
    return interfaceXmlError(std::string("interface has unsupported type '") + typeName(*kind) +
                             "'");

  auto name = propRead(element, "name");
  if (!name) return interfaceXmlError("interface has no name");
  def.name = std::move(*name);

  // Only the top level carries start mode, mtu and protocols: nested interfaces inherit them,
  // and libvirt does not even read them there (so invalid ones pass unnoticed).
  if (nesting == Nesting::TopLevel) {
    auto start = readStart(element);
    if (!start) return std::move(start).error();
    def.startMode = *start;

    auto mtu = readMtu(element);
    if (!mtu) return std::move(mtu).error();
    def.mtu = *mtu;

    for (xmlNode* child : childElements(element, "protocol")) {
      auto protocol = readProtocol(child);
      if (!protocol) return std::move(protocol).error();
      def.protocols.push_back(std::move(*protocol));
    }
  }

  // A bridge has no <link>: libvirt neither reads nor writes it.
  if (!std::holds_alternative<BridgeDef>(*kind)) {
    auto link = readLink(element);
    if (!link) return std::move(link).error();
    def.link = *link;
  }

  auto content = readKindContent(element, std::move(*kind));
  if (!content) return std::move(content).error();
  def.kind = std::move(*content);
  return def;
}

void writeInterface(XmlWriter& out, const InterfaceDef& def, Nesting nesting) {
  out.begin("interface");
  out.attribute("type", typeName(def.kind));
  out.attribute("name", def.name);
  out.endOpen();
  if (nesting == Nesting::TopLevel) {
    if (def.startMode) {
      out.begin("start");
      out.attribute("mode", wordOf(*def.startMode));
      out.endEmpty();
    }
    if (def.mtu != 0) {
      out.begin("mtu");
      out.attribute("size", std::to_string(def.mtu));
      out.endEmpty();
    }
    for (const auto& protocol : def.protocols) writeProtocol(out, protocol);
  }
  if (def.link && !def.isBridge()) writeLink(out, *def.link);
  if (const auto* ethernet = std::get_if<EthernetDef>(&def.kind)) {
    if (ethernet->mac) {
      out.begin("mac");
      out.attribute("address", *ethernet->mac);
      out.endEmpty();
    }
  } else if (const auto* bridge = std::get_if<BridgeDef>(&def.kind)) {
    writeBridge(out, *bridge);
  } else if (const auto* bond = std::get_if<BondDef>(&def.kind)) {
    writeBond(out, *bond);
  } else {
    writeVlan(out, std::get<VlanDef>(def.kind));
  }
  out.close("interface");
}

}  // namespace ifkit::conf
