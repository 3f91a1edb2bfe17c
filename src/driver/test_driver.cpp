// SPDX-License-Identifier: LGPL-2.1-or-later
// TestDriver: the entry points of libvirt's test driver for interfaces, over TestState.
#include "driver/test_driver.h"

#include <utility>

#include "conf/interface_xml.h"
#include "driver/check_flags.h"
#include "driver/test_seed.h"
#include "ifkit/flags.h"

namespace ifkit::driver {
namespace {

constexpr ErrorDomain kDomain = ErrorDomain::Test;

Error noSuchName(std::string_view name) {
  return makeError(ErrorNumber::NoInterface, kDomain,
                   "no interface with matching name '" + std::string(name) + "'");
}

InterfaceRefView viewOf(const conf::InterfaceDef& def) {
  return {def.name, def.mac().value_or("")};
}
InterfaceRef refOf(const conf::InterfaceDef& def) { return viewOf(def).ref(); }

// The interfaces a listing's flags select, after their number (at most that many: a filter
// leaves some out).
template <class Each>
Status eachListed(unsigned flags, const TestInterfaces& all,
                  const std::function<void(std::size_t)>& expect, Each&& each) {
  constexpr unsigned kFilters = kListInterfacesActive | kListInterfacesInactive;
  if (Status st = checkFlags(flags, kFilters, "testConnectListAllInterfaces", kDomain); !st)
    return st;
  // No filter bit, or both, selects everything.
  const bool wantActive = (flags & kFilters) == 0 || (flags & kListInterfacesActive) != 0;
  const bool wantInactive = (flags & kFilters) == 0 || (flags & kListInterfacesInactive) != 0;
  expect(all.size());
  for (const auto& [name, iface] : all)
    if (iface.active ? wantActive : wantInactive) each(iface);
  return Status();
}

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<TestDriver>> TestDriver::open() {
  auto seed = makeTestSeed();
  if (!seed) return std::move(seed).error();
  return std::unique_ptr<TestDriver>(new TestDriver(std::move(seed).value()));
}

std::vector<std::string> TestDriver::namesLocked(bool active) const {
  std::vector<std::string> names;
  for (const auto& [name, iface] : state_.interfaces)
    if (iface.active == active) names.push_back(name);
  return names;
}

Result<int> TestDriver::numOfInterfaces() {
  std::lock_guard lock(mutex_);
  return int(namesLocked(true).size());
}

Result<std::vector<std::string>> TestDriver::listInterfaces() {
  std::lock_guard lock(mutex_);
  return namesLocked(true);
}

Result<int> TestDriver::numOfDefinedInterfaces() {
  std::lock_guard lock(mutex_);
  return int(namesLocked(false).size());
}

Result<std::vector<std::string>> TestDriver::listDefinedInterfaces() {
  std::lock_guard lock(mutex_);
  return namesLocked(false);
}

Status TestDriver::listAllInterfacesEach(unsigned flags,
                                         const std::function<void(std::size_t)>& expect,
                                         const std::function<void(const InterfaceRefView&)>& each) {
  std::lock_guard lock(mutex_);
  return eachListed(flags, state_.interfaces, expect,
                    [&](const TestInterface& iface) { each(viewOf(iface.def)); });
}

Status TestDriver::listAllInterfacesWithStateEach(
    unsigned flags, const std::function<void(std::size_t)>& expect,
    const std::function<void(const InterfaceRefView&, bool)>& each) {
  std::lock_guard lock(mutex_);
  return eachListed(flags, state_.interfaces, expect,
                    [&](const TestInterface& iface) { each(viewOf(iface.def), iface.active); });
}

Result<InterfaceRef> TestDriver::lookupByName(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto it = state_.interfaces.find(name);
  if (it == state_.interfaces.end()) return noSuchName(name);
  return refOf(it->second.def);
}

Result<InterfaceRef> TestDriver::lookupByMACString(std::string_view mac) {
  std::lock_guard lock(mutex_);
  const TestInterface* found = nullptr;
  int matches = 0;
  for (const auto& [name, iface] : state_.interfaces) {
    // An interface without a MAC never matches. (libvirt 9.0 compares its missing MAC with
    // g_ascii_strcasecmp(NULL, mac), which glib answers with "equal" and a warning, so every
    // bridge, bond and VLAN matches every MAC there: docs/virsh-differences.md.)
    const std::optional<std::string_view> own = iface.def.mac();
    if (!own || !equalsIgnoringAsciiCase(*own, mac)) continue;
    found = &iface;
    ++matches;
  }
  if (matches == 0)
    return makeError(ErrorNumber::NoInterface, kDomain,
                     "no interface with matching mac '" + std::string(mac) + "'");
  if (matches > 1) return makeError(ErrorNumber::MultipleInterfaces, kDomain);
  return refOf(found->def);
}

Result<std::string> TestDriver::getXMLDesc(const InterfaceRef& ref, unsigned flags) {
  // This driver has no separate stored definition, so it refuses to be asked for one.
  if (Status st = checkFlags(flags, 0, "testInterfaceGetXMLDesc", kDomain); !st)
    return std::move(st).error();
  std::lock_guard lock(mutex_);
  auto it = state_.interfaces.find(ref.name);
  if (it == state_.interfaces.end()) return noSuchName(ref.name);
  return conf::formatInterfaceXml(it->second.def);
}

Result<InterfaceRef> TestDriver::defineXML(std::string_view xml, unsigned flags) {
  if (Status st = checkFlags(flags, kInterfaceDefineValidate, "testInterfaceDefineXML", kDomain);
      !st)
    return std::move(st).error();
  conf::ParseFlags parseFlags;
  parseFlags.validateSchema = (flags & kInterfaceDefineValidate) != 0;
  auto def = conf::parseInterfaceXml(xml, parseFlags);
  if (!def) return std::move(def).error();
  InterfaceRef ref = refOf(*def);
  std::lock_guard lock(mutex_);
  // Redefining replaces the definition and keeps the active flag, as libvirt does.
  auto [it, inserted] = state_.interfaces.try_emplace(def->name);
  it->second.def = std::move(def).value();
  if (inserted) it->second.active = false;
  return ref;
}

Status TestDriver::undefine(const InterfaceRef& ref) {
  std::lock_guard lock(mutex_);
  auto it = state_.interfaces.find(ref.name);
  if (it == state_.interfaces.end()) return noSuchName(ref.name);
  // An active interface may be undefined too; here that removes it altogether.
  state_.interfaces.erase(it);
  return Status::success();
}

Status TestDriver::create(const InterfaceRef& ref, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "testInterfaceCreate", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  auto it = state_.interfaces.find(ref.name);
  if (it == state_.interfaces.end()) return noSuchName(ref.name);
  if (it->second.active) return makeError(ErrorNumber::OperationInvalid, kDomain);
  it->second.active = true;
  return Status::success();
}

Status TestDriver::destroy(const InterfaceRef& ref, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "testInterfaceDestroy", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  auto it = state_.interfaces.find(ref.name);
  if (it == state_.interfaces.end()) return noSuchName(ref.name);
  if (!it->second.active) return makeError(ErrorNumber::OperationInvalid, kDomain);
  it->second.active = false;
  return Status::success();
}

Result<bool> TestDriver::isActive(const InterfaceRef& ref) {
  std::lock_guard lock(mutex_);
  auto it = state_.interfaces.find(ref.name);
  if (it == state_.interfaces.end()) return noSuchName(ref.name);
  return it->second.active;
}

Status TestDriver::changeBegin(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "testInterfaceChangeBegin", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (state_.transaction)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "there is another transaction running.");
  // The snapshot keeps the active flags too, so that rollback restores them (libvirt 9.0
  // loses them and rolls back to every interface inactive: docs/virsh-differences.md).
  state_.transaction = state_.interfaces;
  return Status::success();
}

Status TestDriver::changeCommit(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "testInterfaceChangeCommit", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (!state_.transaction)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "no transaction running, nothing to be committed.");
  state_.transaction.reset();
  return Status::success();
}

Status TestDriver::changeRollback(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "testInterfaceChangeRollback", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (!state_.transaction)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "no transaction running, nothing to rollback.");
  state_.interfaces = std::move(*state_.transaction);
  state_.transaction.reset();
  return Status::success();
}

}  // namespace ifkit::driver
