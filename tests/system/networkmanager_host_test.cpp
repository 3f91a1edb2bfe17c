// SPDX-License-Identifier: LGPL-2.1-or-later
// A host whose NIC a running NetworkManager configures, through ifkit's driver end to end.
//
// The real NetworkManager runs in the host's namespace (networkmanager_in_netns.h) on the test
// root's /etc/NetworkManager, which ifkit reads and writes too (root=); ifkit runs with the
// namespace's system bus, as on a host, so that it can tell NetworkManager what it does
// (networkmanager_tell.h). NetworkManager configures eth0 from its keyfile; iface-bridge takes
// it over under a reachability probe and NetworkManager, told to let go first, leaves eth0 up in
// the bridge; a reboot in either order (NetworkManager before or after `ifkit boot`) leaves br0
// with the host's addresses and eth0 alone; unbridge and undefine give the files back byte for
// byte, and NetworkManager, told, configures eth0 again from its profile.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

#include "dhcp_server.h"
#include "managed_host_test.h"
#include "networkmanager_in_netns.h"
#include "reachability_probe.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::folderContents;
using test::Json;
using test::ReachabilityProbe;
using test::ServerHost;

const std::vector<std::string> kHostAddresses = {"192.0.2.5/24", "2001:db8::5/64"};

// The host's configuration. dns, rc-manager and hostname-mode keep the NetworkManager of a test
// off what its namespaces share with the machine (/etc/resolv.conf, the host name).
const char* kHostConfig =
    "[main]\n"
    "plugins=keyfile\n"
    "dns=none\n"
    "rc-manager=unmanaged\n"
    "hostname-mode=none\n";

// As `nmcli --offline connection add` writes it (mode 0600, as NetworkManager wants).
const char* kEth0Keyfile =
    "[connection]\n"
    "id=eth0\n"
    "uuid=0b3e4c1a-52a6-4d2e-9a55-2f1d0c7e8a01\n"
    "type=ethernet\n"
    "interface-name=eth0\n"
    "\n"
    "[ethernet]\n"
    "\n"
    "[ipv4]\n"
    "address1=192.0.2.5/24,192.0.2.1\n"
    "method=manual\n"
    "\n"
    "[ipv6]\n"
    "addr-gen-mode=default\n"
    "address1=2001:db8::5/64,2001:db8::1\n"
    "method=manual\n"
    "\n"
    "[proxy]\n";

// eth0 by DHCP from the LAN's server (IPv6 off).
const char* kEth0DhcpKeyfile =
    "[connection]\n"
    "id=eth0\n"
    "uuid=0b3e4c1a-52a6-4d2e-9a55-2f1d0c7e8a02\n"
    "type=ethernet\n"
    "interface-name=eth0\n"
    "\n"
    "[ethernet]\n"
    "\n"
    "[ipv4]\n"
    "method=auto\n"
    "\n"
    "[ipv6]\n"
    "addr-gen-mode=default\n"
    "method=disabled\n"
    "\n"
    "[proxy]\n";

class NetworkManagerRunningTest : public test::ManagedHostTest {
 protected:
  // With `dhcp`, the LAN runs a DHCP server (dnsmasq: 10.99.0.50-60/24, router 10.99.0.1).
  explicit NetworkManagerRunningTest(const char* keyfile = kEth0Keyfile, bool dhcp = false)
      : ManagedHostTest("nm-running") {
    const fs::path connections = root() / "etc/NetworkManager/system-connections";
    fs::create_directories(connections);
    fs::create_directories(root() / "etc/NetworkManager/conf.d");
    fs::create_directories(dir_ / "nm");
    std::ofstream(root() / "etc/NetworkManager/NetworkManager.conf") << kHostConfig;
    std::ofstream(connections / "eth0.nmconnection") << keyfile;
    ::chmod((connections / "eth0.nmconnection").c_str(), 0600);
    original_ = folderContents(root() / "etc/NetworkManager");
    // The host as NetworkManager brings it up: the NIC unconfigured, then its profile applied.
    server_.reboot();
    if (dhcp) {
      server_.lan().ip("addr add 10.99.0.1/24 dev lan0");
      dhcpServer_.emplace(server_.lan(), "lan0");
    }
    startManager();
    EXPECT_TRUE(manager_->waitForState("eth0", "connected", 30s)) << manager_->log();
  }
  ~NetworkManagerRunningTest() override { manager_.reset(); }

