// SPDX-License-Identifier: LGPL-2.1-or-later
// <bond> in both directions: mode, the link monitor (miimon or arpmon) and the slaves.
#include <string>

#include "conf/xml/elements.h"

namespace ifkit::conf {
namespace {

// libvirt writes downdelay and updelay only when positive; keep the model the same way so that
// parse(format(d)) == d.
int positiveOrZero(int value) { return value > 0 ? value : 0; }

Result<MiimonDef> readMiimon(xmlNode* bond) {
  MiimonDef def;
  auto freq = pathRead(bond, "./miimon/@freq");
  auto freqValue = freq ? parseI32(*freq) : std::nullopt;
  if (!freqValue) return interfaceXmlError("bond interface miimon freq missing or invalid");
  def.freq = *freqValue;

  if (auto downDelay = pathRead(bond, "./miimon/@downdelay")) {
    auto value = parseI32(*downDelay);
    if (!value) return interfaceXmlError("bond interface miimon downdelay invalid");
    def.downDelay = positiveOrZero(*value);
  }
  if (auto upDelay = pathRead(bond, "./miimon/@updelay")) {
    auto value = parseI32(*upDelay);
    if (!value) return interfaceXmlError("bond interface miimon updelay invalid");
    def.upDelay = positiveOrZero(*value);
  }
  if (auto carrier = pathRead(bond, "./miimon/@carrier")) {
    def.carrier = parseWord<MiiCarrier>(*carrier);
    if (!def.carrier) return interfaceXmlError("unknown mii bonding carrier " + *carrier);
  }
  return def;
}

Result<ArpmonDef> readArpmon(xmlNode* bond) {
  ArpmonDef def;
  auto interval = pathRead(bond, "./arpmon/@interval");
  auto intervalValue = interval ? parseI32(*interval) : std::nullopt;
  if (!intervalValue) return interfaceXmlError("bond interface arpmon interval missing or invalid");
  def.interval = *intervalValue;

  auto target = pathRead(bond, "./arpmon/@target");
  if (!target) return interfaceXmlError("bond interface arpmon target missing");
  def.target = std::move(*target);

  if (auto validate = pathRead(bond, "./arpmon/@validate")) {
    def.validate = parseWord<ArpValidate>(*validate);
    if (!def.validate) return interfaceXmlError("unknown arp bonding validate " + *validate);
  }
  return def;
}

}  // namespace

Result<BondDef> readBond(xmlNode* iface) {
  xmlNode* element = firstChildElement(iface, "bond");
  if (element == nullptr) return interfaceXmlError("bond interface misses the bond element");
  BondDef def;
  if (auto mode = pathRead(element, "./@mode")) {
    def.mode = parseWord<BondMode>(*mode);
    if (!def.mode) return interfaceXmlError("unknown bonding mode " + *mode);
  }
  // Slaves come before the monitor: their errors win (order-bond-slaves-before-miimon).
  for (xmlNode* slave : childElements(element, "interface")) {
    auto parsed = readInterface(slave, Nesting::InBond);
    if (!parsed) return std::move(parsed).error();
    def.slaves.push_back(std::move(*parsed));
  }
  // miimon wins whatever the order; an arpmon beside it is not even read.
  if (hasChildElement(element, "miimon")) {
    auto miimon = readMiimon(element);
    if (!miimon) return std::move(miimon).error();
    def.monitor = *miimon;
  } else if (hasChildElement(element, "arpmon")) {
    auto arpmon = readArpmon(element);
    if (!arpmon) return std::move(arpmon).error();
    def.monitor = std::move(*arpmon);
  }
  return def;
}

void writeBond(XmlWriter& out, const BondDef& bond) {
  out.begin("bond");
  if (bond.mode) out.attribute("mode", wordOf(*bond.mode));
  out.endOpen();
  if (const auto* mii = std::get_if<MiimonDef>(&bond.monitor)) {
    out.begin("miimon");
    out.attribute("freq", std::to_string(mii->freq));
    if (mii->downDelay > 0) out.attribute("downdelay", std::to_string(mii->downDelay));
    if (mii->upDelay > 0) out.attribute("updelay", std::to_string(mii->upDelay));
    if (mii->carrier) out.attribute("carrier", wordOf(*mii->carrier));
    out.endEmpty();
  } else if (const auto* arp = std::get_if<ArpmonDef>(&bond.monitor)) {
    out.begin("arpmon");
    out.attribute("interval", std::to_string(arp->interval));
    out.attribute("target", arp->target);
    if (arp->validate) out.attribute("validate", wordOf(*arp->validate));
    out.endEmpty();
  }
  for (const auto& slave : bond.slaves) writeInterface(out, slave, Nesting::InBond);
  out.close("bond");
}

}  // namespace ifkit::conf
