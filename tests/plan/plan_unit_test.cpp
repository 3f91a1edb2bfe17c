// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/plan_unit_test.cpp: the planner's small rules, one claim each.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "conf/interface_xml.h"
#include "live_fixture.h"
#include "plan/definition_values.h"
#include "plan/plan.h"
#include "plan/start_record.h"

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

// A bridge br0 over eth0 (MTU 1400) and eth1 with an address, started on a host where br0 did
// not exist; `after` is what the host became after the start, then changed by hand.
struct StartedBridge {
  StartRecord record;
  host::LiveState started;
};

StartedBridge startBridge() {
  auto def = conf::parseInterfaceXml(
      "<interface type='bridge' name='br0'><mtu size='1400'/>"
      "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
      "<bridge><interface type='ethernet' name='eth0'/><interface type='ethernet' name='eth1'/>"
      "</bridge></interface>");
  const host::LiveState before = test::readLiveFixture(
      "link lo loopback up\nlink eth0 ethernet mac=52:54:00:00:00:01\n"
      "link eth1 veth mac=52:54:00:00:00:02\n");
  auto start = planStart(def.value(), before);
  const std::string started =
      "link lo loopback up\n"
      "link eth0 ethernet mac=52:54:00:00:00:01 mtu=1400 master=br0 up\n"
      "link eth1 veth mac=52:54:00:00:00:02 mtu=1400 master=br0 up\n"
      "link br0 bridge mac=52:54:00:00:00:01 mtu=1400 up\n"
      "addr br0 192.0.2.1/24\n";
  return {recordStart(def.value(), start.value()), test::readLiveFixture(started)};
}

// The start's undo, but the MTU of br0, which is deleted anyway.
TEST(PlanStopRecorded, UndoesTheStartWhenNothingChangedSince) {
  const StartedBridge b = startBridge();
  EXPECT_EQ(formatPlan(planStopRecorded(b.record, b.started)),
            "remove address 192.0.2.1/24 from 'br0'\n"
            "bring down 'br0'\n"
            "bring down 'eth1'\n"
            "bring down 'eth0'\n"
            "release 'eth1' from its master\n"
            "release 'eth0' from its master\n"
            "set MTU 1500 on 'eth1'\n"
            "set MTU 1500 on 'eth0'\n"
            "delete 'br0'\n");
}

// What was undone by hand meanwhile is skipped, not sent to the kernel to be refused: eth1 is
// gone (a veth deleted), the address removed.
TEST(PlanStopRecorded, SkipsWhatIsAlreadyGone) {
  const StartedBridge b = startBridge();
  const host::LiveState now = test::readLiveFixture(
      "link lo loopback up\n"
      "link eth0 ethernet mac=52:54:00:00:00:01 mtu=1400 master=br0 up\n"
      "link br0 bridge mac=52:54:00:00:00:01 mtu=1400 up\n");
  EXPECT_EQ(formatPlan(planStopRecorded(b.record, now)),
            "bring down 'br0'\n"
            "bring down 'eth0'\n"
            "release 'eth0' from its master\n"
            "set MTU 1500 on 'eth0'\n"
            "delete 'br0'\n");
}

// What someone changed since is theirs: eth1 moved to another bridge stays there, up and with
// the MTU start gave it; an MTU set by hand stays.
TEST(PlanStopRecorded, LeavesWhatWasChangedSinceAsItIs) {
  const StartedBridge b = startBridge();
  const host::LiveState now = test::readLiveFixture(
      "link lo loopback up\n"
      "link eth0 ethernet mac=52:54:00:00:00:01 mtu=9000 master=br0 up\n"
      "link eth1 veth mac=52:54:00:00:00:02 mtu=1400 master=br9 up\n"
      "link br0 bridge mac=52:54:00:00:00:01 mtu=1400 up\n"
      "link br9 bridge mac=52:54:00:00:00:02 mtu=1400 up\n"
      "addr br0 192.0.2.1/24\n");
  const std::string plan = formatPlan(planStopRecorded(b.record, now));
  EXPECT_EQ(plan,
            "remove address 192.0.2.1/24 from 'br0'\n"
            "bring down 'br0'\n"
            "bring down 'eth0'\n"
            "release 'eth0' from its master\n"
            "delete 'br0'\n");
}

