// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit/connection.h: a connection to one host's interfaces, chosen by URI.
//
// A Connection is a cheap value handle: copies share one driver, and every Interface handle
// obtained from it keeps that driver alive too. Open one per URI:
//
//   ifkit::Result<ifkit::Connection> conn = ifkit::Connection::open("test:///default");
//   if (!conn) { std::cerr << conn.error().message << '\n'; return 1; }
//   for (const ifkit::Interface& iface : conn->listAllInterfaces(0).value())
//     std::cout << iface.name() << ' ' << iface.macString() << '\n';
//
// The calls keep libvirt's names and meaning (virConnectListAllInterfaces, virInterfaceDefineXML,
// virInterfaceChangeBegin, ...), and fail with libvirt's error numbers and wording.
// Calls that change anything fail on a read-only connection with ErrorNumber::OperationDenied.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ifkit/error.h"
#include "ifkit/flags.h"

namespace ifkit {

class Interface;
struct ListedInterface;  // ifkit/interface.h
namespace detail {
struct ConnectionState;   // the driver and the URI; private to src/api
struct ConnectionDriver;  // the driver, for ifkit's daemon; private to src/api
}

// What Connection::boot() did: the transaction it found unfinished and rolled back, and each
// interface with start mode onboot, started, already active or failed.
struct BootReport {
  bool rolledBackTransaction = false;
  std::vector<std::string> started;
  std::vector<std::string> alreadyActive;
  std::vector<std::pair<std::string, Error>> failed;
  // Files of the store that hold no readable definition (damaged, or not ifkit's): the file's
  // path and why. Boot starts the others; a file here may have been an onboot definition.
  std::vector<std::pair<std::string, Error>> unreadable;
  // Interfaces that two definitions of a store edited by hand both own (ifkit keeps one owner per
  // interface): the interface's name and why, naming both files. Boot leaves the definition of a
  // claimed member alone and starts the bridge or bond that claims it; of two bridges or bonds
  // that claim one interface it starts neither.
  std::vector<std::pair<std::string, Error>> conflicts;
  // Files of ifkit's own that were damaged (an unfinished transaction's record that cannot be
  // read): the file's path and why, with where it was kept aside. Boot went on without them.
  std::vector<std::pair<std::string, Error>> damaged;
};

class Connection {
 public:
  // Opens `uri`; `test:///default` is an in-memory host preloaded like libvirt's test driver,
  // fresh for every call. An unknown URI fails with ErrorNumber::NoConnect.
  static Result<Connection> open(std::string_view uri, bool readOnly = false);

  const std::string& uri() const;
  bool isReadOnly() const;

  // Interfaces matching kListInterfacesActive / kListInterfacesInactive (0 = all), in no
  // particular order.
  Result<std::vector<Interface>> listAllInterfaces(unsigned flags) const;
  // Beyond libvirt: the same, each with whether it is active (Interface::isActive), all told
  // from one look at the host where the driver can (ifkit:///system): what `iface-list` shows.
  // Over a daemon, isActive is asked of each, as virsh does; a state that cannot be read counts
  // as active, as in virsh's listing.
  Result<std::vector<ListedInterface>> listAllInterfacesWithState(unsigned flags) const;
  // Counts and names of the active (numOf/listInterfaces) and inactive (numOf/listDefined...)
  // interfaces.
  Result<int> numOfInterfaces() const;
  Result<std::vector<std::string>> listInterfaces() const;
  Result<int> numOfDefinedInterfaces() const;
  Result<std::vector<std::string>> listDefinedInterfaces() const;

  // By name (exact), or by MAC (compared case-insensitively; several matches are an error,
  // ErrorNumber::MultipleInterfaces, since VLANs share their parent's MAC).
  Result<Interface> lookupByName(std::string_view name) const;
  Result<Interface> lookupByMACString(std::string_view mac) const;

  // Stores a definition (replacing one of the same name); flags: kInterfaceDefineValidate.
  Result<Interface> defineXML(std::string_view xml, unsigned flags = 0);
  // Beyond libvirt: what defineXML would change, without changing it (`ifkit iface-define
  // --dry-run`): the store's files, and the host's own network manager's files as unified
  // diffs. Allowed on read-only connections.
  Result<std::string> defineXMLDryRun(std::string_view xml, unsigned flags = 0) const;

  // The change transaction: begin snapshots the configuration, commit drops the snapshot,
  // rollback returns to it. One at a time. No flags are defined yet: pass 0.
  Status changeBegin(unsigned flags = 0);
  Status changeCommit(unsigned flags = 0);
  Status changeRollback(unsigned flags = 0);
  // Beyond libvirt: begin a transaction that rolls itself back unless committed within
  // `timeoutSeconds`, so that a change which cuts the administrator off undoes itself. The
  // rollback happens at the first call after the deadline; something must make that call: ifkitd
  // does, every second; in local mode `ifkit iface-begin --timeout` leaves a watchdog process;
  // `ifkit boot` rolls back whatever a reboot interrupted. Not every driver supports it
  // (test:///default does not: ErrorNumber::NoSupport).
  Status changeBeginWithTimeout(unsigned timeoutSeconds, unsigned flags = 0);
  // Beyond libvirt: the call that makes that rollback happen on time. Rolls back a transaction
  // whose timeout has passed, whoever began it (this process, another one on the same store, a
  // daemon before its restart); true when one ended, false when none was due. A failed rollback
  // keeps the transaction, so that calling again retries it. ifkitd calls it every second.
  // Allowed on a read-only connection: any call there would complete the same rollback.
  Result<bool> expireTransaction();

  // Beyond libvirt: start several interfaces with one command (`iface-start A B C`); one Status
  // each, in order; a failure does not stop the others. On ifkit:///system the host is read once
  // for all of them (again only for one built on what an earlier one changed).
  std::vector<Status> createMany(const std::vector<Interface>& ifaces, unsigned flags = 0);
  // The same for interfaces given by name, without a lookup of each first: a name that nothing
  // defines fails with lookupByName's error (VIR_ERR_NO_INTERFACE, "no interface with matching
  // name ..."). Starting a thousand, the lookups would read every definition once more.
  std::vector<Status> createManyByName(const std::vector<std::string>& names,
                                       unsigned flags = 0);

  // Beyond libvirt: what the host runs at boot (`ifkit boot`, ifkit-boot.service). An unfinished
  // transaction is rolled back first: its definitions come back (the reboot already reset the
  // host, so nothing else is undone). Then every definition with start mode onboot is started,
  // the ones it is built on first (a VLAN's parent, a bridge's members); a failure, or a damaged
  // file in the store, does not stop the others. Fails only if the host or the store cannot be
  // read.
  Result<BootReport> boot();

 private:
  friend class Interface;
  friend struct detail::ConnectionDriver;
  explicit Connection(std::shared_ptr<detail::ConnectionState> state);
  std::shared_ptr<detail::ConnectionState> state_;
};

}  // namespace ifkit
