// SPDX-License-Identifier: LGPL-2.1-or-later
// iface-bridge, iface-unbridge and a rollback on ifkit:///system, on a real kernel and across a
// reboot: the bridge replaces the NIC's definition (one owner per interface), the NIC's
// definition comes back with unbridge and rollback only, and the bridge inherits the NIC's start
// mode, counted as onboot for a NIC that is up without a definition, so that `ifkit boot` brings
// the bridge back. A veth stands in for the NIC (192.0.2.5/24, default route via 192.0.2.254),
// with the same MAC after each reboot, as a real NIC; a reboot deletes the namespace, clears the
// start records and makes the namespace and its veth anew. Outcomes are read as the store's bytes
// and with ip -j.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "run_process.h"
#include "store/parsed_cache.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

constexpr const char* kMac = "52:54:00:aa:00:05";

// eth0's definition as the store writes it: onboot, the NIC's address and default route.
const std::string kEth0Xml =
    "<interface type='ethernet' name='eth0'>\n"
    "  <start mode='onboot'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.0.2.5' prefix='24'/>\n"
    "    <route gateway='192.0.2.254'/>\n"
    "  </protocol>\n"
    "  <mac address='52:54:00:aa:00:05'/>\n"
    "</interface>\n";

class BridgeOwnerTest : public ::testing::Test {
 protected:
  BridgeOwnerTest() {
    static int counter = 0;
    base_ = fs::temp_directory_path() /
            ("ifkit-owner-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(store());
    makeNic();
  }
  ~BridgeOwnerTest() override {
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  fs::path store() const { return base_ / "store"; }
  std::string uri() const { return test::systemUri(ns_.name(), store()); }
  test::ProcessResult ifkit(const std::string& commands) const {
    return test::runProcess({IFKIT_BIN, "-c", uri(), commands},
                            {"LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp"});
  }
  void define(const std::string& xml) const {
    const fs::path file = base_ / "definition.xml";
    std::ofstream(file, std::ios::binary) << xml;
    auto r = ifkit("iface-define " + file.string());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  // The NIC as the machine brings it up: present, down, unconfigured, with its own MAC.
  void makeNic() const {
    ns_.ip(std::string("link add eth0 address ") + kMac + " type veth peer name eth0-peer");
    ns_.ip("link set eth0-peer up");
  }
  // What an administrator or another manager did before ifkit: the NIC up, with its address and
  // the default route.
  void configureNicByHand() const {
    ns_.ip("link set eth0 up");
    ns_.ip("addr add 192.0.2.5/24 dev eth0");
    ns_.ip("route add default via 192.0.2.254");
  }
  void reboot() const {
    ns_.makeAnew();  // the start records go with /run
    makeNic();
  }
  test::ProcessResult boot() const { return ifkit("boot"); }

  // The store's files and their bytes, but its locks, what it parsed (.parsed) and a
  // transaction's record (a directory): a journal left behind would show.
  std::map<std::string, std::string> files() const {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(store())) {
      const std::string name = entry.path().filename().string();
      if (name == ".lock" || name == ".host-changes.lock" || name == store::kParsedCacheFile ||
          entry.is_directory())
        continue;
      std::ifstream in(entry.path(), std::ios::binary);
      out[name] = std::string(std::istreambuf_iterator<char>(in), {});
    }
    return out;
  }
  bool linkExists(const std::string& name) const {
    return test::runCommand("ip -n " + ns_.name() + " link show " + name).exitCode == 0;
  }
  std::string masterOf(const std::string& link) const {
    return ns_.ipJson("link show " + link)[0]["master"].str();
  }
  std::vector<std::string> addressesOf(const std::string& link) const {
    std::vector<std::string> out;
    for (const auto& a : ns_.ipJson("addr show " + link)[0]["addr_info"].items())
      if (a["scope"].str() == "global")
        out.push_back(a["local"].str() + "/" + std::to_string(a["prefixlen"].integer()));
    return out;
  }
  // "192.0.2.254 dev br0", or "" without a default route.
  std::string defaultRoute() const {
    const auto routes = ns_.ipJson("route show default");
    if (routes.size() == 0) return "";
    return routes[0]["gateway"].str() + " dev " + routes[0]["dev"].str();
  }
  // After boot: the bridge up over the NIC, holding the NIC's address and default route.
  void expectBridgeOverTheNic() const {
    EXPECT_EQ(ns_.ipJson("-d link show br0")[0]["linkinfo"]["info_kind"].str(), "bridge");
    EXPECT_TRUE(ns_.ipJson("link show br0")[0]["flags"].contains("UP"));
    EXPECT_EQ(masterOf("eth0"), "br0");
    EXPECT_TRUE(ns_.ipJson("link show eth0")[0]["flags"].contains("UP"));
    EXPECT_EQ(addressesOf("br0"), std::vector<std::string>{"192.0.2.5/24"});
    EXPECT_TRUE(addressesOf("eth0").empty());
    EXPECT_EQ(defaultRoute(), "192.0.2.254 dev br0");
  }

  TestNetns ns_;
  fs::path base_;
};

// The bridge iface-bridge makes from eth0's definition (kEth0Xml), stp off.
const std::string kBridgeOfEth0Xml =
    "<interface type='bridge' name='br0'>\n"
    "  <start mode='onboot'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.0.2.5' prefix='24'/>\n"
    "    <route gateway='192.0.2.254'/>\n"
    "  </protocol>\n"
    "  <bridge stp='off'>\n"
    "    <interface type='ethernet' name='eth0'>\n"
    "      <mac address='52:54:00:aa:00:05'/>\n"
    "    </interface>\n"
    "  </bridge>\n"
    "</interface>\n";

TEST_F(BridgeOwnerTest, BridgeReplacesTheNicsDefinitionAndBootStartsOnlyTheBridge) {
  define(kEth0Xml);
  ASSERT_EQ(ifkit("iface-start eth0").status, 0);
  ASSERT_EQ(files(), (std::map<std::string, std::string>{{"eth0.xml", kEth0Xml}}));

  auto bridged = ifkit("iface-bridge eth0 br0 --no-stp --no-start");
  ASSERT_EQ(bridged.status, 0) << bridged.err;
  EXPECT_EQ(files(), (std::map<std::string, std::string>{{"br0.xml", kBridgeOfEth0Xml}}));

  reboot();
  auto booted = boot();
  EXPECT_EQ(booted.status, 0) << booted.err;
  EXPECT_EQ(booted.out, "Interface br0 started\n\n");
  EXPECT_EQ(booted.err, "");
  expectBridgeOverTheNic();

  // Undefining the bridge leaves no definition of eth0 behind it.
  ASSERT_EQ(ifkit("iface-destroy br0; iface-undefine br0").status, 0);
  EXPECT_TRUE(files().empty());
}

TEST_F(BridgeOwnerTest, UnbridgeGivesTheNicItsDefinitionBackAndBootStartsIt) {
  define(kEth0Xml);
  auto bridged = ifkit("iface-bridge eth0 br0 --no-stp");
  ASSERT_EQ(bridged.status, 0) << bridged.err;
  ASSERT_EQ(files(), (std::map<std::string, std::string>{{"br0.xml", kBridgeOfEth0Xml}}));
  expectBridgeOverTheNic();

  auto unbridged = ifkit("iface-unbridge br0");
  ASSERT_EQ(unbridged.status, 0) << unbridged.err;
  EXPECT_EQ(files(), (std::map<std::string, std::string>{{"eth0.xml", kEth0Xml}}));
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_EQ(addressesOf("eth0"), std::vector<std::string>{"192.0.2.5/24"});
  EXPECT_EQ(defaultRoute(), "192.0.2.254 dev eth0");

  reboot();
  auto booted = boot();
  EXPECT_EQ(booted.status, 0) << booted.err;
  EXPECT_EQ(booted.out, "Interface eth0 started\n\n");
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_EQ(masterOf("eth0"), "");
  EXPECT_EQ(addressesOf("eth0"), std::vector<std::string>{"192.0.2.5/24"});
  EXPECT_EQ(defaultRoute(), "192.0.2.254 dev eth0");
}

TEST_F(BridgeOwnerTest, RollbackGivesTheNicItsDefinitionBackAndTakesTheBridgeAway) {
  define(kEth0Xml);
  ASSERT_EQ(ifkit("iface-begin").status, 0);
  auto bridged = ifkit("iface-bridge eth0 br0 --no-stp");
  ASSERT_EQ(bridged.status, 0) << bridged.err;
  ASSERT_EQ(files(), (std::map<std::string, std::string>{{"br0.xml", kBridgeOfEth0Xml}}));
  expectBridgeOverTheNic();

  auto rolledBack = ifkit("iface-rollback");
  ASSERT_EQ(rolledBack.status, 0) << rolledBack.err;
  EXPECT_EQ(files(), (std::map<std::string, std::string>{{"eth0.xml", kEth0Xml}}));
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_EQ(masterOf("eth0"), "");
  EXPECT_TRUE(addressesOf("eth0").empty());

  reboot();
  auto booted = boot();
  EXPECT_EQ(booted.status, 0) << booted.err;
  EXPECT_EQ(booted.out, "Interface eth0 started\n\n");
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_EQ(addressesOf("eth0"), std::vector<std::string>{"192.0.2.5/24"});
}

// A NIC up without a definition (another manager, or an administrator, configured it) counts as
// onboot: the bridge made over it comes back at boot with the NIC's address and route.
TEST_F(BridgeOwnerTest, BridgeOfAnUpNicWithoutDefinitionIsOnbootAndBootStartsIt) {
  configureNicByHand();
  auto bridged = ifkit("iface-bridge eth0 br0 --no-stp --no-start");
  ASSERT_EQ(bridged.status, 0) << bridged.err;
  EXPECT_EQ(files(),
            (std::map<std::string, std::string>{{"br0.xml",
                                                 "<interface type='bridge' name='br0'>\n"
                                                 "  <start mode='onboot'/>\n"
                                                 "  <mtu size='1500'/>\n"
                                                 "  <protocol family='ipv4'>\n"
                                                 "    <ip address='192.0.2.5' prefix='24'/>\n"
                                                 "    <route gateway='192.0.2.254'/>\n"
                                                 "  </protocol>\n"
                                                 "  <bridge stp='off'>\n"
                                                 "    <interface type='ethernet' name='eth0'>\n"
                                                 "      <mac address='52:54:00:aa:00:05'/>\n"
                                                 "    </interface>\n"
                                                 "  </bridge>\n"
                                                 "</interface>\n"}}));

  reboot();
  auto booted = boot();
  EXPECT_EQ(booted.status, 0) << booted.err;
  EXPECT_EQ(booted.out, "Interface br0 started\n\n");
  expectBridgeOverTheNic();
}

// A NIC that is down without a definition was brought up by nothing at boot: nor is its bridge.
TEST_F(BridgeOwnerTest, BridgeOfADownNicWithoutDefinitionIsNotStartedAtBoot) {
  auto bridged = ifkit("iface-bridge eth0 br0 --no-stp");
  ASSERT_EQ(bridged.status, 0) << bridged.err;
  EXPECT_EQ(files(),
            (std::map<std::string, std::string>{{"br0.xml",
                                                 "<interface type='bridge' name='br0'>\n"
                                                 "  <start mode='none'/>\n"
                                                 "  <mtu size='1500'/>\n"
                                                 "  <bridge stp='off'>\n"
                                                 "    <interface type='ethernet' name='eth0'>\n"
                                                 "      <mac address='52:54:00:aa:00:05'/>\n"
                                                 "    </interface>\n"
                                                 "  </bridge>\n"
                                                 "</interface>\n"}}));
  EXPECT_EQ(masterOf("eth0"), "br0");  // started now, as asked

  reboot();
  auto booted = boot();
  EXPECT_EQ(booted.status, 0) << booted.err;
  EXPECT_EQ(booted.out, "\n");
  EXPECT_FALSE(linkExists("br0"));
}

}  // namespace
}  // namespace ifkit