  void startManager() {
    // Its state (DHCP leases) where the host keeps it, under the root ifkit reads.
    manager_.emplace(server_.host(), (root() / "etc/NetworkManager").string(),
                     (root() / "var/lib/NetworkManager").string(), (dir_ / "nm").string());
  }
  // ifkit as the host runs it: on the system bus where NetworkManager is.
  std::string told(const std::string& commands) const {
    auto r = test::runCommand("DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + (dir_ / "nm/bus").string() +
                              " " + IFKIT_BIN + " -c '" + uri() + "' '" + commands + "'");
    EXPECT_EQ(r.exitCode, 0) << commands << ": " << r.output;
    return r.output;
  }
  // A reboot: NetworkManager's boot step before ifkit's or after it.
  void reboot(bool managerFirst) {
    manager_.reset();  // it holds the old namespace
    server_.reboot();
    if (managerFirst) startManager();
    told("boot");
    if (!managerFirst) startManager();
  }

  // The default routes of the family on `link` that NetworkManager's profile makes: protocol
  // static, its metric for ethernet (100); ifkit's routes have no metric.
  int managerDefaultRoutes(const char* family, const std::string& link) const {
    int found = 0;
    for (const Json& route :
         server_.host().ipJson(std::string(family) + " route show default").items())
      if (route["dev"].str() == link && route["protocol"].str() == "static" &&
          route["metric"].num() == 100)
        ++found;
    return found;
  }
  // br0 holds the host's configuration, eth0 bare in it and up, NetworkManager leaving it so.
  void expectBridgedAndLeftAlone() const {
    EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
    EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
    const Json eth0 = server_.host().ipJson("link show eth0")[0];
    EXPECT_EQ(eth0["master"].str(), "br0");
    EXPECT_EQ(eth0["operstate"].str(), "UP");
    EXPECT_EQ(defaultRouteDevice("-4"), "br0");
    EXPECT_EQ(defaultRouteDevice("-6"), "br0");
    EXPECT_EQ(manager_->deviceStates()["eth0"], "unmanaged") << manager_->log();
    EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));
    EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV6));
  }
  // And still so a few seconds on: NetworkManager acts on a device it manages within a second
  // of a change (a carrier, its profile's checks).
  void expectStillLeftAlone() const {
    std::this_thread::sleep_for(3s);
    expectBridgedAndLeftAlone();
  }
  // The prefix route NetworkManager made for an IPv6 address of `link`: it adds its addresses
  // with noprefixroute and the route itself (proto kernel, its metric), so the route does not
  // go with the address.
  bool managerPrefixRouteOn(const std::string& link) const {
    for (const Json& route : server_.host().ipJson("-6 route show 2001:db8::/64").items())
      if (route["dev"].str() == link && route["metric"].num() == 100) return true;
    return false;
  }

  // The address from the DHCP server's range on `link` ("" for none), once it is a lease (valid
  // for a finite time).
  std::string leaseOn(const std::string& link) const {
    for (int i = 0; i < 200; ++i) {
      for (const Json& a :
           server_.host().ipJson("-4 addr show dev " + link)[0]["addr_info"].items())
        if (a["local"].str().starts_with("10.99.0.") && a["valid_life_time"].num() < 4294967295.0)
          return a["local"].str();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "";
  }

  std::optional<test::DhcpServer> dhcpServer_;
  std::optional<test::RunningNetworkManager> manager_;
  std::map<std::string, std::string> original_;
};

class NetworkManagerDhcpTest : public NetworkManagerRunningTest {
 protected:
  NetworkManagerDhcpTest() : NetworkManagerRunningTest(kEth0DhcpKeyfile, /*dhcp=*/true) {}
};

