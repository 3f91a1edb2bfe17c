// SPDX-License-Identifier: LGPL-2.1-or-later
// A server whose bond and VLAN systemd-networkd makes and configures, taken over by ifkit, in
// the test VM (tests/vm/VmTest.cmake: this host's kernel has no bonding nor 802.1q). networkd
// runs for real (networkd_in_netns.h) on the files of the test's root, which ifkit reads and
// writes through ifkit:///system?root=: bond0 over eth0 and eth1 with the host's addresses and
// default routes, the VLAN bond0.100 on it with an address of its own.
//
// ifkit lists both as networkd's; bridging bond0 is refused while networkd still makes the VLAN
// on it (an unmanaged bond0 would lose networkd's VLAN at the next boot), so the VLAN is defined
// in ifkit first; iface-bridge then hands bond0 over under a probe from the LAN; a reboot
// (networkd's boot step, then `ifkit boot`) gives br0 over bond0 over both NICs with the
// addresses, networkd leaving them alone; unbridge and undefine give networkd its folder back
// byte for byte, and at the next boot networkd makes bond0 and its VLAN again.
//
// It refuses to run unless IFKIT_VM=1, which only the VM's init sets (it adds networkd's user to
// /etc/passwd and clears start records in /run/ifkit).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"
#include "managed_host_test.h"
#include "networkd_in_netns.h"
#include "reachability_probe.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::folderContents;
using test::Json;
using test::ReachabilityProbe;
using test::TestNetns;

constexpr const char* kHostV4 = "192.0.2.5";
constexpr const char* kHostV6 = "2001:db8::5";
constexpr const char* kVlanV4 = "198.51.100.5";
const std::vector<std::string> kHostAddresses = {"192.0.2.5/24", "2001:db8::5/64"};
const std::vector<std::string> kVlanAddresses = {"198.51.100.5/24"};

// networkd's files, as an administrator writes them for a bonded server with a VLAN.
const std::map<std::string, std::string> kNetworkdFiles = {
    {"10-bond0.netdev",
     "[NetDev]\nName=bond0\nKind=bond\n\n[Bond]\nMode=active-backup\nMIIMonitorSec=100ms\n"},
    {"10-nics.network",
     "# Both NICs in the bond\n[Match]\nName=eth0 eth1\n\n[Network]\nBond=bond0\n"},
    {"20-bond0.network",
     "[Match]\nName=bond0\n\n[Network]\nAddress=192.0.2.5/24\nGateway=192.0.2.1\n"
     "Gateway=2001:db8::1\nIPv6AcceptRA=no\nVLAN=bond0.100\n\n"
     "[Address]\nAddress=2001:db8::5/64\nDuplicateAddressDetection=none\n"},
    {"30-bond0.100.netdev", "[NetDev]\nName=bond0.100\nKind=vlan\n\n[VLAN]\nId=100\n"},
    {"30-bond0.100.network",
     "[Match]\nName=bond0.100\n\n[Network]\nAddress=198.51.100.5/24\nIPv6AcceptRA=no\n"},
};

// The LAN (a switch with the gateway's addresses, and the gateway on VLAN 100) and the host
// with its two NICs, bare and down as a boot finds them. A reboot makes both anew.
class LanAndHost {
 public:
  LanAndHost() {
    lan_.ip("link add sw type bridge");
    lan_.ip("addr add 192.0.2.1/24 dev sw");
    lan_.ip("addr add 2001:db8::1/64 dev sw nodad");
    lan_.ip("link add link sw name sw.100 type vlan id 100");
    lan_.ip("addr add 198.51.100.1/24 dev sw.100");
    for (const char* nic : {"eth0", "eth1"}) {
      const std::string port = std::string("lan") + nic[3];
      host_.ip(std::string("link add ") + nic + " type veth peer name " + port + " netns " +
               lan_.name());
      lan_.ip("link set " + port + " master sw up");
    }
    lan_.ip("link set sw up");
    lan_.ip("link set sw.100 up");
    lan_.ip("link set lo up");
    host_.ip("link set lo up");
  }
  const TestNetns& host() const { return host_; }
  const TestNetns& lan() const { return lan_; }

