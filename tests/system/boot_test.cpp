// SPDX-License-Identifier: LGPL-2.1-or-later
// `ifkit boot` the way a reboot looks: definitions stored, a transaction left unfinished, then
// the namespace deleted and a fresh one made with the same stand-in NICs (veth); boot must roll
// the transaction's definitions back and start exactly the onboot definitions, checked with ip -j.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

class BootTest : public ::testing::Test {
 protected:
  BootTest() {
    store_ = fs::temp_directory_path() / ("ifkit-boot-" + std::to_string(getpid()));
    makeNics();
  }
  ~BootTest() override { fs::remove_all(store_); }
  std::string uri() const { return test::systemUri(ns_.name(), store_); }
  void makeNics() {
    ns_.ip("link add eth0 type veth peer name eth0-peer");
    ns_.ip("link add eth1 type veth peer name eth1-peer");
  }
  // What a reboot looks like: the namespace goes (and everything in it), a fresh one of the same
  // name comes with the same stand-in NICs, made anew.
  void reboot() {
    ns_.makeAnew();
    makeNics();
  }

  TestNetns ns_;
  fs::path store_;
};

TEST_F(BootTest, RollsBackTheUnfinishedTransactionAndStartsOnbootDefinitions) {
  {
    Connection conn = Connection::open(uri()).value();
    ASSERT_TRUE(conn.defineXML(
        "<interface type='bridge' name='br0'><start mode='onboot'/>"
        "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
        "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>").ok());
    // Built on nothing, defined after br0: the order of starting is the definitions' own.
    ASSERT_TRUE(conn.defineXML("<interface type='ethernet' name='eth1'><start mode='none'/>"
                               "<mtu size='1400'/></interface>").ok());
    ASSERT_TRUE(conn.lookupByName("br0")->create().ok());
    // A change under way when the host goes down.
    ASSERT_TRUE(conn.changeBegin().ok());
    ASSERT_TRUE(conn.defineXML("<interface type='bridge' name='br7'><start mode='onboot'/>"
                               "<bridge><interface type='ethernet' name='eth1'/></bridge>"
                               "</interface>").ok());
  }
  reboot();
  ASSERT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);

  auto booted = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' boot");
  ASSERT_EQ(booted.exitCode, 0) << booted.output;
  EXPECT_EQ(booted.output,
            "Unfinished network config change transaction rolled back\n"
            "Interface br0 started\n\n");

  auto br0 = ns_.ipJson("-d addr show br0")[0];
  EXPECT_EQ(br0["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_TRUE(br0["flags"].contains("UP"));
  EXPECT_EQ(br0["addr_info"][0]["local"].str(), "192.0.2.1");
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  // start mode none: left alone; the transaction's br7: neither defined nor made.
  EXPECT_EQ(ns_.ipJson("link show eth1")[0]["mtu"].integer(), 1500);
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br7").exitCode, 1);
  EXPECT_FALSE(fs::exists(store_ / "br7.xml"));
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));

  // Boot again: nothing to do, nothing fails.
  auto again = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' boot");
  EXPECT_EQ(again.exitCode, 0) << again.output;
  EXPECT_EQ(again.output, "Interface br0 already active\n\n");
}

