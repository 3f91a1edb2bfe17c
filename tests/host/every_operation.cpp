// SPDX-License-Identifier: LGPL-2.1-or-later
#include "every_operation.h"

namespace ifkit::test {

std::vector<host::HostOp> everyOperationFullySet(const std::string& name) {
  using namespace host;
  auto ip = [](const std::string& text) { return IpAddress::parse(text).value(); };
  auto prefix = [](const char* text) { return IpPrefix::parse(text).value(); };
  BondParams bond;
  bond.mode = BondMode::ActiveBackup;
  bond.miimon = 100;
  bond.updelay = 200;
  bond.downdelay = 300;
  bond.useCarrier = false;
  bond.arpInterval = 1000;
  bond.arpTargets.emplace();
  for (int i = 1; i <= 16; ++i) bond.arpTargets->push_back(ip("192.0.2." + std::to_string(i)));
  bond.arpValidate = ArpValidate::All;
  return {
      op::CreateBridge{name, {.stp = true, .forwardDelayCs = 1500}},
      op::CreateBond{name, bond},
      op::CreateVlan{name, name, 4094},
      op::DeleteLink{name},
      op::SetMaster{name, name},
      op::SetMtu{name, 9000},
      op::SetMac{name, MacAddress::parse("52:54:00:00:00:01").value()},
      op::SetUp{name, true},
      op::SetBridge{name, {.stp = false, .forwardDelayCs = 200}},
      op::SetBond{name, bond},
      op::AddAddress{name, prefix("2001:db8::5/64"), true},
      op::RemoveAddress{name, prefix("2001:db8::5/64")},
      op::AddDefaultRoute{name, ip("fe80::1"), 512, 3},
      op::RemoveDefaultRoute{name, ip("2001:db8::fe")},
      op::SetIpv6Autoconf{name, false},
      op::AddRoute{name, prefix("2001:db8:1::/48"), ip("2001:db8::fe"), 1024, 16},
      op::RemoveRoute{name, prefix("2001:db8:1::/48"), ip("2001:db8::fe"), 1024},
  };
}

}  // namespace ifkit::test
