// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit/interface.h: a handle to one host interface, as returned by a Connection.
//
// Like libvirt's virInterface, the handle records the name and MAC seen when it was looked
// up; calls on it look the interface up again by name, so they fail with
// ErrorNumber::NoInterface once it has been undefined. Copies are cheap and share ownership of
// the connection:
//
//   ifkit::Interface eth1 = conn.lookupByName("eth1").value();
//   if (!eth1.isActive().value()) (void)eth1.create(0);  // a demo: the result is ignored
//   std::string xml = eth1.xmlDesc(0).value();
#pragma once

#include <memory>
#include <string>

#include "ifkit/connection.h"
#include "ifkit/error.h"

namespace ifkit {

class Interface {
 public:
  // The name and MAC captured at lookup (virInterfaceGetName, virInterfaceGetMACString); the
  // MAC is empty for an interface without one, such as a bridge.
  const std::string& name() const { return name_; }
  const std::string& macString() const { return mac_; }

  // The live XML, or with kInterfaceXmlInactive the stored definition.
  Result<std::string> xmlDesc(unsigned flags = 0) const;
  Result<bool> isActive() const;

  // Bring up (apply the definition) and bring down; no flags are defined yet: pass 0.
  Status create(unsigned flags = 0);
  Status destroy(unsigned flags = 0);
  // Beyond libvirt: what create / destroy would do to the host, one operation a line, without
  // doing it (`ifkit iface-start --dry-run`). Allowed on read-only connections.
  Result<std::string> createDryRun() const;
  Result<std::string> destroyDryRun() const;
  // Remove the stored definition; the live interface, if any, stays as it is.
  Status undefine();

  Connection connection() const;

 private:
  friend class Connection;
  Interface(std::shared_ptr<detail::ConnectionState> conn, std::string name, std::string mac);

  std::shared_ptr<detail::ConnectionState> conn_;
  std::string name_;
  std::string mac_;
};

// One row of Connection::listAllInterfacesWithState.
struct ListedInterface {
  Interface interface;
  bool active = false;
};

}  // namespace ifkit
