// SPDX-License-Identifier: LGPL-2.1-or-later
// TestDriver: libvirt 9.0's test driver for interfaces (test:///default), in memory.
//
// Definitions live in memory with an active flag; the live XML of an interface is its
// definition; VIR_INTERFACE_XML_INACTIVE is refused, as libvirt refuses it. Every instance
// starts from makeTestSeed(), so each connection has its own world. Errors are libvirt's, in
// domain VIR_FROM_TEST, except where ../docs/virsh-differences.md says ifkit fixes a bug.
// Safe to call from several threads.
#pragma once

#include <memory>
#include <mutex>

#include "driver/interface_driver.h"
#include "driver/test_state.h"

namespace ifkit::driver {

class TestDriver final : public InterfaceDriver {
 public:
  // A driver holding a fresh copy of test:///default's interfaces.
  static Result<std::unique_ptr<TestDriver>> open();

  Result<int> numOfInterfaces() override;
  Result<std::vector<std::string>> listInterfaces() override;
  Result<int> numOfDefinedInterfaces() override;
  Result<std::vector<std::string>> listDefinedInterfaces() override;
  Status listAllInterfacesEach(unsigned flags, const std::function<void(std::size_t)>& expect,
                               const std::function<void(const InterfaceRefView&)>& each) override;
  // Each interface's state is its active flag: no isActive call per interface.
  Status listAllInterfacesWithStateEach(
      unsigned flags, const std::function<void(std::size_t)>& expect,
      const std::function<void(const InterfaceRefView&, bool active)>& each) override;

  Result<InterfaceRef> lookupByName(std::string_view name) override;
  Result<InterfaceRef> lookupByMACString(std::string_view mac) override;

  Result<std::string> getXMLDesc(const InterfaceRef& iface, unsigned flags) override;
  Result<InterfaceRef> defineXML(std::string_view xml, unsigned flags) override;
  Status undefine(const InterfaceRef& iface) override;
  Status create(const InterfaceRef& iface, unsigned flags) override;
  Status destroy(const InterfaceRef& iface, unsigned flags) override;
  Result<bool> isActive(const InterfaceRef& iface) override;

  Status changeBegin(unsigned flags) override;
  Status changeCommit(unsigned flags) override;
  Status changeRollback(unsigned flags) override;

 private:
  explicit TestDriver(TestState state) : state_(std::move(state)) {}

  std::vector<std::string> namesLocked(bool active) const;

  std::mutex mutex_;  // guards state_
  TestState state_;
};

}  // namespace ifkit::driver