// A record is data on disk: whatever it says, stop deletes only bridges, bonds and VLANs, and
// makes no device.
TEST(PlanStopRecorded, NeverDeletesANicOrAVethNorMakesADevice) {
  StartRecord record;
  record.name = "br0";
  record.steps.push_back({op::SetUp{"br0", true}, {op::SetUp{"br0", false}}});
  for (const char* name : {"eth0", "veth0", "br0"})
    record.steps.push_back({op::SetMtu{name, 1500}, {op::DeleteLink{name}}});
  record.steps.push_back({op::SetMtu{"br0", 1500}, {op::CreateBond{"bond9", {}}}});
  const host::LiveState now = test::readLiveFixture(
      "link lo loopback up\nlink eth0 ethernet mac=52:54:00:00:00:01\n"
      "link veth0 veth mac=52:54:00:00:00:02\nlink br0 bridge mac=52:54:00:00:00:03 up\n");
  EXPECT_EQ(formatPlan(planStopRecorded(record, now)), "delete 'br0'\n");
}

TEST(StartRecord, TextReadsBackAndRefusesWhatItDoesNotWrite) {
  const StartedBridge b = startBridge();
  StartRecord record = b.record;
  record.dhcpClients = {"br0"};
  record.dhcpHandedOver = {"eth1"};
  auto back = StartRecord::parse(record.serialize());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, record);
  EXPECT_EQ(record.nics, (std::vector<std::string>{"eth0", "eth1"}));
  EXPECT_EQ(record.members, (std::vector<Membership>{{"eth0", "br0"}, {"eth1", "br0"}}));
  for (const char* text : {"", "step set-up br0 up=1\n", "interface br0\nundo set-up br0 up=0\n",
                           "interface br0\nstep set-up br0\n", "interface br0\nwhat br0\n",
                           "interface br0\ninterface br1\n", "interface br0\nmember eth0\n"})
    EXPECT_FALSE(StartRecord::parse(text).ok()) << text;
}

// The fuzzer's seeds (fuzz/seeds/start_record) are real records, every operation among them: each
// reads, and reads back from its own text as the same record, written byte for byte as it was.
TEST(StartRecord, EveryFuzzSeedReadsAndReadsBackTheSame) {
  int seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(IFKIT_START_RECORD_SEEDS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto record = StartRecord::parse(text.str());
    ASSERT_TRUE(record.ok()) << entry.path() << ": " << record.error().message;
    auto back = StartRecord::parse(record->serialize());
    ASSERT_TRUE(back.ok()) << entry.path();
    EXPECT_EQ(*back, *record) << entry.path();
    EXPECT_EQ(record->serialize(), text.str()) << entry.path() << " is written as ifkit writes";
    ++seeds;
  }
  EXPECT_GE(seeds, 2);
}

// Started again after going down without ifkit's stop: the later start is undone first, then
// what is left of the first one (here eth0's old MTU, which the second start found set).
TEST(StartRecord, AnotherStartIsAppended) {
  StartRecord first;
  first.name = "br0";
  first.steps.push_back({op::SetMtu{"eth0", 1400}, {op::SetMtu{"eth0", 1500}}});
  first.nics = {"eth0"};
  StartRecord second;
  second.name = "br0";
  second.steps.push_back({op::SetUp{"br0", true}, {op::SetUp{"br0", false}}});
  second.nics = {"eth0"};
  second.dhcpClients = {"br0"};
  first.append(second);
  EXPECT_EQ(first.steps.size(), 2u);
  EXPECT_EQ(first.nics, (std::vector<std::string>{"eth0"}));
  EXPECT_EQ(first.dhcpClients, (std::vector<std::string>{"br0"}));
  const host::LiveState now = test::readLiveFixture(
      "link lo loopback up\nlink eth0 ethernet mac=52:54:00:00:00:01 mtu=1400\n"
      "link br0 bridge mac=52:54:00:00:00:03 up\n");
  EXPECT_EQ(formatPlan(planStopRecorded(first, now)),
            "bring down 'br0'\nset MTU 1500 on 'eth0'\n# stop DHCP (ipv4) on 'br0': no host "
            "operation yet\n");
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
