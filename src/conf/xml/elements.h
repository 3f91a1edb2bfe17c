// SPDX-License-Identifier: LGPL-2.1-or-later
// Private to src/conf: each element of the interface XML, read and written. Each file under
// xml/ holds one element in both directions, with the two functions in the same field order.
#pragma once

#include <libxml/tree.h>

#include "conf/interface_def.h"
#include "conf/xml/xml_writer.h"
#include "conf/xml_read.h"
#include "ifkit/error.h"

namespace ifkit::conf {

// Where an <interface> element sits: this decides which types it may have and what is read.
enum class Nesting { TopLevel, InBridge, InBond };

// interface.cpp: <interface> itself, <start>, <mtu>, <link>, <mac>.
Result<InterfaceDef> readInterface(xmlNode* element, Nesting nesting);
void writeInterface(XmlWriter& out, const InterfaceDef& def, Nesting nesting);

// protocol.cpp
Result<ProtocolDef> readProtocol(xmlNode* element);
void writeProtocol(XmlWriter& out, const ProtocolDef& protocol);

// bridge.cpp, bond.cpp, vlan.cpp: the type's own element, found under `iface`.
Result<BridgeDef> readBridge(xmlNode* iface);
void writeBridge(XmlWriter& out, const BridgeDef& bridge);
Result<BondDef> readBond(xmlNode* iface);
void writeBond(XmlWriter& out, const BondDef& bond);
Result<VlanDef> readVlan(xmlNode* iface);
void writeVlan(XmlWriter& out, const VlanDef& vlan);

}  // namespace ifkit::conf