TEST_F(NetworkManagerRunningTest, TheNicIsTakenOverFromARunningManagerAndGivenBack) {
  // The real NetworkManager configured the NIC (the oracle of the starting point).
  ASSERT_EQ(globalAddresses("eth0"), kHostAddresses);
  ASSERT_EQ(managerDefaultRoutes("-4", "eth0"), 1);
  ASSERT_EQ(managerDefaultRoutes("-6", "eth0"), 1);
  const std::string xml = told("iface-dumpxml --inactive eth0");
  EXPECT_NE(xml.find("<!-- configured by NetworkManager: "
                     "/etc/NetworkManager/system-connections/eth0.nmconnection"),
            std::string::npos)
      << xml;

  // Told to let go before the bridge takes the NIC: the host stays reachable throughout.
  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ServerHost::kHostV4);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  told("iface-bridge eth0 br0 --no-stp");
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers";
  const ReachabilityProbe::Result reach = probe.stop();
  EXPECT_EQ(reach.error, "");
  const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(reach.longestGap);
  RecordProperty("longest_gap_ms", std::to_string(gap.count()));
  // Not a measure of speed (the machines are shared): a NetworkManager that took the NIC down
  // would cut the host off for as long as it takes to activate its profile again.
  EXPECT_LT(gap, 3s);
  {
    SCOPED_TRACE("after iface-bridge");
    // The IPv6 prefix route NetworkManager made on eth0 (its addresses are noprefixroute)
    // goes with the address: left there, it would outrank br0's (metric 100 < 256) and the
    // host would answer the LAN over IPv6 through the port, where nothing comes back.
    EXPECT_FALSE(managerPrefixRouteOn("eth0"));
    expectBridgedAndLeftAlone();
    expectStillLeftAlone();
  }

  // A reboot, NetworkManager first: its drop-in keeps it off eth0; ifkit makes br0.
  reboot(/*managerFirst=*/true);
  {
    SCOPED_TRACE("rebooted, NetworkManager first");
    expectStillLeftAlone();
    EXPECT_FALSE(managerPrefixRouteOn("eth0"));
  }
  // And ifkit first: NetworkManager finds br0 made and leaves eth0 alone.
  reboot(/*managerFirst=*/false);
  EXPECT_TRUE(manager_->waitForState("br0", "connected (externally)", 20s)) << manager_->log();
  {
    SCOPED_TRACE("rebooted, ifkit first");
    expectStillLeftAlone();
  }

  // Given back: NetworkManager's files byte for byte (and the keyfile's mode), and
  // NetworkManager, told, configures eth0 from its profile again.
  told("iface-unbridge br0");
  told("iface-undefine eth0");
  EXPECT_EQ(folderContents(root() / "etc/NetworkManager"), original_);
  struct stat st {};
  ASSERT_EQ(
      ::stat((root() / "etc/NetworkManager/system-connections/eth0.nmconnection").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_TRUE(manager_->waitForState("eth0", "connected", 20s)) << manager_->log();
  EXPECT_EQ(managerDefaultRoutes("-4", "eth0"), 1);
  EXPECT_EQ(managerDefaultRoutes("-6", "eth0"), 1);
  EXPECT_EQ(globalAddresses("eth0"), kHostAddresses);
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));
  EXPECT_EQ(told("iface-list --inactive"),
            " Name   State   MAC Address\n"
            "-----------------------------\n\n");
}

// NetworkManager's DHCP client got eth0 its lease: told to let go before the bridge takes eth0,
// it stops acting on it, and ifkit's client on br0 keeps the lease.
//
// Known gap (ifkit's take-over plan, not the telling): the plan moves NetworkManager's default
// route (proto dhcp, metric 100) to br0, and ifkit's client on br0 adds its own (metric 0), so
// br0 has two; iface-unbridge then fails ("cannot remove default route via 10.99.0.1 dev 'br0':
// No such process") and the give-back cannot be tested here yet.
TEST_F(NetworkManagerDhcpTest, ALeaseMovesToTheBridgeAndNetworkManagerLetsGo) {
  const std::string lease = leaseOn("eth0");
  ASSERT_NE(lease, "") << manager_->log();
  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), lease);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  told("iface-bridge eth0 br0 --no-stp");
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers on its lease";
  EXPECT_EQ(probe.stop().error, "");
  for (int look = 0; look < 2; ++look) {
    SCOPED_TRACE(look == 0 ? "after iface-bridge" : "a few seconds on");
    if (look == 1) std::this_thread::sleep_for(3s);
    EXPECT_EQ(manager_->deviceStates()["eth0"], "unmanaged") << manager_->log();
    EXPECT_EQ(leaseOn("br0"), lease);
    EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
    const Json eth0 = server_.host().ipJson("link show eth0")[0];
    EXPECT_EQ(eth0["master"].str(), "br0");
    EXPECT_EQ(eth0["operstate"].str(), "UP");
    // One default route, the lease's, out of br0.
    const Json routes = server_.host().ipJson("-4 route show default");
    ASSERT_EQ(routes.size(), 1u);
    EXPECT_EQ(routes[0]["dev"].str(), "br0");
    EXPECT_TRUE(server_.lanReaches(lease));
  }
  // Unbridged, eth0 has the lease again (ifkit's client continues it there), one default route.
  ReachabilityProbe back(server_.host().name(), server_.lan().name(), lease);
  ASSERT_TRUE(back.waitForAnswers(5, 5s));
  told("iface-unbridge br0");
  EXPECT_TRUE(back.waitForAnswers(5, 5s)) << "the host no longer answers on its lease";
  EXPECT_EQ(back.stop().error, "");
  EXPECT_EQ(leaseOn("eth0"), lease);
  const Json routes = server_.host().ipJson("-4 route show default");
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0]["dev"].str(), "eth0");
}

}  // namespace
}  // namespace ifkit
