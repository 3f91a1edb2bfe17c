// Planning against relevantState gives exactly the plan (or error) that planning against the whole
// host gives, for every golden case, also with many unrelated links added around it.
#include <gtest/gtest.h>

#include "plan/plan.h"
#include "plan/relevant_state.h"
#include "plan_cases.h"

namespace ifkit::plan::test {
namespace {

class RelevantState : public ::testing::TestWithParam<std::string> {};

// Fifty unrelated bridges with an address each, at ifindexes past the case's own.
host::LiveState withUnrelatedLinks(host::LiveState live) {
  for (int i = 0; i < 50; ++i) {
    host::Link l;
    l.index = 1000 + i;
    l.name = "unrelated" + std::to_string(i);
    l.kind = host::LinkKind::Bridge;
    l.mtu = 1500;
    l.up = true;
    l.details = host::BridgeInfo{};
    live.links.push_back(l);
    live.addresses.push_back({l.index, *host::IpPrefix::parse("10.77." + std::to_string(i) + ".1/24")});
  }
  return live;
}

TEST_P(RelevantState, PlansTheSameAsTheWholeHost) {
  const PlanCase c = loadCase(GetParam());
  for (const host::LiveState& live : {c.live, withUnrelatedLinks(c.live)}) {
    auto whole = planStart(c.def, live);
    auto part = planStart(c.def, relevantState(live, c.def));
    ASSERT_EQ(whole.ok(), part.ok()) << (whole.ok() ? part.error().message : whole.error().message);
    if (whole.ok()) {
      EXPECT_EQ(formatPlan(*part), formatPlan(*whole));
      EXPECT_EQ(*part, *whole);
    } else {
      EXPECT_EQ(part.error().message, whole.error().message);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, RelevantState, ::testing::ValuesIn(caseNames(true)),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return testNameOf(param.param);
                         });

}  // namespace
}  // namespace ifkit::plan::test