 private:
  TestNetns host_;
  TestNetns lan_;
};

class VmManagerTest : public ::testing::Test {
 protected:
  // What the guest lacks for networkd: its user and group, a machine id (its bond's MAC is
  // derived from it), the folders its private mounts go on.
  static void SetUpTestSuite() {
    if (test::readFile("/etc/passwd").find("systemd-network:") == std::string::npos) {
      std::ofstream("/etc/passwd", std::ios::app)
          << "systemd-network:x:998:998:networkd:/:/usr/sbin/nologin\n";
      std::ofstream("/etc/group", std::ios::app) << "systemd-network:x:998:\n";
    }
    if (!fs::exists("/etc/machine-id"))
      std::ofstream("/etc/machine-id") << "0123456789abcdef0123456789abcdef\n";
    fs::create_directories("/etc/systemd/network");
    fs::create_directories("/run/systemd");
  }

  void SetUp() override {
    fs::remove_all(dir_);
    fs::remove_all("/run/ifkit");
    fs::create_directories(networkFolder());
    // networkd enabled, as `systemctl enable systemd-networkd` leaves it.
    fs::create_directories(root() / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink(
        "/lib/systemd/system/systemd-networkd.service",
        root() / "etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
    for (const auto& [name, text] : kNetworkdFiles) std::ofstream(networkFolder() / name) << text;
    original_ = folderContents(networkFolder());
    world_.emplace();
    runNetworkd();
  }
  void TearDown() override {
    world_.reset();
    fs::remove_all(dir_);
    fs::remove_all("/run/ifkit");
  }

  fs::path root() const { return dir_ / "root"; }
  fs::path networkFolder() const { return root() / "etc/systemd/network"; }
  const TestNetns& host() const { return world_->host(); }

  // networkd's boot step on the root's files; under TCG it is given longer than on the host.
  void runNetworkd() const { test::runNetworkdFor(host(), networkFolder().string(), 8); }
  // A reboot: the kernel forgets everything (the namespaces and NICs made anew), /run empties;
  // networkd runs, then ifkit's boot.
  void reboot() {
    world_.reset();
    fs::remove_all("/run/ifkit");
    world_.emplace();
    runNetworkd();
    ifkit("boot");
  }

  std::string uri() const {
    return "ifkit:///system?netns=" + host().name() + "&store=" + (dir_ / "store").string() +
           "&root=" + root().string();
  }
  test::CommandResult run(const std::string& commands) const {
    return test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' '" + commands + "'");
  }
  std::string ifkit(const std::string& commands) const {
    auto r = run(commands);
    EXPECT_EQ(r.exitCode, 0) << commands << ": " << r.output;
    return r.output;
  }

  Json link(const std::string& name) const { return host().ipJson("-d link show " + name)[0]; }
  bool exists(const std::string& name) const {
    return test::runCommand("ip -n " + host().name() + " link show " + name).exitCode == 0;
  }
  std::vector<std::string> globalAddresses(const std::string& name) const {
    std::vector<std::string> out;
    for (const Json& a : host().ipJson("addr show dev " + name)[0]["addr_info"].items())
      if (a["scope"].str() == "global")
        out.push_back(a["local"].str() + "/" + std::to_string(a["prefixlen"].integer()));
    return out;
  }
  std::string defaultRouteDevice(const char* family) const {
    Json routes = host().ipJson(std::string(family) + " route show default");
    return routes.size() == 1 ? routes[0]["dev"].str() : std::string();
  }
  // Whether the LAN gets an answer from `address` within 5 s (the VM's CPU is emulated).
  bool lanReaches(const std::string& address) const {
    ReachabilityProbe probe(host().name(), world_->lan().name(), address);
    return probe.waitForAnswers(1, 5s);
  }

  // bond0 over both NICs, as networkd makes it from its files; `master`: the bridge it is a
  // port of ("" for none); `addresses`: the host's, on bond0 (networkd's) or not (br0 has them).
  void expectTheBond(const std::string& master, bool addresses) const {
    const Json bond = link("bond0");
    EXPECT_EQ(bond["linkinfo"]["info_kind"].str(), "bond");
    EXPECT_EQ(bond["linkinfo"]["info_data"]["mode"].str(), "active-backup");
    EXPECT_EQ(bond["linkinfo"]["info_data"]["miimon"].integer(), 100);
    EXPECT_TRUE(bond["flags"].contains("UP"));
    EXPECT_EQ(bond.has("master") ? bond["master"].str() : std::string(), master);
    EXPECT_EQ(globalAddresses("bond0"), addresses ? kHostAddresses : std::vector<std::string>{});
    for (const char* nic : {"eth0", "eth1"}) {
      EXPECT_EQ(link(nic)["master"].str(), "bond0") << nic;
      EXPECT_EQ(globalAddresses(nic), std::vector<std::string>{}) << nic;
    }
    const Json vlan = link("bond0.100");
    EXPECT_EQ(vlan["linkinfo"]["info_kind"].str(), "vlan");
    EXPECT_EQ(vlan["linkinfo"]["info_data"]["id"].integer(), 100);
    EXPECT_EQ(vlan["link"].str(), "bond0");
    EXPECT_EQ(globalAddresses("bond0.100"), kVlanAddresses);
    const std::string device = addresses ? "bond0" : "br0";
    EXPECT_EQ(defaultRouteDevice("-4"), device);
    EXPECT_EQ(defaultRouteDevice("-6"), device);
    EXPECT_TRUE(lanReaches(kHostV4)) << "the host does not answer over IPv4";
    EXPECT_TRUE(lanReaches(kHostV6)) << "the host does not answer over IPv6";
    EXPECT_TRUE(lanReaches(kVlanV4)) << "the host does not answer on VLAN 100";
  }

  fs::path dir_ = "/tmp/ifkit-vm-manager";
  std::map<std::string, std::string> original_;
  std::optional<LanAndHost> world_;
};

TEST_F(VmManagerTest, NetworkdsBondAndVlanAreListedAndDescribedAsItsFilesSay) {
  // networkd did make and configure them as its files say (the oracle of the starting point).
  expectTheBond("", true);
  const std::string list = ifkit("iface-list --all");
  EXPECT_EQ(list.substr(0, list.find('\n')), " Name        State    MAC Address");
  EXPECT_NE(list.find("\n bond0       active   " + link("bond0")["address"].str() + "\n"),
            std::string::npos)
      << list;
  EXPECT_NE(list.find("\n bond0.100   active   " + link("bond0.100")["address"].str() + "\n"),
            std::string::npos)
      << list;
  EXPECT_EQ(list.find("eth"), std::string::npos) << "the bond's slaves are not listed: " << list;
  EXPECT_EQ(ifkit("iface-dumpxml --inactive bond0"),
            "<interface type='bond' name='bond0'>\n"
            "  <!-- configured by systemd-networkd: /etc/systemd/network/20-bond0.network, "
            "/etc/systemd/network/10-bond0.netdev, /etc/systemd/network/10-nics.network -->\n"
            "  <!-- not expressed: /etc/systemd/network/20-bond0.network:13: [Address] "
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
            "  <bond mode='active-backup'>\n"
            "    <miimon freq='100'/>\n"
            "    <interface type='ethernet' name='eth0'>\n"
            "    </interface>\n"
            "    <interface type='ethernet' name='eth1'>\n"
            "    </interface>\n"
            "  </bond>\n"
            "</interface>\n\n");
  EXPECT_EQ(ifkit("iface-dumpxml --inactive bond0.100"),
            "<interface type='vlan' name='bond0.100'>\n"
            "  <!-- configured by systemd-networkd: /etc/systemd/network/30-bond0.100.network, "
            "/etc/systemd/network/30-bond0.100.netdev -->\n"
            "  <start mode='onboot'/>\n"
            "  <protocol family='ipv4'>\n"
            "    <ip address='198.51.100.5' prefix='24'/>\n"
            "  </protocol>\n"
            "  <vlan tag='100'>\n"
            "    <interface name='bond0'/>\n"
            "  </vlan>\n"
            "</interface>\n\n");
  EXPECT_EQ(folderContents(networkFolder()), original_);
}

TEST_F(VmManagerTest, BondAndVlanAreTakenOverAcrossARebootAndGivenBack) {
  // bond0 alone cannot go: networkd makes bond0.100 only on a bond0 it configures.
  auto refused = run("iface-bridge bond0 br0 --no-stp");
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.output.find("cannot make systemd-networkd leave bond0 alone: it makes the "
                                "VLAN bond0.100 on bond0"),
            std::string::npos)
      << refused.output;
  EXPECT_EQ(folderContents(networkFolder()), original_);
  EXPECT_FALSE(exists("br0"));

  // The VLAN first, as networkd describes it: its files go, the live VLAN stays as it is.
  const fs::path vlanXml = dir_ / "bond0.100.xml";
  std::ofstream(vlanXml) << ifkit("iface-dumpxml --inactive bond0.100");
  ifkit("iface-define " + vlanXml.string());
  auto files = folderContents(networkFolder());
  EXPECT_EQ(files.count("30-bond0.100.netdev"), 0u);
  EXPECT_NE(files["00-ifkit-bond0.100.network"].find("Name=bond0.100\n\n[Link]\nUnmanaged=yes\n"),
            std::string::npos);
  EXPECT_EQ(globalAddresses("bond0.100"), kVlanAddresses);

  // Then the bond, under the bridge, over the connection the host is reached through.
  {
    ReachabilityProbe probe(host().name(), world_->lan().name(), kHostV4);
    ASSERT_TRUE(probe.waitForAnswers(5, 5s));
    ifkit("iface-bridge bond0 br0 --no-stp");
    EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers";
    const ReachabilityProbe::Result r = probe.stop();
    EXPECT_EQ(r.error, "");
    RecordProperty(
        "bridge_longest_gap_ms",
        std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(r.longestGap).count()));
  }
  files = folderContents(networkFolder());
  for (const char* name : {"bond0", "eth0", "eth1"})
    EXPECT_NE(files["00-ifkit-" + std::string(name) + ".network"].find(
                  "Name=" + std::string(name) + "\n\n[Link]\nUnmanaged=yes\n"),
              std::string::npos)
        << name;
  EXPECT_EQ(files.count("10-bond0.netdev"), 0u) << "networkd would make bond0 at boot";
  for (const char* kept : {"10-nics.network", "20-bond0.network", "30-bond0.100.network"})
    EXPECT_EQ(files[kept], kNetworkdFiles.at(kept)) << kept;
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  expectTheBond("br0", false);

  // networkd runs first at boot and leaves all of it alone; ifkit's boot makes br0 over bond0
  // over both NICs, and the VLAN on bond0.
  reboot();
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(link("br0")["linkinfo"]["info_kind"].str(), "bridge");
  expectTheBond("br0", false);

  // Given back: networkd's folder exactly as it was, and at the next boot networkd makes the
  // bond and its VLAN with their addresses again.
  ifkit("iface-unbridge br0");
  ifkit("iface-undefine bond0");
  ifkit("iface-undefine bond0.100");
  EXPECT_EQ(folderContents(networkFolder()), original_);
  reboot();
  EXPECT_FALSE(exists("br0"));
  expectTheBond("", true);
}

}  // namespace
}  // namespace ifkit

int main(int argc, char** argv) {
  const char* vm = std::getenv("IFKIT_VM");
  if (vm == nullptr || std::string_view(vm) != "1") {
    std::fprintf(stderr,
                 "vm_manager_test: refusing to run: IFKIT_VM=1 is not set, so this is not the "
                 "test VM, and the files it changes (/etc/passwd, /run/ifkit) would be this "
                 "host's own. Run it in the VM: ctest -R system_networkd_bond_vm\n");
    return 2;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
