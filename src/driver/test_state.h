// SPDX-License-Identifier: LGPL-2.1-or-later
// The state behind one test:///default connection: definitions in memory, each with an
// active flag, and the snapshot of an open change transaction.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "conf/interface_def.h"

namespace ifkit::driver {

struct TestInterface {
  conf::InterfaceDef def;  // the definition; for this driver also the live state
  bool active = false;
};

// Keyed by name: names are unique, and the map keeps listings in a stable order.
using TestInterfaces = std::map<std::string, TestInterface, std::less<>>;

struct TestState {
  TestInterfaces interfaces;
  // Set between changeBegin and changeCommit / changeRollback: what rollback returns to.
  std::optional<TestInterfaces> transaction;
};

}  // namespace ifkit::driver
