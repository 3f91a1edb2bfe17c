// SPDX-License-Identifier: LGPL-2.1-or-later
// A Debian server whose NIC ifupdown configures, as a VM host's administrator meets it: ifkit
// lists and describes ifupdown's configuration, iface-bridge takes the NIC over from ifupdown
// (its stanza out of /etc/network/interfaces, durably), a reboot runs ifupdown's boot step
// (`ifup -a`) and then `ifkit boot`, and the bridge has the host's addresses while ifupdown left
// the NIC alone; iface-unbridge and iface-undefine give ifupdown its file back byte for byte.
//
// ifupdown runs for real: its `ifup -a` in the host's namespace, with the test's root's
// etc/network bind-mounted over /etc/network in a private mount namespace (its state in the
// root too), so that the host's own /etc is never read or written. ifkit reads the same files
// through ifkit:///system?root=.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "managed_host_test.h"
#include "reachability_probe.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::ReachabilityProbe;
using test::readFile;
using test::ServerHost;

// The server's NIC as Debian's installer leaves a static configuration, with IPv6.
const char* kInterfaces =
    "# This file describes the network interfaces available on your system\n"
    "# and how to activate them. For more information, see interfaces(5).\n"
    "\n"
    "auto lo\n"
    "iface lo inet loopback\n"
    "\n"
    "# The primary network interface\n"
    "auto eth0\n"
    "iface eth0 inet static\n"
    "\taddress 192.0.2.5/24\n"
    "\tgateway 192.0.2.1\n"
    "\n"
    "iface eth0 inet6 static\n"
    "\taddress 2001:db8::5/64\n"
    "\tgateway 2001:db8::1\n"
    "\tdad-attempts 0\n";

class IfupdownHostTest : public test::ManagedHostTest {
 protected:
  IfupdownHostTest() : ManagedHostTest("ifupdown") {
    for (const char* hooks : {"if-pre-up.d", "if-up.d", "if-down.d", "if-post-down.d"})
      fs::create_directories(root() / "etc/network" / hooks);
    fs::create_directories(root() / "run/network");
    std::ofstream(interfacesFile()) << kInterfaces;
    // The host as ifupdown brought it up at boot.
    server_.reboot();
    ifupAll();
  }

  fs::path interfacesFile() const { return root() / "etc/network/interfaces"; }
  // ifupdown's boot step (networking.service runs `ifup -a`), on the root's files.
  void ifupAll() const {
    auto r = test::runCommand(
        "ip netns exec " + server_.host().name() + " unshare -m --propagation private sh -c '" +
        "mount --bind " + (root() / "etc/network").string() + " /etc/network && " +
        "exec ifup -a --state-dir " + (root() / "run/network").string() + "' 2>&1");
    EXPECT_EQ(r.exitCode, 0) << r.output;
  }
  // A reboot: the kernel and /run forget everything; ifupdown runs, then ifkit's boot, whose
  // output (warnings included) is returned.
  std::string reboot() {
    server_.reboot();
    fs::remove_all(root() / "run/network");
    fs::create_directories(root() / "run/network");
    ifupAll();
    return ifkit("boot");
  }
};

