// SPDX-License-Identifier: LGPL-2.1-or-later
// iface-bridge, iface-unbridge: put an interface under a new bridge, or take it back out.
#include "bridge_xml.h"
#include "commands.h"
#include "iface_lookup.h"
#include "ifkit/flags.h"
#include "option_values.h"
#include "session.h"

namespace ifkit::cli {
namespace {

bool bridgeCmd(Session& s, const ParsedCommand& cmd) {
  std::string ifName;
  auto iface = lookupInterface(s, cmd, "interface", kByName, &ifName);
  if (!iface) return false;
  auto brName = stringOption(s, cmd, "bridge");
  if (!brName) return false;
  // The new name must be free; a failed lookup is the good outcome here, not an error to show.
  if (s.conn().lookupByName(*brName)) {
    s.error("Network device " + *brName + " already exists");
    return false;
  }
  const bool stp = !cmd.has("no-stp");
  auto delay = uintOption(s, cmd, "delay", 0);
  if (!delay) return false;
  const bool start = !cmd.has("no-start");
  auto ifXml = iface->xmlDesc(kInterfaceXmlInactive);
  if (!ifXml) {
    s.setFailure(ifXml.error());
    return false;
  }
  auto brXml = makeBridgeXml(*ifXml, ifName, *brName, stp, *delay);
  if (!brXml) {
    s.error(brXml.error().message);
    return false;
  }
  // virsh neither undefines nor stops the interface itself: defining the bridge over it is
  // the whole change to the configuration, and starting the bridge takes the member over.
  auto bridge = s.conn().defineXML(*brXml, 0);
  if (!bridge) {
    s.error("Failed to define new bridge interface " + *brName);
    s.setFailure(bridge.error());
    return false;
  }
  s.printExtra("Created bridge " + *brName + " with attached device " + ifName + "\n");
  if (!start) return true;
  if (Status st = bridge->create(0); !st) {
    s.error("Failed to start bridge interface " + *brName);
    s.setFailure(st.error());
    return false;
  }
  s.printExtra("Bridge interface " + *brName + " started\n");
  return true;
}

bool unbridgeCmd(Session& s, const ParsedCommand& cmd) {
  std::string brName;
  auto bridge = lookupInterface(s, cmd, "bridge", kByName, &brName);
  if (!bridge) return false;
  const bool start = !cmd.has("no-start");
  auto brXml = bridge->xmlDesc(kInterfaceXmlInactive);
  if (!brXml) {
    s.setFailure(brXml.error());
    return false;
  }
  auto detached = makeUnbridgedXml(*brXml, brName);
  if (!detached) {
    s.error(detached.error().message);
    return false;
  }
  // The member cannot be defined on its own while the bridge definition still claims it, so
  // the bridge goes first: stopped, then undefined, as virsh does it.
  if (Status st = bridge->destroy(0); !st) {
    s.error("Failed to destroy bridge interface " + brName);
    s.setFailure(st.error());
    return false;
  }
  if (Status st = bridge->undefine(); !st) {
    s.error("Failed to undefine bridge interface " + brName);
    s.setFailure(st.error());
    return false;
  }
  auto iface = s.conn().defineXML(detached->xml, 0);
  if (!iface) {
    s.error("Failed to define new interface " + detached->name);
    s.setFailure(iface.error());
    return false;
  }
  s.printExtra("Device " + detached->name + " un-attached from bridge " + brName + "\n");
  // On a real host, stopping the bridge gave the device back the addresses and routes it took
  // over: it runs already, with what its new definition holds, and a start would be refused.
  auto running = iface->isActive();
  if (!start || (running && *running)) return true;
  if (Status st = iface->create(0); !st) {
    s.error("Failed to start interface " + detached->name);
    s.setFailure(st.error());
    return false;
  }
  s.printExtra("Interface " + detached->name + " started\n");
  return true;
}

constexpr OptDef kBridgeOpts[] = {
    {"interface", OptType::Data, true, "existing interface name"},
    {"bridge", OptType::Data, true, "new bridge device name"},
    {"no-stp", OptType::Bool, false, "do not enable STP for this bridge"},
    {"delay", OptType::Int, false, "number of seconds to squelch traffic on newly connected ports"},
    {"no-start", OptType::Bool, false, "don't start the bridge immediately"},
};
constexpr OptDef kUnbridgeOpts[] = {
    {"bridge", OptType::Data, true, "current bridge device name"},
    {"no-start", OptType::Bool, false,
     "don't start the detached interface immediately (not recommended)"},
};

constexpr CommandDef kCommands[] = {
    {"iface-bridge", "create a bridge device and attach an existing network device to it",
     "bridge an existing network device", kBridgeOpts, &bridgeCmd},
    {"iface-unbridge", "undefine a bridge device after detaching its device(s)",
     "unbridge a network device", kUnbridgeOpts, &unbridgeCmd},
};

}  // namespace

std::span<const CommandDef> interfaceBridgeCommands() { return kCommands; }

}  // namespace ifkit::cli
