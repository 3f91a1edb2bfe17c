// SPDX-License-Identifier: LGPL-2.1-or-later
// Interface: the public calls on an interface handle, checked as libvirt's public functions
// check them, then handed to the driver with the name and MAC the handle captured.
#include "ifkit/interface.h"

#include <utility>

#include "api/connection_state.h"

namespace ifkit {
namespace {

driver::InterfaceRef refOf(const std::string& name, const std::string& mac) { return {name, mac}; }

}  // namespace

Interface::Interface(std::shared_ptr<detail::ConnectionState> conn, std::string name,
                     std::string mac)
    : conn_(std::move(conn)), name_(std::move(name)), mac_(std::move(mac)) {}

Result<std::string> Interface::xmlDesc(unsigned flags) const {
  return conn_->driver->getXMLDesc(refOf(name_, mac_), flags);
}

Result<bool> Interface::isActive() const { return conn_->driver->isActive(refOf(name_, mac_)); }

Status Interface::create(unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*conn_, "virInterfaceCreate"); !st) return st;
  return conn_->driver->create(refOf(name_, mac_), flags);
}

Status Interface::destroy(unsigned flags) {
  if (Status st = detail::denyIfReadOnly(*conn_, "virInterfaceDestroy"); !st) return st;
  return conn_->driver->destroy(refOf(name_, mac_), flags);
}

Result<std::string> Interface::createDryRun() const {
  return conn_->driver->planCreate(refOf(name_, mac_));
}

Result<std::string> Interface::destroyDryRun() const {
  return conn_->driver->planDestroy(refOf(name_, mac_));
}

Status Interface::undefine() {
  if (Status st = detail::denyIfReadOnly(*conn_, "virInterfaceUndefine"); !st) return st;
  return conn_->driver->undefine(refOf(name_, mac_));
}

Connection Interface::connection() const { return Connection(conn_); }

}  // namespace ifkit
