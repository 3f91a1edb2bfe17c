// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/property_test.cpp: plans applied to the memory host do what they promise, for every
// case directory: start then stop returns the host to where it was (or to after-stop.txt, where
// plan.h says stop leaves something), starting twice changes nothing the second time, and a
// start or a stop that fails at any operation is undone to the original state. The same for the
// stop by the start's record, which returns the host to exactly where it was (but for NICs left
// down: after-recorded-stop.txt). A start applied whole verifies clean (verify_start.h).
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <set>

#include "host/memory/memory_host.h"
#include "live_fixture.h"
#include "plan/plan.h"
#include "plan/start_record.h"
#include "plan/verify_start.h"
#include "plan_cases.h"

namespace ifkit::plan::test {
namespace {

using host::memory::MemoryHost;

// Applies `ops` in order; returns how many succeeded before the first failure.
std::size_t applyUntilFailure(MemoryHost& host, const std::vector<host::HostOp>& ops) {
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (!host.apply(ops[i]).ok()) return i;
  return ops.size();
}

void expectAllApply(MemoryHost& host, const std::vector<host::HostOp>& ops, const char* what) {
  for (const host::HostOp& op : ops) {
    Status st = host.apply(op);
    EXPECT_TRUE(st.ok()) << what << ": " << st.error().message;
  }
}

void expectSameState(const host::LiveState& want, const host::LiveState& got) {
  EXPECT_EQ(normalized(want), normalized(got)) << "want:\n"
                                               << toString(normalized(want)) << "got:\n"
                                               << toString(normalized(got));
}

class Property : public testing::TestWithParam<std::string> {};

TEST_P(Property, StartThenStopReturnsTheHostToWhereItWas) {
  const PlanCase c = loadCase(GetParam());
  MemoryHost host(c.live);
  const host::LiveState before = host.state();
  auto start = planStart(c.def, before);
  ASSERT_TRUE(start.ok()) << start.error().message;
  expectAllApply(host, start->ops(), "start");

  auto again = planStart(c.def, host.state());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->steps.empty()) << "a second start plans:\n" << formatPlan(*again);

  auto stop = planStop(c.def, host.state());
  ASSERT_TRUE(stop.ok()) << stop.error().message;
  expectAllApply(host, stop->ops(), "stop");

  host::LiveState want = before;
  const std::string after = c.dir + "/after-stop.txt";
  if (std::filesystem::exists(after)) want = MemoryHost(readLiveFixture(readFile(after))).state();
  expectSameState(want, host.state());
}

// What the planner does and what verify checks agree: a start applied whole verifies clean.
TEST_P(Property, AStartAppliedWholeVerifiesClean) {
  const PlanCase c = loadCase(GetParam());
  MemoryHost host(c.live);
  auto start = planStart(c.def, host.state());
  ASSERT_TRUE(start.ok()) << start.error().message;
  expectAllApply(host, start->ops(), "start");
  std::set<std::string> dhcp;  // the memory host runs no client: as if each had started
  for (const DhcpRequest& r : start->dhcp) dhcp.insert(r.name);
  EXPECT_EQ(verifyStart(c.def, host.state(), dhcp), std::vector<std::string>{});
}

TEST_P(Property, StartFailingAtAnyOperationIsUndone) {
  const PlanCase c = loadCase(GetParam());
  const host::LiveState before = MemoryHost(c.live).state();
  auto start = planStart(c.def, before);
  ASSERT_TRUE(start.ok()) << start.error().message;
  const std::vector<host::HostOp> ops = start->ops();
  for (std::size_t k = 0; k <= ops.size(); ++k) {
    SCOPED_TRACE("failing operation " + std::to_string(k));
    MemoryHost host(c.live);
    if (k < ops.size()) host.failNth(k, EPERM);
    EXPECT_EQ(applyUntilFailure(host, ops), k);
    expectAllApply(host, planUndo(*start, k), "undo");
    expectSameState(before, host.state());
  }
}

TEST_P(Property, StopFailingAtAnyOperationIsUndone) {
  const PlanCase c = loadCase(GetParam());
  MemoryHost started(c.live);
  auto start = planStart(c.def, started.state());
  ASSERT_TRUE(start.ok()) << start.error().message;
  expectAllApply(started, start->ops(), "start");
  const host::LiveState up = started.state();
  auto stop = planStop(c.def, up);
  ASSERT_TRUE(stop.ok()) << stop.error().message;
  const std::vector<host::HostOp> ops = stop->ops();
  for (std::size_t k = 0; k < ops.size(); ++k) {
    SCOPED_TRACE("failing operation " + std::to_string(k));
    MemoryHost host(up);
    host.failNth(k, EPERM);
    EXPECT_EQ(applyUntilFailure(host, ops), k);
    expectAllApply(host, planUndo(*stop, k), "undo");
    // Devices made again get new ifindexes and MACs: compare what a restore point compares.
    auto again = planStart(c.def, host.state());
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->steps.empty()) << "after the undo, start still plans:\n"
                                      << formatPlan(*again);
  }
}

TEST_P(Property, StartThenRecordedStopReturnsTheHostToWhereItWas) {
  const PlanCase c = loadCase(GetParam());
  MemoryHost host(c.live);
  const host::LiveState before = host.state();
  auto start = planStart(c.def, before);
  ASSERT_TRUE(start.ok()) << start.error().message;
  expectAllApply(host, start->ops(), "start");
  // Through the text form, as a stop in another process reads it.
  auto record = StartRecord::parse(recordStart(c.def, *start).serialize());
  ASSERT_TRUE(record.ok()) << record.error().message;
  ASSERT_EQ(*record, recordStart(c.def, *start));

  const Plan stop = planStopRecorded(*record, host.state());
  expectAllApply(host, stop.ops(), "stop");
  host::LiveState want = before;
  const std::string after = c.dir + "/after-recorded-stop.txt";
  if (std::filesystem::exists(after)) want = MemoryHost(readLiveFixture(readFile(after))).state();
  expectSameState(want, host.state());
  // Nothing of the start is left in place: the same record stops nothing a second time.
  const Plan again = planStopRecorded(*record, host.state());
  EXPECT_TRUE(again.steps.empty()) << "a second stop plans:\n" << formatPlan(again);
}

TEST_P(Property, RecordedStopFailingAtAnyOperationIsUndone) {
  const PlanCase c = loadCase(GetParam());
  MemoryHost started(c.live);
  auto start = planStart(c.def, started.state());
  ASSERT_TRUE(start.ok()) << start.error().message;
  expectAllApply(started, start->ops(), "start");
  const host::LiveState up = started.state();
  const Plan stop = planStopRecorded(recordStart(c.def, *start), up);
  const std::vector<host::HostOp> ops = stop.ops();
  for (std::size_t k = 0; k < ops.size(); ++k) {
    SCOPED_TRACE("failing operation " + std::to_string(k));
    MemoryHost host(up);
    host.failNth(k, EPERM);
    EXPECT_EQ(applyUntilFailure(host, ops), k);
    expectAllApply(host, planUndo(stop, k), "undo");
    auto again = planStart(c.def, host.state());
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->steps.empty()) << "after the undo, start still plans:\n"
                                      << formatPlan(*again);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Property, testing::ValuesIn(caseNames(false)),
                         [](const auto& p) { return testNameOf(p.param); });

}  // namespace
}  // namespace ifkit::plan::test
