// SPDX-License-Identifier: LGPL-2.1-or-later
// makeTestSeed: the state of a fresh test:///default connection, built as libvirt builds it.
#pragma once

#include "driver/test_state.h"
#include "ifkit/error.h"

namespace ifkit::driver {

// libvirt 9.0's test driver parses a built-in document and marks the interface active; this
// does the same through the conf layer, so a parser error surfaces here (and fails the open).
Result<TestState> makeTestSeed();

}  // namespace ifkit::driver
