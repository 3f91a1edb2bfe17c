// SPDX-License-Identifier: LGPL-2.1-or-later
// Releasing interfaces from netplan: the cut bytes, and netplan generate as the oracle: after
// the release it renders nothing for the released devices and everything else byte for byte
// as before.
#include "native/netplan/netplan_release.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "native/netplan/netplan_configuration.h"
#include "netplan_oracle.h"

namespace ifkit::native::netplan {
namespace {

namespace fs = std::filesystem;
using test::netplanGenerate;
using test::ScratchRoot;

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// What netplan generate renders for the root's YAML, for networkd and for NetworkManager, by
// file name.
std::map<std::string, std::string> rendered(const fs::path& root) {
  std::map<std::string, std::string> files;
  const fs::path folders[] = {root / "run/systemd/network",
                              root / "run/NetworkManager/system-connections"};
  for (const fs::path& dir : folders) fs::remove_all(dir);
  EXPECT_TRUE(netplanGenerate(root.string())) << "netplan generate refused " << root;
  for (const fs::path& dir : folders) {
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      files[entry.path().filename().string()] = readFile(entry.path());
  }
  return files;
}

// Releases `names` from a copy of the case's root and checks, with netplan generate, that the
// files of exactly the devices `goneIds` are no longer rendered and the others are unchanged.
// `dropped` names lines that the release takes out of other devices' rendered files (a VLAN
// that goes is no longer on its parent's VLAN= list).
void expectReleased(const std::string& caseName, const std::vector<std::string>& names,
                    const std::vector<std::string>& goneIds,
                    const std::map<std::string, std::string>& dropped = {}) {
  SCOPED_TRACE(caseName);
  ScratchRoot scratch(std::string(IFKIT_NETPLAN_CASES_DIR) + "/" + caseName + "/root");
  const auto before = rendered(scratch.path());
  auto released = releaseFromNetplan(ConfigRoot(scratch.string()), names);
  ASSERT_TRUE(released) << released.error().message;
  const std::vector<FileEdit>& edits = *released;
  ASSERT_FALSE(edits.empty());
  for (const FileEdit& edit : edits) {
    EXPECT_EQ(edit.before.has_value(), fs::exists(scratch.string() + edit.path)) << edit.path;
    if (edit.before) {
      EXPECT_EQ(*edit.before, readFile(scratch.string() + edit.path));
    }
    ASSERT_TRUE(edit.after);
    writeFile(scratch.string() + edit.path, *edit.after);
  }
  const auto after = rendered(scratch.path());
  std::map<std::string, std::string> expected;
  for (const auto& [file, bytes] : before) {
    bool gone = false;
    for (const std::string& id : goneIds)
      if (file.starts_with("10-netplan-" + id + ".") || file == "netplan-" + id + ".nmconnection")
        gone = true;
    if (!gone) expected[file] = bytes;
  }
  for (const auto& [file, line] : dropped) {
    auto at = expected[file].find(line);
    ASSERT_NE(at, std::string::npos) << file << " has no " << line;
    expected[file].erase(at, line.size());
  }
  EXPECT_EQ(expected, after);
  // And ifkit's reader of the released files no longer sees the names.
  auto conf = readNetplanConfiguration(ConfigRoot(scratch.string()), names);
  for (const NativeDefinition& native : conf.definitions)
    for (const std::string& name : names) EXPECT_NE(native.def.name, name);
}

TEST(NetplanRelease, CutsEntriesAndMembersAndNetplanRendersTheRestUnchanged) {
  expectReleased("server-static", {"enp3s0"}, {"enp3s0"});
  expectReleased("vm-host-bond-bridge", {"eno2"}, {"eno2"});
  expectReleased("vm-host-bond-bridge", {"vlan100"}, {"vlan100"},
                 {{"10-netplan-bond0.network", "VLAN=vlan100\n"}});
  expectReleased("vm-host-bond-bridge", {"br0", "bond0", "eno1", "eno2", "vlan100"},
                 {"br0", "bond0", "eno1", "eno2", "vlan100"});
  expectReleased("ubuntu-cloud-init", {"ens5"}, {"ens5"});
  expectReleased("layered-files", {"lan0"}, {"bridgeport"});
  expectReleased("layered-files", {"br1", "lan0"}, {"br1", "bridgeport"});
  expectReleased("anchors", {"eth2"}, {"eth2"});
  expectReleased("networkmanager-bridge", {"enp5s0"}, {"enp5s0"});
  expectReleased("desktop-networkmanager", {"enp0s31f6"}, {"enp0s31f6"});
}

TEST(NetplanRelease, NeverLeavesAFileNetplanCannotRead) {
  // eth1 holds the anchor that eth2's alias copies: cutting it would break eth2's.
  const std::string cases = IFKIT_NETPLAN_CASES_DIR;
  EXPECT_FALSE(releaseFromNetplan(ConfigRoot(cases + "/anchors/root"), {"eth1"}));
  // Nor an entry in /run/netplan, which is made anew at every boot.
  auto run = releaseFromNetplan(ConfigRoot(cases + "/layered-files/root"), {"eth0"});
  ASSERT_FALSE(run);
  EXPECT_NE(run.error().message.find("/run/netplan/20-more.yaml' is made anew"), std::string::npos);
}

TEST(NetplanRelease, LeavesCommentsWhereEntriesWereAndTheRestByteForByte) {
  ScratchRoot scratch;
  const std::string yaml =
      "# the host's network\n"
      "network:\n"
      "  version: 2\n"
      "  ethernets:\n"
      "    eno1:   # the NIC\n"
      "      dhcp4: false\n"
      "\n"
      "    eno2: {dhcp4: true}\n"
      "  bridges:\n"
      "    br0:\n"
      "      interfaces:\n"
      "        - eno1\n"
      "        - eno2\n"
      "      addresses: [192.0.2.5/24]\n"
      "    br1: {interfaces: [eno2, eno1], dhcp4: true}\n";
  writeFile(scratch.path() / "etc/netplan/01.yaml", yaml);
  auto edits = *releaseFromNetplan(ConfigRoot(scratch.string()), {"eno1"});
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].path, "/etc/netplan/01.yaml");
  EXPECT_EQ(edits[0].before, yaml);
  EXPECT_EQ(edits[0].after,
            "# the host's network\n"
            "network:\n"
            "  version: 2\n"
            "  ethernets:\n"
            "    # eno1: configured by ifkit (ifkit iface-dumpxml --inactive eno1)\n"
            "\n"
            "    eno2: {dhcp4: true}\n"
            "  bridges:\n"
            "    br0:\n"
            "      interfaces:\n"
            "        # - eno1: configured by ifkit\n"
            "        - eno2\n"
            "      addresses: [192.0.2.5/24]\n"
            "    br1: {interfaces: [eno2], dhcp4: true}\n");
  // Both ethernets: the section and br0's list would be empty, which netplan refuses.
  edits = *releaseFromNetplan(ConfigRoot(scratch.string()), {"eno1", "eno2"});
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].after,
            "# the host's network\n"
            "network:\n"
            "  version: 2\n"
            "  ethernets: {}\n"
            "    # eno1: configured by ifkit (ifkit iface-dumpxml --inactive eno1)\n"
            "\n"
            "    # eno2: configured by ifkit (ifkit iface-dumpxml --inactive eno2)\n"
            "  bridges:\n"
            "    br0:\n"
            "      interfaces: []\n"
            "        # - eno1: configured by ifkit\n"
            "        # - eno2: configured by ifkit\n"
            "      addresses: [192.0.2.5/24]\n"
            "    br1: {interfaces: [], dhcp4: true}\n");
  writeFile(scratch.path() / "etc/netplan/01.yaml", *edits[0].after);
  EXPECT_TRUE(netplanGenerate(scratch.string()));
  EXPECT_TRUE(releaseFromNetplan(ConfigRoot(scratch.string()), {"eno1"})->empty());
}

