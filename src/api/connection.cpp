// SPDX-License-Identifier: LGPL-2.1-or-later
// Connection: the public calls on a connection, checked as libvirt's public functions check
// them, then handed to the driver.
#include "ifkit/connection.h"

#include <utility>

#include "api/connection_driver.h"
#include "api/connection_state.h"
#include "api/open_driver.h"
#include "ifkit/interface.h"

namespace ifkit {

Connection::Connection(std::shared_ptr<detail::ConnectionState> state) : state_(std::move(state)) {}

driver::InterfaceDriver& detail::ConnectionDriver::of(const Connection& conn) {
  return *conn.state_->driver;
}

Result<Connection> Connection::open(std::string_view uri, bool readOnly) {
  auto drv = api::openDriver(uri, readOnly);
  if (!drv) return std::move(drv).error();
  auto state = std::make_shared<detail::ConnectionState>();
  state->uri = std::string(uri);
  state->readOnly = readOnly;
  state->driver = std::move(drv).value();
  return Connection(std::move(state));
}

const std::string& Connection::uri() const { return state_->uri; }
bool Connection::isReadOnly() const { return state_->readOnly; }

Result<std::vector<Interface>> Connection::listAllInterfaces(unsigned flags) const {
  // Each handle made from the driver's ref as it comes (over a daemon, as the reply is decoded).
  std::vector<Interface> out;
  Status st = state_->driver->listAllInterfacesEach(
      flags, [&](std::size_t count) { out.reserve(count); },
      [&](const driver::InterfaceRefView& ref) {
        out.push_back(Interface(state_, std::string(ref.name), std::string(ref.mac)));
      });
  if (!st) return std::move(st).error();
  return out;
}

Result<std::vector<ListedInterface>> Connection::listAllInterfacesWithState(unsigned flags) const {
  std::vector<ListedInterface> out;
  Status st = state_->driver->listAllInterfacesWithStateEach(
      flags, [&](std::size_t count) { out.reserve(count); },
      [&](const driver::InterfaceRefView& ref, bool active) {
        out.push_back({Interface(state_, std::string(ref.name), std::string(ref.mac)), active});
      });
  if (!st) return std::move(st).error();
  return out;
}

Result<int> Connection::numOfInterfaces() const { return state_->driver->numOfInterfaces(); }
Result<std::vector<std::string>> Connection::listInterfaces() const {
  return state_->driver->listInterfaces();
}
Result<int> Connection::numOfDefinedInterfaces() const {
  return state_->driver->numOfDefinedInterfaces();
}
Result<std::vector<std::string>> Connection::listDefinedInterfaces() const {
  return state_->driver->listDefinedInterfaces();
}

Result<Interface> Connection::lookupByName(std::string_view name) const {
  auto ref = state_->driver->lookupByName(name);
  if (!ref) return std::move(ref).error();
  return Interface(state_, std::move(ref->name), std::move(ref->mac));
}

Result<Interface> Connection::lookupByMACString(std::string_view mac) const {
  auto ref = state_->driver->lookupByMACString(mac);
  if (!ref) return std::move(ref).error();
  return Interface(state_, std::move(ref->name), std::move(ref->mac));
}

Result<Interface> Connection::defineXML(std::string_view xml, unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceDefineXML"); !st)
    return std::move(st).error();
  auto ref = state_->driver->defineXML(xml, flags);
  if (!ref) return std::move(ref).error();
  return Interface(state_, std::move(ref->name), std::move(ref->mac));
}

Result<std::string> Connection::defineXMLDryRun(std::string_view xml, unsigned flags) const {
  return state_->driver->planDefine(xml, flags);
}

Status Connection::changeBegin(unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceChangeBegin"); !st) return st;
  return state_->driver->changeBegin(flags);
}

Status Connection::changeCommit(unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceChangeCommit"); !st) return st;
  return state_->driver->changeCommit(flags);
}

Status Connection::changeRollback(unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceChangeRollback"); !st) return st;
  return state_->driver->changeRollback(flags);
}

Status Connection::changeBeginWithTimeout(unsigned timeoutSeconds, unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceChangeBegin"); !st) return st;
  return state_->driver->changeBeginWithTimeout(flags, timeoutSeconds);
}

Result<bool> Connection::expireTransaction() { return state_->driver->expireTransaction(); }

std::vector<Status> Connection::createMany(const std::vector<Interface>& ifaces, unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceCreate"); !st)
    return std::vector<Status>(ifaces.size(), st);
  std::vector<driver::InterfaceRef> refs;
  for (const Interface& i : ifaces) refs.push_back({i.name(), i.macString()});
  return state_->driver->createMany(refs, flags);
}

std::vector<Status> Connection::createManyByName(const std::vector<std::string>& names,
                                                 unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*state_, "virInterfaceCreate"); !st)
    return std::vector<Status>(names.size(), st);
  std::vector<driver::InterfaceRef> refs;
  for (const std::string& name : names) refs.push_back({name, ""});
  return state_->driver->createMany(refs, flags);
}

Result<BootReport> Connection::boot() {
  if (Status st = detail::denyIfReadOnly(*state_, "ifkitConnectBoot"); !st)
    return std::move(st).error();
  return state_->driver->boot();
}

}  // namespace ifkit
