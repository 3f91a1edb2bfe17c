// SPDX-License-Identifier: LGPL-2.1-or-later
// iface-list, iface-name, iface-mac, iface-dumpxml: the commands that only read.
#include <algorithm>

#include "commands.h"
#include "iface_lookup.h"
#include "interface_summary.h"
#include "ifkit/flags.h"
#include "session.h"
#include "table.h"
#include "xpath_dump.h"

namespace ifkit::cli {
namespace {

// virsh sorts by name, ignoring ASCII case, byte by byte.
bool lessIgnoringAsciiCase(const std::string& a, const std::string& b) {
  auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : int(c); };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return lower(x) < lower(y); });
}

bool listCmd(Session& s, const ParsedCommand& cmd) {
  if (cmd.has("all") && cmd.has("inactive")) {
    s.error("Options --all and --inactive are mutually exclusive");
    return false;
  }
  if (cmd.has("json") && cmd.has("details")) {
    s.error("Options --json and --details are mutually exclusive");
    return false;
  }
  unsigned flags = kListInterfacesActive;
  if (cmd.has("inactive")) flags = kListInterfacesInactive;
  if (cmd.has("all")) flags = kListInterfacesInactive | kListInterfacesActive;
  // The states with the listing: virsh asks isActive of each row; ifkit:///system answers
  // all from one look at the host (over a daemon it is still asked of each, as virsh does).
  auto list = s.conn().listAllInterfacesWithState(flags);
  if (!list) {
    s.error("Failed to list interfaces");
    s.setFailure(list.error());
    return false;
  }
  // The rows in virsh's order, as pointers: sorting the rows themselves moves each (88 bytes)
  // through a buffer as large as half the list.
  std::vector<const ListedInterface*> rows;
  rows.reserve(list->size());
  for (const ListedInterface& row : *list) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const ListedInterface* a, const ListedInterface* b) {
                     return lessIgnoringAsciiCase(a->interface.name(), b->interface.name());
                   });
  if (cmd.has("json") || cmd.has("details")) {
    // Both describe each interface from its XML (interface_summary.h): the handles suffice.
    std::vector<Interface> handles;
    for (const ListedInterface* row : rows) handles.push_back(row->interface);
    if (cmd.has("json")) {
      s.print(summariesAsJson(summarize(handles)));
      return true;
    }
    Table table({"Name", "State", "MAC Address", "Kind", "Members", "Addresses"});
    for (const InterfaceSummary& i : summarize(handles))
      table.addRow({i.name, i.active ? "active" : "inactive", i.mac, summaryKind(i),
                    summaryMembers(i), summaryAddresses(i)});
    s.print(table.render(!s.quiet()));
    return true;
  }
  Table table({"Name", "State", "MAC Address"});
  table.reserve(rows.size(), 15 + 8 + 17);  // a kernel's name at most, "inactive", a MAC
  for (const ListedInterface* row : rows)
    table.addRow(
        {row->interface.name(), row->active ? "active" : "inactive", row->interface.macString()});
  s.print(table.render(!s.quiet()));
  return true;
}

bool nameCmd(Session& s, const ParsedCommand& cmd) {
  auto iface = lookupInterface(s, cmd, "interface", kByMac);
  if (!iface) return false;
  s.print(iface->name() + "\n");
  return true;
}

bool macCmd(Session& s, const ParsedCommand& cmd) {
  auto iface = lookupInterface(s, cmd, "interface", kByName);
  if (!iface) return false;
  s.print(iface->macString() + "\n");
  return true;
}

bool dumpxmlCmd(Session& s, const ParsedCommand& cmd) {
  const unsigned flags = cmd.has("inactive") ? kInterfaceXmlInactive : 0;
  auto iface = lookupInterface(s, cmd, "interface", kByName | kByMac);
  if (!iface) return false;
  // virsh reads --xpath quietly: an empty expression fails the command without a word.
  const std::string* xpath = cmd.find("xpath");
  if (xpath != nullptr && xpath->empty()) return false;
  auto xml = iface->xmlDesc(flags);
  if (!xml) {
    s.setFailure(xml.error());
    return false;
  }
  if (xpath == nullptr) {
    s.print(*xml);
    return true;
  }
  auto filtered = dumpXPath(*xml, *xpath, cmd.has("wrap"));
  if (!filtered) {
    if (!filtered.error().message.empty()) s.setFailure(filtered.error());
    return false;
  }
  s.print(*filtered);
  return true;
}

constexpr OptDef kListOpts[] = {
    {"inactive", OptType::Bool, false, "list inactive interfaces"},
    {"all", OptType::Bool, false, "list inactive & active interfaces"},
    {"json", OptType::Bool, false,
     "print the list as JSON, with kind, members, addresses (ifkit, beyond virsh)"},
    {"details", OptType::Bool, false,
     "add the kind, members and addresses to the table (ifkit, beyond virsh)"},
};
constexpr OptDef kNameOpts[] = {{"interface", OptType::Data, true, "interface mac"}};
constexpr OptDef kMacOpts[] = {{"interface", OptType::Data, true, "interface name"}};
constexpr OptDef kDumpxmlOpts[] = {
    {"interface", OptType::Data, true, "interface name or MAC address"},
    {"inactive", OptType::Bool, false, "show inactive defined XML"},
    {"xpath", OptType::String, false, "xpath expression to filter the XML document"},
    {"wrap", OptType::Bool, false, "wrap xpath results in an common root element"},
};

constexpr CommandDef kCommands[] = {
    {"iface-list", "list physical host interfaces", "Returns list of physical host interfaces.",
     kListOpts, &listCmd},
    {"iface-name", "convert an interface MAC address to interface name", "", kNameOpts, &nameCmd},
    {"iface-mac", "convert an interface name to interface MAC address", "", kMacOpts, &macCmd},
    {"iface-dumpxml", "interface information in XML",
     "Output the physical host interface information as an XML dump to stdout.", kDumpxmlOpts,
     &dumpxmlCmd},
};

}  // namespace

std::span<const CommandDef> interfaceQueryCommands() { return kCommands; }

}  // namespace ifkit::cli
