// iface-define, iface-undefine, iface-edit: the commands that change stored definitions.
#include "commands.h"
#include "file_read.h"
#include "iface_lookup.h"
#include "ifkit/flags.h"
#include "option_values.h"
#include "session.h"

namespace ifkit::cli {
namespace {

bool defineCmd(Session& s, const ParsedCommand& cmd) {
  auto path = stringOption(s, cmd, "file");
  if (!path) return false;
  const unsigned flags = cmd.has("validate") ? kInterfaceDefineValidate : 0;
  auto text = readFile(*path);
  if (!text) {
    s.setFailure(text.error());
    return false;
  }
  auto iface = s.conn().defineXML(*text, flags);
  if (!iface) {
    s.error("Failed to define interface from " + *path);
    s.setFailure(iface.error());
    return false;
  }
  s.printExtra("Interface " + iface->name() + " defined from " + *path + "\n");
  return true;
}

bool undefineCmd(Session& s, const ParsedCommand& cmd) {
  std::string name;
  auto iface = lookupInterface(s, cmd, "interface", kByName | kByMac, &name);
  if (!iface) return false;
  if (Status st = iface->undefine(); !st) {
    s.error("Failed to undefine interface " + name);
    s.setFailure(st.error());
    return false;
  }
  s.printExtra("Interface " + name + " undefined\n");
  return true;
}

bool editCmd(Session& s, const ParsedCommand& cmd) {
  auto iface = lookupInterface(s, cmd, "interface", kByName | kByMac);
  if (!iface) return false;
  auto xml = iface->xmlDesc(kInterfaceXmlInactive);
  if (!xml) {
    s.setFailure(xml.error());
    return false;
  }
  // No driver yet returns the stored definition, so the editor round trip is still to come.
  s.error("iface-edit is not supported by ifkit yet");
  return false;
}

constexpr OptDef kDefineOpts[] = {
    {"file", OptType::Data, true, "file containing an XML interface description"},
    {"validate", OptType::Bool, false, "validate the XML against the schema"},
};
constexpr OptDef kIfaceOpts[] = {
    {"interface", OptType::Data, true, "interface name or MAC address"},
};

constexpr CommandDef kCommands[] = {
    {"iface-define",
     "define an inactive persistent physical host interface or modify an existing persistent one "
     "from an XML file",
     "Define or modify a persistent physical host interface.", kDefineOpts, &defineCmd},
    {"iface-undefine", "undefine a physical host interface (remove it from configuration)",
     "undefine an interface.", kIfaceOpts, &undefineCmd},
    {"iface-edit", "edit XML configuration for a physical host interface",
     "Edit the XML configuration for a physical host interface.", kIfaceOpts, &editCmd},
};

}  // namespace

std::span<const CommandDef> interfaceConfigCommands() { return kCommands; }

}  // namespace ifkit::cli
