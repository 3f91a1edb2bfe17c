// SPDX-License-Identifier: LGPL-2.1-or-later
// A server whose NIC systemd-networkd configures (a minimal or cloud image): ifkit lists and
// describes networkd's configuration, iface-bridge takes the NIC over (a .network of ifkit's
// that networkd picks first for eth0, with Unmanaged=yes), a reboot runs networkd's boot step
// and then `ifkit boot`, and the bridge has the host's addresses while networkd left the NIC
// alone; iface-unbridge and iface-undefine give networkd its folder back byte for byte, and it
// configures the NIC again at the next boot. With networkd running (and a system bus of its own),
// ifkit tells it to let go once br0 holds the addresses, and to take eth0 back on undefine.
//
// networkd runs for real (networkd_in_netns.h) on the test's root's etc/systemd/network; ifkit
// reads and writes the same files through ifkit:///system?root=.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "managed_host_test.h"
#include "networkd_in_netns.h"
#include "reachability_probe.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::folderContents;
using test::readFile;
using test::ReachabilityProbe;
using test::ServerHost;

// The server's NIC as an administrator writes it for networkd: static IPv4 and IPv6 (without
// duplicate address detection, which only delays), the default routes via the LAN's gateway.
const char* kWired =
    "# The server's NIC\n"
    "[Match]\n"
    "Name=eth0\n"
    "\n"
    "[Network]\n"
    "Address=192.0.2.5/24\n"
    "Gateway=192.0.2.1\n"
    "Gateway=2001:db8::1\n"
    "IPv6AcceptRA=no\n"
    "\n"
    "[Address]\n"
    "Address=2001:db8::5/64\n"
    "DuplicateAddressDetection=none\n";

class NetworkdHostTest : public test::ManagedHostTest {
 protected:
  NetworkdHostTest() : ManagedHostTest("networkd") {
    fs::create_directories(networkFolder());
    fs::create_directories(runtimeFolder());
    // networkd enabled, as `systemctl enable systemd-networkd` leaves it.
    fs::create_directories(root() / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink("/lib/systemd/system/systemd-networkd.service",
                       root() / "etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
    std::ofstream(networkFolder() / "20-wired.network") << kWired;
    original_ = folderContents(networkFolder());
    // The host as networkd brought it up at boot.
    server_.reboot();
    runNetworkd();
  }

  fs::path networkFolder() const { return root() / "etc/systemd/network"; }
  // Where netplan renders networkd's files at boot.
  fs::path runtimeFolder() const { return root() / "run/systemd/network"; }
  void runNetworkd() const {
    test::runNetworkdFor(server_.host(), networkFolder().string(), 4, runtimeFolder().string());
  }
  // A reboot: the kernel forgets everything; networkd runs, then ifkit's boot.
  void reboot() {
    server_.reboot();
    runNetworkd();
    ifkit("boot");
  }

  std::map<std::string, std::string> original_;
};

const std::vector<std::string> kHostAddresses = {"192.0.2.5/24", "2001:db8::5/64"};

TEST_F(NetworkdHostTest, NetworkdsInterfacesAreListedAndDescribedAsItConfiguresThem) {
  // networkd did configure the NIC as its file says (the oracle of the starting point).
  ASSERT_EQ(globalAddresses("eth0"), kHostAddresses);
  EXPECT_EQ(ifkit("iface-list --all"),
            " Name   State    MAC Address\n"
            "------------------------------------\n"
            " eth0   active   " + server_.nicMac() + "\n\n");
  EXPECT_EQ(ifkit("iface-dumpxml --inactive eth0"),
            "<interface type='ethernet' name='eth0'>\n"
            "  <!-- configured by systemd-networkd: /etc/systemd/network/20-wired.network -->\n"
            "  <!-- not expressed: /etc/systemd/network/20-wired.network:13: [Address] "
            "DuplicateAddressDetection=none -->\n"
            "  <start mode='onboot'/>\n"
            "  <protocol family='ipv4'>\n"
            "    <ip address='192.0.2.5' prefix='24'/>\n"
            "    <route gateway='192.0.2.1'/>\n"
            "  </protocol>\n"
            "  <protocol family='ipv6'>\n"
            "    <ip address='2001:db8::5' prefix='64'/>\n"
            "    <route gateway='2001:db8::1'/>\n"
            "  </protocol>\n"
            "</interface>\n\n");
  auto refused = run("iface-undefine eth0");
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.output.find("is configured by systemd-networkd in "
                                "'/etc/systemd/network/20-wired.network'"),
            std::string::npos) << refused.output;
  EXPECT_EQ(folderContents(networkFolder()), original_);
}

TEST_F(NetworkdHostTest, BridgingTheNicTakesItOverFromNetworkdAcrossAReboot) {
  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ServerHost::kHostV4);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  ifkit("iface-bridge eth0 br0 --no-stp");
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers";
  EXPECT_EQ(probe.stop().error, "");