TEST(NetplanRelease, ShadowsALibFileAndKeepsGlobsAndVlanParents) {
  ScratchRoot scratch;
  const std::string lib = "network:\n  ethernets:\n    eno9:\n      dhcp4: true\n";
  writeFile(scratch.path() / "lib/netplan/50-vendor.yaml", lib);
  writeFile(scratch.path() / "etc/netplan/60-all.yaml",
            "network:\n  ethernets:\n    all:\n      match: {name: \"enp*\"}\n"
            "    eth0: {}\n  vlans:\n    vlan7: {id: 7, link: eth0}\n");
  auto edits = *releaseFromNetplan(ConfigRoot(scratch.string()), {"eno9"});
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].path, "/etc/netplan/50-vendor.yaml");
  EXPECT_EQ(edits[0].before, std::nullopt);
  EXPECT_EQ(edits[0].after,
            "network:\n  ethernets: {}\n"
            "    # eno9: configured by ifkit (ifkit iface-dumpxml --inactive eno9)\n");
  // A glob configures other links too; a VLAN that stays needs its parent's entry.
  auto glob = releaseFromNetplan(ConfigRoot(scratch.string()), {"enp1s0"});
  ASSERT_FALSE(glob);
  EXPECT_EQ(glob.error().message,
            "operation failed: cannot make netplan leave enp1s0 alone: "
            "'/etc/netplan/60-all.yaml:3' configures it with other links, by the pattern 'enp*'");
  auto parent = releaseFromNetplan(ConfigRoot(scratch.string()), {"eth0"});
  ASSERT_FALSE(parent);
  EXPECT_NE(parent.error().message.find("VLAN 'vlan7' stays with netplan"), std::string::npos);
  EXPECT_EQ(releaseFromNetplan(ConfigRoot(scratch.string()), {"eth0", "vlan7"})->size(), 1u);
  // A file that does not parse: netplan configures nothing, so nothing is cut.
  writeFile(scratch.path() / "etc/netplan/70-bad.yaml", "network: [\n");
  EXPECT_TRUE(releaseFromNetplan(ConfigRoot(scratch.string()), {"eno9"})->empty());
}

}  // namespace
}  // namespace ifkit::native::netplan
