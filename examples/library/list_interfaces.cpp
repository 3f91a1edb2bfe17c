// SPDX-License-Identifier: LGPL-2.1-or-later
// examples/library/list_interfaces.cpp: a program built against the installed libifkit, as a
// user of the library would write it. Prints every interface of a connection with its state and
// MAC, as `virsh iface-list --all` does, and the XML of the first one.
//
//   list_interfaces [URI]          (default: test:///default, an in-memory host)
#include <ifkit/ifkit.h>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  const char* uri = argc > 1 ? argv[1] : "test:///default";
  ifkit::Result<ifkit::Connection> conn = ifkit::Connection::open(uri, /*readOnly=*/true);
  if (!conn) {
    std::cerr << "error: " << conn.error().message << '\n';
    return 1;
  }
  ifkit::Result<std::vector<ifkit::Interface>> ifaces = conn->listAllInterfaces(0);
  if (!ifaces) {
    std::cerr << "error: " << ifaces.error().message << '\n';
    return 1;
  }
  for (const ifkit::Interface& iface : *ifaces) {
    ifkit::Result<bool> active = iface.isActive();
    std::cout << iface.name() << ' ' << (active && *active ? "active" : "inactive") << ' '
              << iface.macString() << '\n';
  }
  // A lookup that fails carries libvirt's error number and wording.
  ifkit::Result<ifkit::Interface> missing = conn->lookupByName("no-such-iface");
  if (!missing && missing.error().number == ifkit::ErrorNumber::NoInterface)
    std::cout << "lookup: " << missing.error().message << '\n';
  return 0;
}
