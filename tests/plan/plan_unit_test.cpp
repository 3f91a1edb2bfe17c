// tests/plan/plan_unit_test.cpp: the planner's small rules, one claim each.
#include <gtest/gtest.h>

#include "conf/interface_xml.h"
#include "live_fixture.h"
#include "plan/definition_values.h"
#include "plan/plan.h"

namespace ifkit::plan {
namespace {

namespace op = host::op;

TEST(DefinitionValues, BridgeDelaySecondsBecomeCentiseconds) {
  EXPECT_EQ(centisecondsOf("15"), 1500u);
  EXPECT_EQ(centisecondsOf("0"), 0u);
  EXPECT_EQ(centisecondsOf("0.5"), 50u);
  EXPECT_EQ(centisecondsOf("2.25"), 225u);
  EXPECT_EQ(centisecondsOf("0.015"), 2u);  // rounded to the nearest centisecond
  EXPECT_EQ(centisecondsOf(".5"), 50u);
  EXPECT_FALSE(centisecondsOf("").has_value());
  EXPECT_FALSE(centisecondsOf("-1").has_value());
  EXPECT_FALSE(centisecondsOf("1e3").has_value());
}

TEST(DefinitionValues, MissingPrefixIsClassfulForIpv4And64ForIpv6) {
  auto prefix = [](const char* a, conf::Family f) {
    return prefixOf(conf::IpDef{a, 0}, f)->length;
  };
  EXPECT_EQ(prefix("10.1.2.3", conf::Family::Ipv4), 8);
  EXPECT_EQ(prefix("172.16.0.1", conf::Family::Ipv4), 16);
  EXPECT_EQ(prefix("192.0.2.1", conf::Family::Ipv4), 24);
  EXPECT_EQ(prefix("2001:db8::1", conf::Family::Ipv6), 64);
  EXPECT_EQ(prefixOf(conf::IpDef{"192.0.2.1", 28}, conf::Family::Ipv4)->length, 28);
  EXPECT_FALSE(prefixOf(conf::IpDef{"192.0.2.1", 0}, conf::Family::Ipv6).has_value());
}

TEST(PlanUndo, UndoesAppliedStepsLastFirstAndSkipsTheFailedOne) {
  Plan plan;
  plan.steps.push_back({op::CreateBridge{"br0", {}}, {op::DeleteLink{"br0"}}});
  plan.steps.push_back({op::SetMtu{"eth0", 9000}, {op::SetMtu{"eth0", 1500}}});
  plan.steps.push_back({op::SetMaster{"eth0", "br0"}, {op::SetMaster{"eth0", ""}}});
  EXPECT_EQ(planUndo(plan, 2),
            (std::vector<host::HostOp>{op::SetMtu{"eth0", 1500}, op::DeleteLink{"br0"}}));
  EXPECT_TRUE(planUndo(plan, 0).empty());
  EXPECT_EQ(planUndo(plan, 99).size(), 3u);
}

// ifkit has no DHCPv6 client: start refuses such a definition before planning a single
// operation, stop still takes it down.
TEST(PlanStart, RefusesDhcpv6BeforeAnyOperationButStopPlans) {
  auto def = conf::parseInterfaceXml(
      "<interface type='bridge' name='br0'><protocol family='ipv6'><dhcp/></protocol>"
      "<bridge><interface type='ethernet' name='eth0'/></bridge></interface>");
  ASSERT_TRUE(def.ok());
  const host::LiveState before =
      test::readLiveFixture("link lo loopback up\nlink eth0 ethernet mac=52:54:00:00:00:01\n");
  auto start = planStart(*def, before);
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().number, ErrorNumber::XmlError);
  EXPECT_NE(start.error().message.find("DHCPv6 is not supported by ifkit on this host"),
            std::string::npos)
      << start.error().message;
  const host::LiveState started = test::readLiveFixture(
      "link lo loopback up\nlink br0 bridge mac=02:00:00:00:00:01 up\n"
      "link eth0 ethernet mac=52:54:00:00:00:01 master=br0 up\n");
  auto stop = planStop(*def, started);
  ASSERT_TRUE(stop.ok()) << stop.error().message;
  EXPECT_NE(formatPlan(*stop).find("delete 'br0'"), std::string::npos) << formatPlan(*stop);
}

TEST(FormatPlan, PrintsOneDescribeLinePerOperationThenDhcpNotes) {
  Plan plan;
  plan.steps.push_back({op::SetUp{"br0", true}, {}});
  plan.dhcp.push_back({"br0", host::IpFamily::V4, true, true});
  EXPECT_EQ(formatPlan(plan),
            "bring up 'br0'\n# start DHCP (ipv4) on 'br0' peerdns yes: no host operation yet\n");
}

}  // namespace
}  // namespace ifkit::plan
