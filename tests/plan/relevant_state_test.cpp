// SPDX-License-Identifier: LGPL-2.1-or-later
// Planning against relevantState gives exactly the plan (or error) that planning against the whole
// host gives, for every golden case, also with many unrelated links added around it.
#include "plan/relevant_state.h"

#include <gtest/gtest.h>

#include "plan/plan.h"
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
    live.addresses.push_back(
        {l.index, *host::IpPrefix::parse("10.77." + std::to_string(i) + ".1/24")});
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

namespace ifkit::plan::test {
namespace {

// A VLAN whose parent is in another namespace carries that namespace's ifindex: it is not
// stacked on the link of ours that happens to have the same one.
TEST(RelevantStateOf, AVlanWithAParentElsewhereIsNotStackedOnOurLink) {
  host::LiveState live;
  host::Link eth0;
  eth0.index = 2;
  eth0.name = "eth0";
  eth0.kind = host::LinkKind::Ethernet;
  host::Link mine = eth0, foreign = eth0;
  mine.index = 3;
  mine.name = "eth0.7";
  mine.kind = host::LinkKind::Vlan;
  mine.details = host::VlanInfo{7, 2};
  foreign.index = 4;
  foreign.name = "nic0.9";
  foreign.kind = host::LinkKind::Vlan;
  foreign.details = host::VlanInfo{9, 2};
  foreign.linkInOtherNetns = true;
  live.links = {eth0, mine, foreign};
  conf::InterfaceDef def;
  def.name = "eth0";
  def.kind = conf::EthernetDef{};
  const host::LiveState part = relevantState(live, def);
  EXPECT_NE(part.linkByName("eth0.7"), nullptr);
  EXPECT_EQ(part.linkByName("nic0.9"), nullptr);
}

}  // namespace
}  // namespace ifkit::plan::test
