// SPDX-License-Identifier: LGPL-2.1-or-later
// ifupdown's configuration as ifkit definitions: which interfaces ifup brings up, and how.
//
//   ConfigRoot root("/");
//   NativeConfiguration conf = readIfupdownConfiguration(root);
//
// Each logical interface with iface stanzas becomes one definition (all its stanzas, inet and
// inet6, merged, as ifup applies them all), except interfaces that another one claims: the
// ports of a bridge (bridge-utils' bridge_ports), the slaves of a bond (ifenslave's bond-slaves
// or a slave's bond-master) are described inside their master, as libvirt does. The kind comes
// from the options of the packages that extend ifupdown: bridge_ports makes a bridge, bond
// options a bond, a name PARENT.TAG or vlan-raw-device (the vlan package) a VLAN. `auto` and
// `allow-auto` mean start on boot, `allow-hotplug` start on hotplug. The loopback stanza is
// not a host interface and is left out. Everything else a stanza says that libvirt's XML has no
// place for (hook commands, metrics, DNS options, other packages' options, mappings) is named
// in the definition's `unexpressed`.
#pragma once

#include "native/config_files.h"
#include "native/ifupdown/interfaces_tree.h"
#include "native/native_definition.h"

namespace ifkit::native::ifupdown {

inline constexpr const char* kManagerName = "ifupdown";

NativeConfiguration translateInterfacesTree(const InterfacesTree& tree);

// Reads /etc/network/interfaces (and what it sources) under the root and translates it.
NativeConfiguration readIfupdownConfiguration(const ConfigRoot& root);

}  // namespace ifkit::native::ifupdown
