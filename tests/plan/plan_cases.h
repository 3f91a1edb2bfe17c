// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/plan_cases.h: the golden case directories of tests/plan/cases, and what the tests
// share about them.
//
// A case is a directory: definition.xml and live.txt (live_fixture.h) are the inputs;
// start.plan, start.undo, stop.plan and recorded-stop.plan the expected dry-run texts (the stops
// planned on the state start leaves in the memory host, by the definition and by the start's
// record), or start.error the expected error; after-stop.txt and after-recorded-stop.txt, when
// present, the state each stop leaves where it differs, on purpose, from live.txt (plan.h says
// when).
// IFKIT_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing (review the diff).
#pragma once

#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "host/live_state.h"

namespace ifkit::plan::test {

struct PlanCase {
  std::string name;
  std::string dir;
  conf::InterfaceDef def;
  host::LiveState live;
  bool expectsError = false;
};

// Every case directory's name, sorted.
std::vector<std::string> caseNames(bool withErrorCases);
// Throws std::runtime_error for a case whose inputs cannot be read.
PlanCase loadCase(const std::string& name);

// A GoogleTest name for a directory name ('-' becomes '_').
std::string testNameOf(const std::string& name);

// Compares `actual` with the file, or writes it under IFKIT_UPDATE_GOLDEN=1.
void expectGolden(const std::string& path, const std::string& actual);

// The state with addresses and routes sorted: the kernel's listing order depends on the order
// they were added in, which an undo cannot keep.
host::LiveState normalized(host::LiveState st);

}  // namespace ifkit::plan::test
