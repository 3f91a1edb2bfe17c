// SPDX-License-Identifier: LGPL-2.1-or-later
// Releasing links from systemd-networkd: ifkit's file comes first for the link whatever file
// configured it, a .netdev of ifkit's bridge goes (removed in /etc, masked elsewhere), and the
// reader, which picks files as networkd does, then finds nothing of the released names.
#include <gtest/gtest.h>

#include "native/networkd/networkd_configuration.h"
#include "native/networkd/networkd_release.h"
#include "temp_root.h"

namespace ifkit::native::networkd {
namespace {

using ifkit::test::TempRoot;

const char* kEno1 = "[Match]\nName=eno1\n\n[Network]\nDHCP=yes\n";

// The released configuration: the files as the edits leave them.
NativeConfiguration afterRelease(TempRoot& root, const std::vector<FileEdit>& edits,
                                 const std::vector<std::string>& links) {
  for (const FileEdit& edit : edits) {
    if (edit.after) root.write(edit.path, *edit.after);
    else std::filesystem::remove(root.root() + edit.path);
  }
  return readNetworkdConfiguration(ConfigRoot(root.root()), links);
}

TEST(NetworkdRelease, AFileOfIfkitsComesFirstAndUnmanagesTheLink) {
  TempRoot root;
  root.write("/etc/systemd/network/50-eno1.network", kEno1);
  auto edits = releaseFromNetworkd(ConfigRoot(root.root()), {"eno1"});
  ASSERT_TRUE(edits) << edits.error().message;
  ASSERT_EQ(edits->size(), 1u);
  EXPECT_EQ((*edits)[0].path, "/etc/systemd/network/00-ifkit-eno1.network");
  EXPECT_EQ((*edits)[0].before, std::nullopt);
  EXPECT_EQ((*edits)[0].after, unmanagedNetworkText("eno1"));
  EXPECT_TRUE(afterRelease(root, *edits, {"eno1"}).definitions.empty());
  // Released, nothing more to release.
  auto again = releaseFromNetworkd(ConfigRoot(root.root()), {"eno1"});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST(NetworkdRelease, AFileThatSortsBeforeOursIsBeatenByAnEarlierName) {
  TempRoot root;
  // A glob in a vendor's folder with a name that comes before "00-ifkit-".
  root.write("/usr/lib/systemd/network/00-aaa.network",
             "[Match]\nName=en*\n\n[Network]\nDHCP=yes\n");
  auto edits = releaseFromNetworkd(ConfigRoot(root.root()), {"eno1"});
  ASSERT_TRUE(edits) << edits.error().message;
  ASSERT_EQ(edits->size(), 1u);
  EXPECT_EQ((*edits)[0].path, "/etc/systemd/network/0-ifkit-eno1.network");
  // eno2 keeps its configuration.
  auto after = afterRelease(root, *edits, {"eno1", "eno2"});
  ASSERT_EQ(after.definitions.size(), 1u);
  EXPECT_EQ(after.definitions[0].def.name, "eno2");
}

TEST(NetworkdRelease, AFileMatchingByWhatNamesDoNotShowIsTakenAsConfiguringTheLink) {
  TempRoot root;
  // As netplan renders `match: {macaddress: ...}` without set-name: the reader cannot tell
  // which link it configures and lists none, but networkd may pick it for eno1.
  root.write("/run/systemd/network/10-netplan-nic1.network",
             "[Match]\nPermanentMACAddress=52:54:00:12:34:57\n\n[Network]\nDHCP=ipv4\n");
  EXPECT_TRUE(readNetworkdConfiguration(ConfigRoot(root.root()), {"eno1"}).definitions.empty());
  auto edits = releaseFromNetworkd(ConfigRoot(root.root()), {"eno1"});
  ASSERT_TRUE(edits) << edits.error().message;
  ASSERT_EQ(edits->size(), 1u);
  EXPECT_EQ((*edits)[0].path, "/etc/systemd/network/00-ifkit-eno1.network");
  EXPECT_EQ((*edits)[0].after, unmanagedNetworkText("eno1"));
}

TEST(NetworkdRelease, ABridgesNetdevGoesFromEtcAndIsMaskedElsewhere) {
  TempRoot root;
  root.write("/etc/systemd/network/br0.netdev", "[NetDev]\nName=br0\nKind=bridge\n");
  root.write("/etc/systemd/network/br0.network", "[Match]\nName=br0\n\n[Network]\nDHCP=yes\n");
  root.write("/run/systemd/network/10-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
  root.write("/etc/systemd/network/50-eno1.network", "[Match]\nName=eno1\n\n[Network]\nBridge=br0\n");
  auto edits = releaseFromNetworkd(ConfigRoot(root.root()), {"br0", "eno1", "bond0"});
  ASSERT_TRUE(edits) << edits.error().message;
  std::vector<std::string> paths;
  for (const FileEdit& edit : *edits) paths.push_back(edit.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/etc/systemd/network/br0.netdev",
                                             "/etc/systemd/network/00-ifkit-br0.network",
                                             "/etc/systemd/network/00-ifkit-eno1.network",
                                             "/etc/systemd/network/10-bond0.netdev"}));
  EXPECT_EQ((*edits)[0].before, "[NetDev]\nName=br0\nKind=bridge\n");
  EXPECT_EQ((*edits)[0].after, std::nullopt);
  EXPECT_EQ((*edits)[3].before, std::nullopt);
  EXPECT_EQ((*edits)[3].after, "");
  EXPECT_TRUE(afterRelease(root, *edits, {"eno1"}).definitions.empty());
}

TEST(NetworkdRelease, ALinkNetworkdDoesNotConfigureNeedsNothing) {
  TempRoot root;
  root.write("/etc/systemd/network/50-eno1.network", kEno1);
  auto edits = releaseFromNetworkd(ConfigRoot(root.root()), {"eth7"});
  ASSERT_TRUE(edits);
  EXPECT_TRUE(edits->empty());
}

// networkd makes a VLAN only on a parent it configures: releasing the parent alone would lose
// networkd's VLAN at the next boot, so it is refused until the VLAN is released (with the
// parent, or first: then its .netdev is gone and the parent's VLAN= names nothing of networkd's).
TEST(NetworkdRelease, AParentGoesOnlyWithTheVlanNetworkdMakesOnIt) {
  TempRoot root;
  root.write("/etc/systemd/network/10-bond0.netdev", "[NetDev]\nName=bond0\nKind=bond\n");
  root.write("/etc/systemd/network/20-bond0.network",
             "[Match]\nName=bond0\n\n[Network]\nVLAN=bond0.100\nAddress=192.0.2.5/24\n");
  root.write("/etc/systemd/network/30-bond0.100.netdev",
             "[NetDev]\nName=bond0.100\nKind=vlan\n\n[VLAN]\nId=100\n");
  root.write("/etc/systemd/network/30-bond0.100.network",
             "[Match]\nName=bond0.100\n\n[Network]\nAddress=198.51.100.5/24\n");
  auto refused = releaseFromNetworkd(ConfigRoot(root.root()), {"bond0"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "operation failed: cannot make systemd-networkd leave bond0 alone: it makes the VLAN "
            "bond0.100 on bond0 ('/etc/systemd/network/20-bond0.network': VLAN=bond0.100) and "
            "would no longer make it; define bond0.100 first (iface-dumpxml --inactive bond0.100 "
            "describes it)");
  EXPECT_TRUE(releaseFromNetworkd(ConfigRoot(root.root()), {"bond0", "bond0.100"}));
  auto vlan = releaseFromNetworkd(ConfigRoot(root.root()), {"bond0.100"});
  ASSERT_TRUE(vlan) << vlan.error().message;
  afterRelease(root, *vlan, {});
  auto parent = releaseFromNetworkd(ConfigRoot(root.root()), {"bond0"});
  EXPECT_TRUE(parent) << parent.error().message;
}

TEST(NetworkdFiles, NetworkdIsEnabledWhereSystemctlEnableLeftItsLinks) {
  TempRoot root;
  EXPECT_FALSE(networkdIsEnabled(ConfigRoot(root.root())));
  std::filesystem::create_directories(root.path() / "etc/systemd/system/sockets.target.wants");
  std::filesystem::create_symlink(
      "/lib/systemd/system/systemd-networkd.socket",
      root.path() / "etc/systemd/system/sockets.target.wants/systemd-networkd.socket");
  EXPECT_TRUE(networkdIsEnabled(ConfigRoot(root.root())));
}

}  // namespace
}  // namespace ifkit::native::networkd