// A store edited by hand (or written by an ifkit that let a bridge and its member each keep a
// definition) gives eth0 two owners: boot names both files and fails, leaves the member's own
// definition alone and starts the bridge that claims it, as a define of that bridge would have
// replaced the member's definition; the others start as usual.
TEST_F(BootTest, StartsTheBridgeOverAMemberDefinedTwiceAndNamesBothFiles) {
  fs::create_directories(store_);
  std::ofstream(store_ / "eth0.xml") << "<interface type='ethernet' name='eth0'>"
                                        "<start mode='onboot'/><protocol family='ipv4'>"
                                        "<ip address='192.0.2.5' prefix='24'/></protocol>"
                                        "</interface>\n";
  std::ofstream(store_ / "br0.xml") << "<interface type='bridge' name='br0'>"
                                       "<start mode='onboot'/><protocol family='ipv4'>"
                                       "<ip address='192.0.2.5' prefix='24'/></protocol>"
                                       "<bridge stp='off'><interface type='ethernet' "
                                       "name='eth0'/></bridge></interface>\n";
  std::ofstream(store_ / "eth1.xml") << "<interface type='ethernet' name='eth1'>"
                                        "<start mode='onboot'/><mtu size='1400'/></interface>\n";
  auto booted = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' boot");
  EXPECT_EQ(booted.exitCode, 1) << booted.output;
  EXPECT_NE(booted.output.find("Interface br0 started\nInterface eth1 started\n"),
            std::string::npos)
      << booted.output;
  EXPECT_NE(booted.output.find(
                "error: Interface eth0 has two definitions\n"
                "error: Requested operation is not valid: interface 'eth0' is part of bridge "
                "'br0', defined in '" +
                store_.string() + "/br0.xml', and has a definition of its own in '" +
                store_.string() + "/eth0.xml', which boot leaves alone\n"),
            std::string::npos)
      << booted.output;
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(ns_.ipJson("-4 addr show eth0")[0]["addr_info"].size(), 0u);  // not its own
  EXPECT_EQ(ns_.ipJson("addr show br0")[0]["addr_info"][0]["local"].str(), "192.0.2.5");
  EXPECT_EQ(ns_.ipJson("link show eth1")[0]["mtu"].integer(), 1400);
  EXPECT_TRUE(fs::exists(store_ / "eth0.xml"));  // boot reports, the administrator decides
}

// Two bridges that claim one NIC: which should have it is anybody's guess, so neither starts.
TEST_F(BootTest, StartsNeitherOfTwoBridgesClaimingOneNic) {
  fs::create_directories(store_);
  for (const char* bridge : {"br0", "br1"})
    std::ofstream(store_ / (std::string(bridge) + ".xml"))
        << "<interface type='bridge' name='" << bridge << "'><start mode='onboot'/>"
        << "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>\n";
  std::ofstream(store_ / "eth1.xml") << "<interface type='ethernet' name='eth1'>"
                                        "<start mode='onboot'/><mtu size='1400'/></interface>\n";
  auto booted = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' boot");
  EXPECT_EQ(booted.exitCode, 1) << booted.output;
  EXPECT_NE(booted.output.find("error: Interface eth0 has two definitions\n"
                               "error: Requested operation is not valid: interface 'eth0' is "
                               "part of bridge 'br0', defined in '" +
                               store_.string() + "/br0.xml', and of bridge 'br1', defined in '" +
                               store_.string() + "/br1.xml': boot starts neither\n"),
            std::string::npos)
      << booted.output;
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br1").exitCode, 1);
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "");
  EXPECT_EQ(ns_.ipJson("link show eth1")[0]["mtu"].integer(), 1400);
}

// A damaged file in the store may be an onboot definition: boot names each such file on stderr
// and fails, but still starts the others.
TEST_F(BootTest, ReportsEachDamagedFileAndStartsTheOthers) {
  Connection conn = Connection::open(uri()).value();
  ASSERT_TRUE(conn.defineXML("<interface type='ethernet' name='eth1'><start mode='onboot'/>"
                             "<mtu size='1400'/></interface>").ok());
  std::ofstream(store_ / "br0.xml") << "<interface type='bridge' name='br0'><start mode='onb";
  std::ofstream(store_ / "br1.xml") << "<interface type='ethernet' name='eth0'/>\n";
  auto booted = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' boot");
  EXPECT_EQ(booted.exitCode, 1) << booted.output;
  EXPECT_NE(booted.output.find("Interface eth1 started"), std::string::npos) << booted.output;
  const std::string failed = "error: Failed to read the definition file " + store_.string();
  EXPECT_NE(booted.output.find(failed + "/br0.xml\n"), std::string::npos) << booted.output;
  EXPECT_NE(booted.output.find(failed + "/br1.xml\nerror: operation failed: cannot read the "
                               "definition in '" + store_.string() + "/br1.xml': 'br1.xml' "
                               "defines interface 'eth0', not 'br1'\n"),
            std::string::npos)
      << booted.output;
  EXPECT_EQ(ns_.ipJson("link show eth1")[0]["mtu"].integer(), 1400);
}

}  // namespace
}  // namespace ifkit