TEST_F(IfupdownHostTest, IfupdownsInterfacesAreListedAndDescribedAsItConfiguresThem) {
  // ifupdown did configure the NIC as its file says (the oracle of the starting point).
  ASSERT_EQ(globalAddresses("eth0"),
            (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
  EXPECT_EQ(ifkit("iface-list --all"),
            " Name   State    MAC Address\n"
            "------------------------------------\n"
            " eth0   active   " + server_.nicMac() + "\n\n");
  EXPECT_EQ(ifkit("iface-dumpxml --inactive eth0"),
            "<interface type='ethernet' name='eth0'>\n"
            "  <!-- configured by ifupdown: /etc/network/interfaces:9-11, "
            "/etc/network/interfaces:13-16 -->\n"
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
  // Down, it is a defined interface.
  server_.host().ip("link set eth0 down");
  EXPECT_EQ(ifkit("iface-list --inactive"),
            " Name   State      MAC Address\n"
            "--------------------------------------\n"
            " eth0   inactive   " + server_.nicMac() + "\n\n");
  // Not ifkit's to undefine: nothing changes.
  auto refused = run("iface-undefine eth0");
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.output.find("is configured by ifupdown in '/etc/network/interfaces'"),
            std::string::npos) << refused.output;
  EXPECT_EQ(readFile(interfacesFile()), kInterfaces);
  // Nor to start.
  auto notStarted = run("iface-start eth0");
  EXPECT_NE(notStarted.exitCode, 0);
  EXPECT_NE(notStarted.output.find("'eth0' is configured by ifupdown in "
                                   "'/etc/network/interfaces', not by ifkit: define it with "
                                   "ifkit to start it"),
            std::string::npos)
      << notStarted.output;
}

TEST_F(IfupdownHostTest, BridgingTheNicTakesItOverFromIfupdownAcrossAReboot) {
  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ServerHost::kHostV4);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  ifkit("iface-bridge eth0 br0 --no-stp");
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers";
  EXPECT_EQ(probe.stop().error, "");

  // ifupdown's file no longer configures eth0; ifupdown's own ifquery agrees.
  const std::string released = readFile(interfacesFile());
  EXPECT_EQ(released.find("iface eth0 inet static"), std::string::npos) << released;
  EXPECT_NE(released.find("# iface eth0 inet: configured by ifkit"), std::string::npos) << released;
  EXPECT_EQ(released.find("auto eth0"), std::string::npos) << released;
  EXPECT_EQ(ifkit("iface-list --all"),
            " Name   State    MAC Address\n"
            "------------------------------------\n"
            " br0    active   " + server_.nicMac() + "\n\n");

  reboot();
  EXPECT_EQ(globalAddresses("br0"), (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
  EXPECT_EQ(server_.host().ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  EXPECT_EQ(defaultRouteDevice("-6"), "br0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV6));

  // Unbridged and undefined, the NIC is ifupdown's again: its file exactly as it was, and
  // after a reboot ifupdown alone configures eth0.
  ifkit("iface-unbridge br0");
  ifkit("iface-undefine eth0");
  EXPECT_EQ(readFile(interfacesFile()), kInterfaces);
  reboot();
  EXPECT_EQ(globalAddresses("eth0"), (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
  EXPECT_EQ(defaultRouteDevice("-4"), "eth0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));
}

// A configuration tool writes ifupdown's file back as it knows it, with the stanza ifkit took:
// at the next boot both configure eth0. ifkit says so, and leaves the file alone; a define
// hands eth0 over again.
TEST_F(IfupdownHostTest, BootSaysWhenIfupdownsFileTookAnInterfaceOfIfkitsBack) {
  ifkit("iface-bridge eth0 br0 --no-stp");
  std::ofstream(interfacesFile()) << kInterfaces;
  const std::string boot = reboot();
  EXPECT_NE(boot.find("warning: ifkit's definition br0 owns eth0, which ifupdown configures "
                      "too: at boot both configure it; 'iface-define' br0 again to hand it "
                      "over to ifkit, or 'iface-undefine' br0 to leave it to ifupdown"),
            std::string::npos)
      << boot;
  EXPECT_EQ(readFile(interfacesFile()), kInterfaces);
  // ifkit's start took eth0 over as it found it: the host is reached through br0.
  EXPECT_EQ(globalAddresses("br0"), (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));

  // Defined again, br0 takes eth0 from the file again, and the next boot is quiet.
  const fs::path xml = dir_ / "br0.xml";
  std::ofstream(xml) << ifkit("iface-dumpxml br0 --inactive");
  ifkit("iface-define " + xml.string());
  EXPECT_EQ(readFile(interfacesFile()).find("iface eth0 inet static"), std::string::npos);
  const std::string quiet = reboot();
  EXPECT_EQ(quiet.find("warning"), std::string::npos) << quiet;
}

// What ifkit cannot read of ifupdown's files is said on every listing's stderr, once per
// process (a daemon's journal gets it once an hour), and never dropped quietly.
TEST_F(IfupdownHostTest, WhatIfkitCannotReadIsSaidOncePerProcess) {
  std::ofstream(interfacesFile(), std::ios::app)
      << "\nmapping wlan*\n\tscript /usr/local/bin/pick\n";
  auto r = run("iface-list --all; iface-list --inactive");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  const std::string warning =
      "warning: ifupdown: /etc/network/interfaces:18: mapping wlan*: not read\n";
  ASSERT_NE(r.output.find(warning), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find(warning, r.output.find(warning) + 1), std::string::npos) << r.output;
  // eth0's stanza is read as before.
  EXPECT_NE(r.output.find(" eth0 "), std::string::npos) << r.output;
}

// --dry-run on define shows what would change, ifupdown's file as a diff, and changes nothing.
TEST_F(IfupdownHostTest, DefineDryRunShowsTheFilesItWouldChange) {
  const fs::path xml = dir_ / "br0.xml";
  std::ofstream(xml) << "<interface type='bridge' name='br0'><start mode='onboot'/>"
                        "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge>"
                        "</interface>";
  const std::string plan = ifkit("iface-define " + xml.string() + " --dry-run");
  EXPECT_EQ(plan.substr(0, plan.find("@@")),
            "write " + (dir_ / "store").string() + "/br0.xml\n"
            "change /etc/network/interfaces\n"
            "--- /etc/network/interfaces\n"
            "+++ /etc/network/interfaces\n") << plan;
  EXPECT_NE(plan.find("\n-auto eth0\n-iface eth0 inet static\n-\taddress 192.0.2.5/24\n"),
            std::string::npos) << plan;
  EXPECT_NE(plan.find("\n+# iface eth0 inet: configured by ifkit"), std::string::npos) << plan;
  EXPECT_EQ(readFile(interfacesFile()), kInterfaces);
  EXPECT_FALSE(fs::exists(dir_ / "store" / "br0.xml"));
}

// A transaction's rollback gives ifupdown its file back with the host, and one that brings a
// definition back takes its interfaces over again.
TEST_F(IfupdownHostTest, RollbackGivesTheFileBackAndTakesItAgainWhereItMust) {
  ifkit("iface-begin; iface-bridge eth0 br0 --no-stp");
  EXPECT_NE(readFile(interfacesFile()), kInterfaces);
  ifkit("iface-rollback");
  EXPECT_EQ(readFile(interfacesFile()), kInterfaces);
  EXPECT_EQ(globalAddresses("eth0"), (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));

  ifkit("iface-bridge eth0 br0 --no-stp");
  const std::string released = readFile(interfacesFile());
  ifkit("iface-begin; iface-unbridge br0; iface-undefine eth0");
  EXPECT_EQ(readFile(interfacesFile()), kInterfaces);
  ifkit("iface-rollback");
  EXPECT_EQ(readFile(interfacesFile()), released);
  EXPECT_NE(ifkit("iface-list --all").find("br0"), std::string::npos);
}

// Edited by hand while ifkit owns the interface: an edit next to the lines ifkit wrote makes
// undefine refuse, changing nothing; an edit elsewhere in the file is kept by the give-back.
TEST_F(IfupdownHostTest, AFileEditedByHandIsNeverOverwritten) {
  ifkit("iface-bridge eth0 br0 --no-stp");
  const std::string released = readFile(interfacesFile());
  const std::string edited = released + "\n# added by the administrator\n";
  std::ofstream(interfacesFile()) << edited;
  auto refused = run("iface-undefine br0");
  EXPECT_NE(refused.exitCode, 0);
  EXPECT_NE(refused.output.find("was changed by hand"), std::string::npos) << refused.output;
  EXPECT_EQ(readFile(interfacesFile()), edited);
  EXPECT_NE(ifkit("iface-list --all").find("br0"), std::string::npos);

  const std::string top = "# kept by the administrator\n";
  std::ofstream(interfacesFile()) << top + released;
  ifkit("iface-undefine br0");
  EXPECT_EQ(readFile(interfacesFile()), top + kInterfaces);
}

// ifupdown's bookkeeping follows the hand-over (ifupdown_state.h): once ifkit took eth0 over,
// ifupdown no longer believes it configured it, and its `ifdown -a` (networking.service's stop)
// leaves the bridge's NIC alone; given back running, eth0 is ifupdown's to take down and up.
TEST_F(IfupdownHostTest, IfupdownsStateFollowsTheHandOver) {
  auto ifupdown = [&](const std::string& command) {
    return test::runCommand("ip netns exec " + server_.host().name() +
                            " unshare -m --propagation private sh -c 'mount --bind " +
                            (root() / "etc/network").string() + " /etc/network && exec " +
                            command + " --state-dir " + (root() / "run/network").string() +
                            "' 2>&1");
  };
  const std::vector<std::string> addresses = {"192.0.2.5/24", "2001:db8::5/64"};
  ASSERT_NE(ifupdown("ifquery --state").output.find("eth0=eth0"), std::string::npos);

  ifkit("iface-bridge eth0 br0 --no-stp");
  EXPECT_EQ(ifupdown("ifquery --state").output, "lo=lo\n");
  EXPECT_FALSE(fs::exists(root() / "run/network/ifstate.eth0"));
  auto down = ifupdown("ifdown -a");
  EXPECT_EQ(down.exitCode, 0) << down.output;
  server_.host().ip("link set lo up");  // ifupdown's, and taken down: not what is looked at
  EXPECT_EQ(globalAddresses("br0"), addresses);
  EXPECT_EQ(server_.host().ipJson("link show eth0")[0]["operstate"].str(), "UP");
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  EXPECT_TRUE(server_.lanReaches(ServerHost::kHostV4));

  // Given back with the addresses on eth0 again: ifupdown's, as if its ifup had configured it.
  ifkit("iface-unbridge br0");
  ifkit("iface-undefine eth0");
  EXPECT_NE(ifupdown("ifquery --state").output.find("eth0=eth0"), std::string::npos);
  auto downEth0 = ifupdown("ifdown eth0");
  EXPECT_EQ(downEth0.exitCode, 0) << downEth0.output;
  EXPECT_EQ(globalAddresses("eth0"), std::vector<std::string>{});
  auto up = ifupdown("ifup eth0");
  EXPECT_EQ(up.exitCode, 0) << up.output;
  EXPECT_EQ(globalAddresses("eth0"), addresses);
}

}  // namespace
}  // namespace ifkit