  // networkd's own file is as it was; ifkit's comes first for eth0 and unmanages it.
  auto released = folderContents(networkFolder());
  EXPECT_EQ(released.size(), 2u);
  EXPECT_EQ(released["20-wired.network"], kWired);
  EXPECT_NE(released["00-ifkit-eth0.network"].find("[Match]\nName=eth0\n\n[Link]\nUnmanaged=yes\n"),
            std::string::npos) << released["00-ifkit-eth0.network"];
  EXPECT_EQ(ifkit("iface-list --all"),
            " Name   State    MAC Address\n"
            "------------------------------------\n"
            " br0    active   " + server_.nicMac() + "\n\n");

  // networkd runs first at boot and leaves eth0 alone; ifkit's boot makes br0 over it.
  reboot();
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(server_.host().ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  EXPECT_EQ(defaultRouteDevice("-6"), "br0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));

  // Unbridged and undefined, the NIC is networkd's again: its folder exactly as it was, and
  // after a reboot networkd configures eth0.
  ifkit("iface-unbridge br0");
  ifkit("iface-undefine eth0");
  EXPECT_EQ(folderContents(networkFolder()), original_);
  reboot();
  EXPECT_EQ(globalAddresses("eth0"), kHostAddresses);
  EXPECT_EQ(defaultRouteDevice("-4"), "eth0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));
}

// --dry-run shows the file ifkit would add; a file of ifkit's edited by hand is never
// overwritten nor removed.
TEST_F(NetworkdHostTest, DryRunShowsTheFileAndAHandEditedOneIsKept) {
  const fs::path xml = dir_ / "br0.xml";
  std::ofstream(xml) << "<interface type='bridge' name='br0'><start mode='onboot'/>"
                        "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge>"
                        "</interface>";
  const std::string plan = ifkit("iface-define " + xml.string() + " --dry-run");
  EXPECT_EQ(plan.substr(0, plan.find("@@")),
            "write " + (dir_ / "store").string() + "/br0.xml\n"
            "create /etc/systemd/network/00-ifkit-eth0.network\n"
            "--- /dev/null\n"
            "+++ /etc/systemd/network/00-ifkit-eth0.network\n") << plan;
  EXPECT_NE(plan.find("\n+Unmanaged=yes\n"), std::string::npos) << plan;
  EXPECT_EQ(folderContents(networkFolder()), original_);

  ifkit("iface-define " + xml.string());
  const fs::path ours = networkFolder() / "00-ifkit-eth0.network";
  const std::string edited = readFile(ours) + "# kept by the administrator\n";
  std::ofstream(ours) << edited;
  auto refused = run("iface-undefine br0");
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.output.find("was changed by hand"), std::string::npos) << refused.output;
  EXPECT_EQ(readFile(ours), edited);
  EXPECT_NE(ifkit("iface-list --all").find("br0"), std::string::npos);
}

// A rollback gives networkd its folder back (ifkit's file removed), and one that brings a
// definition back adds it again.
TEST_F(NetworkdHostTest, RollbackGivesTheFolderBackAndTakesItAgainWhereItMust) {
  ifkit("iface-begin; iface-bridge eth0 br0 --no-stp");
  EXPECT_NE(folderContents(networkFolder()), original_);
  ifkit("iface-rollback");
  EXPECT_EQ(folderContents(networkFolder()), original_);
  EXPECT_EQ(globalAddresses("eth0"), kHostAddresses);

  ifkit("iface-bridge eth0 br0 --no-stp");
  const auto released = folderContents(networkFolder());
  ifkit("iface-begin; iface-unbridge br0; iface-undefine eth0");
  EXPECT_EQ(folderContents(networkFolder()), original_);
  ifkit("iface-rollback");
  EXPECT_EQ(folderContents(networkFolder()), released);
  EXPECT_NE(ifkit("iface-list --all").find("br0"), std::string::npos);
}

// An Ubuntu VM host: netplan rendered a bridge over the NIC into /run/systemd/network. Defining
// the bridge in ifkit masks netplan's .netdev from /etc and unmanages both links; networkd then
// makes no br0 at boot and ifkit's boot does; undefine gives /etc back and networkd makes br0.
TEST_F(NetworkdHostTest, NetplansBridgeIsMaskedTakenOverAndGivenBack) {
  fs::remove(networkFolder() / "20-wired.network");
  original_ = folderContents(networkFolder());
  std::ofstream(runtimeFolder() / "10-netplan-br0.netdev")
      << "[NetDev]\nName=br0\nKind=bridge\n\n[Bridge]\nSTP=false\n";
  std::ofstream(runtimeFolder() / "10-netplan-br0.network")
      << "[Match]\nName=br0\n\n[Network]\nLinkLocalAddressing=ipv6\nAddress=192.0.2.5/24\n"
         "Address=2001:db8::5/64\nGateway=192.0.2.1\nGateway=2001:db8::1\n"
         "ConfigureWithoutCarrier=yes\n";
  std::ofstream(runtimeFolder() / "10-netplan-eth0.network")
      << "[Match]\nName=eth0\n\n[Network]\nLinkLocalAddressing=no\nBridge=br0\n";
  const auto rendered = folderContents(runtimeFolder());
  reboot();
  ASSERT_EQ(globalAddresses("br0"), kHostAddresses);
  ASSERT_EQ(server_.host().ipJson("link show eth0")[0]["master"].str(), "br0");

  const std::string xml = ifkit("iface-dumpxml --inactive br0");
  EXPECT_NE(xml.find("<!-- configured by systemd-networkd: /run/systemd/network/10-netplan-br0.network"),
            std::string::npos) << xml;
  std::ofstream(dir_ / "br0.xml") << xml;
  ifkit("iface-define " + (dir_ / "br0.xml").string());
  auto etc = folderContents(networkFolder());
  EXPECT_EQ(etc.size(), 3u);
  EXPECT_EQ(etc["10-netplan-br0.netdev"], "");  // the mask
  EXPECT_NE(etc["00-ifkit-br0.network"].find("Unmanaged=yes"), std::string::npos);
  EXPECT_NE(etc["00-ifkit-eth0.network"].find("Unmanaged=yes"), std::string::npos);
  EXPECT_EQ(folderContents(runtimeFolder()), rendered);

  // At boot networkd makes no br0 and leaves eth0 alone; ifkit's boot makes br0.
  server_.reboot();
  runNetworkd();
  EXPECT_NE(test::runCommand("ip -n " + server_.host().name() + " link show br0").exitCode, 0);
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
  ifkit("boot");
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(server_.host().ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));

  // Given back: /etc as it was, and networkd makes br0 again at the next boot.
  ifkit("iface-undefine br0");
  EXPECT_EQ(folderContents(networkFolder()), original_);
  server_.reboot();
  runNetworkd();
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(server_.host().ipJson("link show eth0")[0]["master"].str(), "br0");
}

// networkd running, as on a host: ifkit tells it to let go once br0 holds the host's addresses
// (not before: it would take them away), so that a carrier change later does not bring its
// configuration back onto eth0 beside br0's.
TEST_F(NetworkdHostTest, ARunningNetworkdIsToldToLetGoOnceTheBridgeHoldsTheAddresses) {
  test::RunningNetworkd networkd(server_.host(), networkFolder().string(), dir_.string());
  ASSERT_TRUE(networkd.logged("eth0: Configuring with /etc/systemd/network/20-wired.network", 10s))
      << networkd.log();
  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ServerHost::kHostV4);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  auto r = test::runCommand(networkd.busEnvironment() + " " + IFKIT_BIN + " -c '" + uri() +
                            "' 'iface-bridge eth0 br0 --no-stp'");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
  EXPECT_TRUE(networkd.logged("eth0: Unmanaging interface", 10s)) << networkd.log();
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers";
  EXPECT_EQ(probe.stop().error, "");
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});

  // The cable out and in again: networkd, told, leaves eth0 as it is.
  server_.lan().ip("link set lan0 down");
  server_.lan().ip("link set lan0 up");
  ASSERT_TRUE(networkd.logged("eth0: Gained carrier", 10s, 2)) << networkd.log();
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");

  // Given back, networkd configures eth0 again at once.
  ifkit("iface-unbridge br0");
  auto back = test::runCommand(networkd.busEnvironment() + " " + IFKIT_BIN + " -c '" + uri() +
                               "' 'iface-undefine eth0'");
  ASSERT_EQ(back.exitCode, 0) << back.output;
  EXPECT_EQ(folderContents(networkFolder()), original_);
  EXPECT_TRUE(networkd.logged("eth0: Reconfiguring with /etc/systemd/network/20-wired.network", 10s))
      << networkd.log();
  EXPECT_EQ(globalAddresses("eth0"), kHostAddresses);
}

}  // namespace
}  // namespace ifkit
