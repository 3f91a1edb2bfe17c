// SPDX-License-Identifier: LGPL-2.1-or-later
// Hosts whose NIC netplan or NetworkManager configures, through ifkit's driver end to end.
//
// netplan (an Ubuntu server): the YAML is rendered by the real `netplan generate` into the
// test root's /run/systemd/network and applied by the real systemd-networkd (networkd_in_netns.h),
// as at boot. ifkit lists the NIC as netplan's, iface-bridge takes it over under a reachability
// probe (the YAML entry cut out, networkd told by a .network of ifkit's), a reboot renders and
// runs networkd and then `ifkit boot`; unbridge and undefine give the YAML back byte for byte
// and netplan's networkd configures the NIC again at the next boot.
//
// NetworkManager (not running: its configuration is the oracle): keyfiles as nmcli writes them;
// adopting an interface adds a conf.d drop-in of ifkit's, and `NetworkManager --print-config`
// pointed into the root shows it unmanaged; two adoptions given back in either order leave the
// host's configuration exactly as it was.
#include <gtest/gtest.h>
#include <sys/stat.h>
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

const std::vector<std::string> kHostAddresses = {"192.0.2.5/24", "2001:db8::5/64"};

// What cloud-init writes on an Ubuntu server with a static address.
const char* kCloudInit =
    "# This file is generated from information provided by the datasource.\n"
    "network:\n"
    "  version: 2\n"
    "  renderer: networkd\n"
    "  ethernets:\n"
    "    eth0:\n"
    "      addresses:\n"
    "        - 192.0.2.5/24\n"
    "        - 2001:db8::5/64\n"
    "      routes:\n"
    "        - to: default\n"
    "          via: 192.0.2.1\n"
    "        - to: default\n"
    "          via: 2001:db8::1\n"
    "      accept-ra: false\n";

