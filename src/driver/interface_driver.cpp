// SPDX-License-Identifier: LGPL-2.1-or-later
// The defaults of InterfaceDriver's entry points: each one reports "not supported".
#include "driver/interface_driver.h"

namespace ifkit::driver {
namespace {

// libvirt's virReportUnsupportedError(): raised in the public function, so it names that
// function and carries no driver's domain.
Error unsupported(std::string_view publicFunction) {
  return makeError(ErrorNumber::NoSupport, ErrorDomain::None, publicFunction);
}

}  // namespace

Result<int> InterfaceDriver::numOfInterfaces() {
  return unsupported("virConnectNumOfInterfaces");
}
Result<std::vector<std::string>> InterfaceDriver::listInterfaces() {
  return unsupported("virConnectListInterfaces");
}
Result<int> InterfaceDriver::numOfDefinedInterfaces() {
  return unsupported("virConnectNumOfDefinedInterfaces");
}
Result<std::vector<std::string>> InterfaceDriver::listDefinedInterfaces() {
  return unsupported("virConnectListDefinedInterfaces");
}
Status InterfaceDriver::listAllInterfacesEach(unsigned, const std::function<void(std::size_t)>&,
                                              const std::function<void(const InterfaceRefView&)>&) {
  return unsupported("virConnectListAllInterfaces");
}
Result<std::vector<InterfaceRef>> InterfaceDriver::listAllInterfaces(unsigned flags) {
  std::vector<InterfaceRef> refs;
  Status st = listAllInterfacesEach(
      flags, [&](std::size_t count) { refs.reserve(count); },
      [&](const InterfaceRefView& ref) { refs.push_back(ref.ref()); });
  if (!st) return std::move(st).error();
  return refs;
}
Status InterfaceDriver::listAllInterfacesWithStateEach(
    unsigned flags, const std::function<void(std::size_t)>& expect,
    const std::function<void(const InterfaceRefView&, bool)>& each) {
  // Collected first: a driver may hold its lock while it hands out its listing.
  auto refs = listAllInterfaces(flags);
  if (!refs) return std::move(refs).error();
  expect(refs->size());
  for (const InterfaceRef& ref : *refs) {
    auto active = isActive(ref);
    each(InterfaceRefView{ref.name, ref.mac}, !active || *active);
  }
  return Status();
}
Result<InterfaceRef> InterfaceDriver::lookupByName(std::string_view) {
  return unsupported("virInterfaceLookupByName");
}
Result<InterfaceRef> InterfaceDriver::lookupByMACString(std::string_view) {
  return unsupported("virInterfaceLookupByMACString");
}
Result<std::string> InterfaceDriver::getXMLDesc(const InterfaceRef&, unsigned) {
  return unsupported("virInterfaceGetXMLDesc");
}
Result<InterfaceRef> InterfaceDriver::defineXML(std::string_view, unsigned) {
  return unsupported("virInterfaceDefineXML");
}
Status InterfaceDriver::undefine(const InterfaceRef&) { return unsupported("virInterfaceUndefine"); }
Status InterfaceDriver::create(const InterfaceRef&, unsigned) {
  return unsupported("virInterfaceCreate");
}
Status InterfaceDriver::destroy(const InterfaceRef&, unsigned) {
  return unsupported("virInterfaceDestroy");
}
Result<bool> InterfaceDriver::isActive(const InterfaceRef&) {
  return unsupported("virInterfaceIsActive");
}
Status InterfaceDriver::changeBegin(unsigned) { return unsupported("virInterfaceChangeBegin"); }
Status InterfaceDriver::changeCommit(unsigned) { return unsupported("virInterfaceChangeCommit"); }
Status InterfaceDriver::changeRollback(unsigned) {
  return unsupported("virInterfaceChangeRollback");
}

std::vector<Status> InterfaceDriver::createMany(const std::vector<InterfaceRef>& ifaces,
                                               unsigned flags) {
  std::vector<Status> out;
  for (const auto& iface : ifaces) out.push_back(create(iface, flags));
  return out;
}

Result<std::string> InterfaceDriver::planCreate(const InterfaceRef&) {
  return unsupported("ifkitInterfaceCreateDryRun");
}

Result<std::string> InterfaceDriver::planDestroy(const InterfaceRef&) {
  return unsupported("ifkitInterfaceDestroyDryRun");
}

Result<std::string> InterfaceDriver::planDefine(std::string_view, unsigned) {
  return unsupported("ifkitInterfaceDefineDryRun");
}

Result<BootReport> InterfaceDriver::boot() { return unsupported("ifkitConnectBoot"); }

Status InterfaceDriver::changeBeginWithTimeout(unsigned, unsigned) {
  return unsupported("ifkitInterfaceChangeBeginTimeout");
}

Result<bool> InterfaceDriver::expireTransaction() { return false; }

}  // namespace ifkit::driver
