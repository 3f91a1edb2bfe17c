// SPDX-License-Identifier: LGPL-2.1-or-later
// InterfaceSummary: what `iface-list --json` and `iface-list --details` show of an interface,
// read from the XML the connection describes it with (the same as iface-dumpxml shows).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ifkit/interface.h"

namespace ifkit::cli {

struct AddressSummary {
  std::string family;  // "ipv4" or "ipv6", as <protocol family> says
  std::string address;
  std::optional<int> prefix;
};

struct InterfaceSummary {
  std::string name;
  bool active = false;
  std::string mac;                        // empty: none
  std::optional<std::string> kind;        // <interface type>; none if it could not be described
  std::optional<std::string> master;      // the listed bridge or bond that holds it
  std::vector<std::string> members;       // a bridge's ports, a bond's slaves
  std::optional<std::string> startMode;   // <start mode> of the inactive XML
  std::vector<AddressSummary> addresses;  // <protocol><ip> of the XML
};

// One summary a listed interface, in the list's order. `master` is filled in from the other
// listed interfaces' members. An interface whose XML cannot be had (it vanished meanwhile) keeps
// its name, state and MAC, and no kind.
std::vector<InterfaceSummary> summarize(const std::vector<Interface>& listed);

// `iface-list --json`: a JSON array of objects, with a final line feed.
std::string summariesAsJson(const std::vector<InterfaceSummary>& summaries);

// The columns `iface-list --details` adds to virsh's: kind, members, addresses ("-": none).
std::string summaryKind(const InterfaceSummary& s);
std::string summaryMembers(const InterfaceSummary& s);
std::string summaryAddresses(const InterfaceSummary& s);

}  // namespace ifkit::cli