class NetplanHostTest : public test::ManagedHostTest {
 protected:
  NetplanHostTest() : ManagedHostTest("netplan") {
    fs::create_directories(root() / "etc/netplan");
    fs::create_directories(root() / "etc/systemd/network");
    // netplan's networkd renderer: networkd enabled, as on Ubuntu server.
    fs::create_directories(root() / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink("/lib/systemd/system/systemd-networkd.service",
                       root() / "etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
    std::ofstream(yaml()) << kCloudInit;
    ::chmod(yaml().c_str(), 0600);  // as netplan wants it
    server_.reboot();
    bootManagers();
  }

  fs::path yaml() const { return root() / "etc/netplan/50-cloud-init.yaml"; }
  fs::path rendered() const { return root() / "run/systemd/network"; }
  // What an Ubuntu boot runs before ifkit's: netplan's generator (into a fresh /run), networkd.
  void bootManagers() const {
    fs::remove_all(root() / "run");
    auto generated = test::runCommand("netplan generate --root-dir " + root().string() + " 2>&1");
    ASSERT_EQ(generated.exitCode, 0) << generated.output;
    fs::create_directories(rendered());
    test::runNetworkdFor(server_.host(), (root() / "etc/systemd/network").string(), 4,
                         rendered().string());
  }
  void reboot() {
    server_.reboot();
    bootManagers();
    ifkit("boot");
  }
};

TEST_F(NetplanHostTest, TheNicIsTakenOverFromNetplanAcrossRebootsAndGivenBack) {
  // The real netplan and networkd configured the NIC (the oracle of the starting point).
  ASSERT_EQ(globalAddresses("eth0"), kHostAddresses);
  ASSERT_TRUE(fs::exists(rendered() / "10-netplan-eth0.network"));
  const std::string listed = ifkit("iface-list --all");
  EXPECT_EQ(listed,
            " Name   State    MAC Address\n"
            "------------------------------------\n"
            " eth0   active   " + server_.nicMac() + "\n\n");
  const std::string xml = ifkit("iface-dumpxml --inactive eth0");
  EXPECT_NE(xml.find("<!-- configured by netplan: /etc/netplan/50-cloud-init.yaml"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<ip address='192.0.2.5' prefix='24'/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<route gateway='2001:db8::1'/>"), std::string::npos) << xml;

  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ServerHost::kHostV4);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  ifkit("iface-bridge eth0 br0 --no-stp");
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers";
  EXPECT_EQ(probe.stop().error, "");
  // The YAML no longer has eth0 (netplan renders nothing for it); networkd is kept off it now,
  // before netplan renders again.
  EXPECT_EQ(readFile(yaml()).find("    eth0:\n"), std::string::npos) << readFile(yaml());
  EXPECT_NE(readFile(root() / "etc/systemd/network/00-ifkit-eth0.network").find("Unmanaged=yes"),
            std::string::npos);

  // At boot netplan renders nothing for eth0, networkd leaves it alone, ifkit makes br0.
  reboot();
  EXPECT_FALSE(fs::exists(rendered() / "10-netplan-eth0.network"));
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
  EXPECT_EQ(globalAddresses("br0"), kHostAddresses);
  EXPECT_EQ(server_.host().ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  EXPECT_EQ(defaultRouteDevice("-6"), "br0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));

  // Given back: the YAML byte for byte (and its mode), ifkit's file gone, and at the next boot
  // netplan's networkd configures eth0 again.
  ifkit("iface-unbridge br0");
  ifkit("iface-undefine eth0");
  EXPECT_EQ(readFile(yaml()), kCloudInit);
  struct stat st {};
  ASSERT_EQ(::stat(yaml().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(folderContents(root() / "etc/systemd/network"),
            (std::map<std::string, std::string>{}));
  reboot();
  EXPECT_EQ(globalAddresses("eth0"), kHostAddresses);
  EXPECT_EQ(defaultRouteDevice("-4"), "eth0");
  EXPECT_EQ(ifkit("iface-list --all"), listed);
}

// Keyfiles as `nmcli --offline connection add` writes them (mode 0600, as NetworkManager wants).
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
const char* kGuestsKeyfile =
    "[connection]\n"
    "id=guests\n"
    "uuid=6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f\n"
    "type=bridge\n"
    "interface-name=guests\n"
    "\n"
    "[ethernet]\n"
    "\n"
    "[bridge]\n"
    "stp=false\n"
    "\n"
    "[ipv4]\n"
    "method=disabled\n"
    "\n"
    "[ipv6]\n"
    "addr-gen-mode=default\n"
    "method=ignore\n"
    "\n"
    "[proxy]\n";
const char* kHostConfig = "[main]\nplugins=keyfile\n\n[keyfile]\nunmanaged-devices=interface-name:veth*\n";

class NetworkManagerHostTest : public test::ManagedHostTest {
 protected:
  NetworkManagerHostTest() : ManagedHostTest("nm") {
    const fs::path connections = root() / "etc/NetworkManager/system-connections";
    fs::create_directories(connections);
    fs::create_directories(root() / "etc/NetworkManager/conf.d");
    std::ofstream(root() / "etc/NetworkManager/NetworkManager.conf") << kHostConfig;
    std::ofstream(connections / "eth0.nmconnection") << kEth0Keyfile;
    std::ofstream(connections / "guests.nmconnection") << kGuestsKeyfile;
    ::chmod((connections / "eth0.nmconnection").c_str(), 0600);
    ::chmod((connections / "guests.nmconnection").c_str(), 0600);
    server_.reboot();
    original_ = folderContents(root() / "etc/NetworkManager");
  }

  // The merged list of unmanaged devices, as the real NetworkManager reads its configuration.
  std::string unmanagedDevices() const {
    const std::string r = root().string();
    auto printed = test::runCommand(
        "NetworkManager --print-config --config=" + r + "/etc/NetworkManager/NetworkManager.conf" +
        " --config-dir=" + r + "/etc/NetworkManager/conf.d --system-config-dir=" + r +
        "/usr/lib/NetworkManager/conf.d --intern-config=" + r + "/var/lib/nm-intern.conf 2>&1");
    std::istringstream lines(printed.output);
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with("unmanaged-devices=")) return line;
    return "";
  }
  void define(const std::string& name, const std::string& xml) const {
    std::ofstream(dir_ / (name + ".xml")) << xml;
    ifkit("iface-define " + (dir_ / (name + ".xml")).string());
  }

  std::map<std::string, std::string> original_;
};

TEST_F(NetworkManagerHostTest, AdoptedInterfacesAreUnmanagedAndGivenBackInEitherOrder) {
  ASSERT_EQ(unmanagedDevices(), "unmanaged-devices=interface-name:veth*");
  const std::string xml = ifkit("iface-dumpxml --inactive eth0");
  EXPECT_NE(xml.find("<!-- configured by NetworkManager: "
                     "/etc/NetworkManager/system-connections/eth0.nmconnection"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<ip address='2001:db8::5' prefix='64'/>"), std::string::npos) << xml;
  auto refused = run("iface-undefine eth0");
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.output.find("NetworkManager"), std::string::npos) << refused.output;

  // Two definitions, each taking one interface over: each has a drop-in of its own.
  define("br0", "<interface type='bridge' name='br0'><start mode='onboot'/>"
                "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>");
  define("guests", "<interface type='bridge' name='guests'><start mode='onboot'/>"
                   "<bridge stp='off'/></interface>");
  EXPECT_EQ(unmanagedDevices(),
            "unmanaged-devices=interface-name:veth*,interface-name:=eth0,interface-name:=guests");
  auto adopted = folderContents(root() / "etc/NetworkManager");
  EXPECT_EQ(adopted.size(), original_.size() + 2);
  for (const auto& [file, bytes] : original_) EXPECT_EQ(adopted[file], bytes) << file;

  // Given back in the order they were not taken: each drop-in goes, the rest stays.
  ifkit("iface-undefine br0");
  EXPECT_EQ(unmanagedDevices(), "unmanaged-devices=interface-name:veth*,interface-name:=guests");
  ifkit("iface-undefine guests");
  EXPECT_EQ(unmanagedDevices(), "unmanaged-devices=interface-name:veth*");
  EXPECT_EQ(folderContents(root() / "etc/NetworkManager"), original_);
  EXPECT_NE(ifkit("iface-list --inactive").find("guests"), std::string::npos);
}

// A manager's file that cannot be written (its drop-in folder is gone) refuses the define and
// changes nothing: no definition stored, no hand-over record, every file as it was.
TEST_F(NetworkManagerHostTest, ADropInThatCannotBeWrittenChangesNothing) {
  fs::remove(root() / "etc/NetworkManager/conf.d");
  const auto before = folderContents(root() / "etc/NetworkManager");
  std::ofstream(dir_ / "br0.xml") << "<interface type='bridge' name='br0'><start mode='onboot'/>"
                                     "<bridge stp='off'><interface type='ethernet' name='eth0'/>"
                                     "</bridge></interface>";
  auto refused = run("iface-define " + (dir_ / "br0.xml").string());
  EXPECT_NE(refused.exitCode, 0) << refused.output;
  EXPECT_NE(refused.output.find("99-ifkit-unmanaged-eth0.conf"), std::string::npos)
      << refused.output;
  EXPECT_EQ(folderContents(root() / "etc/NetworkManager"), before);
  EXPECT_FALSE(fs::exists(dir_ / "store/br0.xml"));
  EXPECT_TRUE(folderContents(dir_ / "store/.handover").empty());
  // NetworkManager's eth0 is listed as before, and defines once the folder is back.
  EXPECT_NE(ifkit("iface-dumpxml --inactive eth0").find("configured by NetworkManager"),
            std::string::npos);
  fs::create_directories(root() / "etc/NetworkManager/conf.d");
  ifkit("iface-define " + (dir_ / "br0.xml").string());
  EXPECT_TRUE(fs::exists(dir_ / "store/br0.xml"));
}

}  // namespace
}  // namespace ifkit
