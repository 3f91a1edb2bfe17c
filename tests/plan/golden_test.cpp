// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/golden_test.cpp: each case directory's start and stop plans, as dry-run prints them.
#include <gtest/gtest.h>

#include <cstring>

#include "host/memory/memory_host.h"
#include "plan/plan.h"
#include "plan/start_record.h"
#include "plan_cases.h"

namespace ifkit::plan::test {
namespace {

std::string errorText(const Error& e) {
  const char* name = e.sysErrno ? strerrorname_np(e.sysErrno) : nullptr;
  return e.message + "\nerror " + std::to_string(static_cast<int>(e.number)) + " errno " +
         (name ? name : "0") + "\n";
}

class Golden : public testing::TestWithParam<std::string> {};

// A user running --dry-run sees exactly the committed plan, and stopping what start made
// plans exactly the committed stops: by the definition (stop.plan), and by the start's record
// (recorded-stop.plan).
TEST_P(Golden, PlansMatchTheCaseDirectory) {
  const PlanCase c = loadCase(GetParam());
  auto start = planStart(c.def, c.live);
  if (c.expectsError) {
    ASSERT_FALSE(start.ok()) << "planned instead:\n" << formatPlan(*start);
    expectGolden(c.dir + "/start.error", errorText(start.error()));
    return;
  }
  ASSERT_TRUE(start.ok()) << start.error().message;
  expectGolden(c.dir + "/start.plan", formatPlan(*start));
  expectGolden(c.dir + "/start.undo", formatOps(planUndo(*start, start->steps.size())));

  host::memory::MemoryHost host(c.live);
  for (const host::HostOp& op : start->ops())
    ASSERT_TRUE(host.apply(op).ok()) << host::describe(op);
  auto stop = planStop(c.def, host.state());
  ASSERT_TRUE(stop.ok()) << stop.error().message;
  expectGolden(c.dir + "/stop.plan", formatPlan(*stop));
  expectGolden(c.dir + "/recorded-stop.plan",
               formatPlan(planStopRecorded(recordStart(c.def, *start), host.state())));
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(caseNames(true)),
                         [](const auto& p) { return testNameOf(p.param); });

}  // namespace
}  // namespace ifkit::plan::test
