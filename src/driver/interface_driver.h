// SPDX-License-Identifier: LGPL-2.1-or-later
// InterfaceDriver: the table of entry points every interface driver fills (libvirt's
// virInterfaceDriver), so that the test, local and remote drivers are interchangeable.
//
// Each entry point is a virtual function whose default fails with ErrorNumber::NoSupport:
// a driver that leaves an entry out says "not supported", it never crashes. Entry points
// check their flags first (checkFlags) and report errors in their own domain. Read-only
// enforcement is not the driver's job: src/api does it before calling in, as libvirt's
// public functions do.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ifkit/connection.h"
#include "ifkit/error.h"

namespace ifkit::driver {

// What a lookup returns: the two values libvirt's virGetInterface() captures in a handle.
struct InterfaceRef {
  std::string name;
  std::string mac;  // empty when the interface has none (bridges, bonds, VLANs)
  bool operator==(const InterfaceRef&) const = default;
};

// The same two values as a listing hands them over: views of what the driver holds.
struct InterfaceRefView {
  std::string_view name;
  std::string_view mac;
  InterfaceRef ref() const { return {std::string(name), std::string(mac)}; }
};

class InterfaceDriver {
 public:
  virtual ~InterfaceDriver() = default;

  virtual Result<int> numOfInterfaces();
  virtual Result<std::vector<std::string>> listInterfaces();
  virtual Result<int> numOfDefinedInterfaces();
  virtual Result<std::vector<std::string>> listDefinedInterfaces();
  // Every interface, one at a time after their number (`count`: at most that many follow), as
  // views into the driver's own data that last for that one call of `each`: a caller makes of
  // each what it keeps (Connection a public handle, the daemon its reply's bytes), and a listing
  // of thousands builds no list of copies in between. The remote driver hands out views into
  // the reply it decodes. `each` must not call the driver: it may hold its lock meanwhile.
  virtual Status listAllInterfacesEach(unsigned flags,
                                       const std::function<void(std::size_t count)>& expect,
                                       const std::function<void(const InterfaceRefView&)>& each);
  // The same listing, collected.
  Result<std::vector<InterfaceRef>> listAllInterfaces(unsigned flags);
  // Beyond libvirt: the same listing with each interface's state, as `iface-list` shows it. The
  // default asks isActive of each, as virsh does (a state that cannot be read counts as active,
  // as virsh's -1 does); a driver that knows the states as it lists overrides it, so that a
  // listing costs the same whatever the number of interfaces.
  virtual Status listAllInterfacesWithStateEach(
      unsigned flags, const std::function<void(std::size_t count)>& expect,
      const std::function<void(const InterfaceRefView&, bool active)>& each);

  virtual Result<InterfaceRef> lookupByName(std::string_view name);
  virtual Result<InterfaceRef> lookupByMACString(std::string_view mac);

  virtual Result<std::string> getXMLDesc(const InterfaceRef& iface, unsigned flags);
  virtual Result<InterfaceRef> defineXML(std::string_view xml, unsigned flags);
  virtual Status undefine(const InterfaceRef& iface);
  virtual Status create(const InterfaceRef& iface, unsigned flags);
  virtual Status destroy(const InterfaceRef& iface, unsigned flags);
  virtual Result<bool> isActive(const InterfaceRef& iface);

  virtual Status changeBegin(unsigned flags);
  virtual Status changeCommit(unsigned flags);
  virtual Status changeRollback(unsigned flags);

  // Beyond libvirt: start several interfaces; one Status each, in order; a failure does not
  // stop the others. The default starts them one by one.
  virtual std::vector<Status> createMany(const std::vector<InterfaceRef>& ifaces, unsigned flags);

  // Beyond libvirt: what create / destroy would do, one host operation a line, changing nothing.
  virtual Result<std::string> planCreate(const InterfaceRef& iface);
  virtual Result<std::string> planDestroy(const InterfaceRef& iface);
  // Beyond libvirt: what defineXML would change, one file a paragraph, changing nothing.
  virtual Result<std::string> planDefine(std::string_view xml, unsigned flags);

  // Beyond libvirt: the boot-time start (ifkit/connection.h, Connection::boot).
  virtual Result<BootReport> boot();

  // Beyond libvirt: a transaction that rolls itself back unless committed within `seconds`.
  virtual Status changeBeginWithTimeout(unsigned flags, unsigned seconds);
  // Beyond libvirt: rolls back a transaction whose timeout has passed, whoever began it (this
  // process, another one on the same store, one before a restart); true when one ended. Only
  // drivers with timeouts have anything to do: the default does nothing and says false.
  virtual Result<bool> expireTransaction();
};

}  // namespace ifkit::driver
