// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit:///system against libvirt's own udev backend (libvirtd with its interface driver only) in
// the same namespace: on a VM host's network (guest_bridge.h), `ifkit iface-list --all`,
// `iface-mac`, `iface-name` and the bridge's ports in `iface-dumpxml` must be what real `virsh`
// prints through libvirtd, but for the differences README lists on purpose:
//   - the loopback is not listed by ifkit;
//   - State: ifkit's active is administratively up, libvirt's is operationally up (compared:
//     names and MACs only);
//   - a bridge's ports leave out every tap (libvirt: only names "vnet" + digit);
//   - a MAC lookup that finds nothing is worded as netcf words it (compared: output and status).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "guest_bridge.h"
#include "libvirtd_in_netns.h"
#include "run_process.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kEnv = {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=/tmp"};

class LibvirtOracleTest : public ::testing::Test {
 protected:
  LibvirtOracleTest() {
    store_ = fs::temp_directory_path() / ("ifkit-oracle-" + std::to_string(getpid()));
    fs::create_directories(store_);
    buildGuestBridge(ns_);
    // A bridge whose name holds a control character: both print it escaped in iface-list.
    ns_.ip("link add \"$(printf 'a\\001b')\" type bridge");
  }
  ~LibvirtOracleTest() override { fs::remove_all(store_); }

  ProcessResult virsh(const std::string& command) {
    return runProcess({"/usr/bin/virsh", "-c", libvirtd_->uri(), command}, kEnv);
  }
  ProcessResult ifkit(const std::string& command) {
    return runProcess({IFKIT_BIN, "-c", test::systemUri(ns_.name(), store_), command}, kEnv);
  }
  std::string macOf(const std::string& link) const {
    return ns_.ipJson("link show " + link)[0]["address"].str();
  }

  void SetUp() override { libvirtd_ = std::make_unique<LibvirtdInNetns>(ns_); }
  void TearDown() override { libvirtd_.reset(); }

  TestNetns ns_;
  fs::path store_;
  std::unique_ptr<LibvirtdInNetns> libvirtd_;
};

// iface-list --all's table as name -> MAC (names hold no whitespace: the kernel refuses it).
std::map<std::string, std::string> macsListed(const std::string& table) {
  std::map<std::string, std::string> out;
  std::istringstream lines(table);
  std::string line;
  std::getline(lines, line);  // header
  std::getline(lines, line);  // dashes
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name, state, mac;
    if (words >> name >> state >> mac) out[name] = mac;
  }
  return out;
}

// The names of the interfaces nested in a bridge's XML.
std::set<std::string> portsIn(const std::string& xml) {
  static const std::regex kNested("\n    <interface type='[a-z]+' name='([^']*)'>");
  std::set<std::string> out;
  for (std::sregex_iterator it(xml.begin(), xml.end(), kNested), end; it != end; ++it)
    out.insert((*it)[1]);
  return out;
}

TEST_F(LibvirtOracleTest, ListsWhatLibvirtListsButTheLoopback) {
  const ProcessResult theirs = virsh("iface-list --all");
  const ProcessResult ours = ifkit("iface-list --all");
  ASSERT_EQ(theirs.status, 0) << theirs.err << libvirtd_->log();
  ASSERT_EQ(ours.status, 0) << ours.err;
  std::map<std::string, std::string> expected = macsListed(theirs.out);
  ASSERT_EQ(expected.erase("lo"), 1u) << theirs.out;  // the one listing ifkit leaves out
  EXPECT_EQ(macsListed(ours.out), expected) << "virsh:\n" << theirs.out << "ifkit:\n" << ours.out;
  // The situation is the one meant: libvirt too leaves out the port and every tap.
  EXPECT_EQ(expected.size(), 3u) << theirs.out;  // br0, lan0, a\x01b
  EXPECT_EQ(expected.count("a\\x01b"), 1u) << theirs.out;
}

TEST_F(LibvirtOracleTest, LooksUpByNameAndMacAsLibvirtDoes) {
  // By name, any link, a port and a tap included.
  for (const std::string name : {"br0", "lan0", "eth0", "vnet0", "guesttap"}) {
    const ProcessResult theirs = virsh("iface-mac " + name);
    const ProcessResult ours = ifkit("iface-mac " + name);
    EXPECT_EQ(theirs.status, 0) << name << ": " << theirs.err << libvirtd_->log();
    EXPECT_EQ(ours.status, theirs.status) << name << ": " << ours.err;
    EXPECT_EQ(ours.out, theirs.out) << name;
  }
  // By MAC, listed interfaces only: the port's MAC is br0's, a tap's is nobody's.
  for (const std::string link : {"br0", "eth0", "lan0", "vnet0", "vnet1", "guesttap"}) {
    const std::string mac = macOf(link);
    const ProcessResult theirs = virsh("iface-name " + mac);
    const ProcessResult ours = ifkit("iface-name " + mac);
    EXPECT_EQ(ours.status, theirs.status) << link << ": " << ours.err << " / " << theirs.err;
    EXPECT_EQ(ours.out, theirs.out) << link;
  }
  EXPECT_EQ(virsh("iface-name " + macOf("eth0")).out, "br0\n\n");
  EXPECT_NE(virsh("iface-name " + macOf("vnet0")).status, 0);
}

TEST_F(LibvirtOracleTest, BridgePortsAreLibvirtsWithoutTaps) {
  const ProcessResult theirs = virsh("iface-dumpxml br0");
  const ProcessResult ours = ifkit("iface-dumpxml br0");
  ASSERT_EQ(theirs.status, 0) << theirs.err << libvirtd_->log();
  ASSERT_EQ(ours.status, 0) << ours.err;
  // libvirt leaves out vnet0 and vnet1 by their names and keeps guesttap; ifkit leaves out every
  // link the kernel reports as a tun/tap.
  std::set<std::string> expected;
  for (const std::string& port : portsIn(theirs.out))
    if (ns_.ipJson("-d link show " + port)[0]["linkinfo"]["info_kind"].str() != "tun")
      expected.insert(port);
  EXPECT_EQ(portsIn(theirs.out), (std::set<std::string>{"eth0", "guesttap"})) << theirs.out;
  EXPECT_EQ(portsIn(ours.out), expected) << ours.out;
}

}  // namespace
}  // namespace ifkit::test
