// SPDX-License-Identifier: LGPL-2.1-or-later
// Releasing interfaces from NetworkManager: ifkit's conf.d drop-in, checked with
// `NetworkManager --print-config` (which merges the configuration as the daemon does, and
// exits) pointed into a test root: the released names are unmanaged, and what the host's own
// files say stays.
#include "native/networkmanager/networkmanager_release.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "netplan_oracle.h"

namespace ifkit::native::networkmanager {
namespace {

namespace fs = std::filesystem;
using netplan::test::ScratchRoot;

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

// The merged [keyfile] unmanaged-devices line NetworkManager would use under the root.
std::string unmanagedDevices(const ScratchRoot& root) {
  const std::string r = root.string();
  std::istringstream printed(run("NetworkManager --print-config --config=" + r +
                                 "/etc/NetworkManager/NetworkManager.conf --config-dir=" + r +
                                 "/etc/NetworkManager/conf.d --system-config-dir=" + r +
                                 "/usr/lib/NetworkManager/conf.d --intern-config=" + r +
                                 "/var/lib/NetworkManager/NetworkManager-intern.conf 2>&1"));
  for (std::string line; std::getline(printed, line);)
    if (line.starts_with("unmanaged-devices=")) return line;
  return "";
}

void applyEdits(const ScratchRoot& root, const std::vector<FileEdit>& edits) {
  for (const FileEdit& edit : edits) {
    const fs::path path = root.string() + edit.path;
    if (!edit.after) {
      fs::remove(path);
      continue;
    }
    fs::create_directories(path.parent_path());
    std::ofstream(path) << *edit.after;
  }
}

TEST(NetworkManagerRelease, DropInUnmanagesTheNamesAndKeepsTheHostsList) {
  ScratchRoot root;
  fs::create_directories(root.path() / "etc/NetworkManager/conf.d");
  std::ofstream(root.path() / "etc/NetworkManager/NetworkManager.conf")
      << "[main]\nplugins=ifupdown,keyfile\n\n[keyfile]\nunmanaged-devices=mac:00:11:22:33:44:55\n";
  std::ofstream(root.path() / "etc/NetworkManager/conf.d/50-host.conf")
      << "[keyfile]\nunmanaged-devices+=interface-name:veth*\n";
  EXPECT_EQ(unmanagedDevices(root), "unmanaged-devices=mac:00:11:22:33:44:55,interface-name:veth*");

  auto first = *releaseFromNetworkManager(ConfigRoot(root.string()), {"eno1", "br0"});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].path, "/etc/NetworkManager/conf.d/99-ifkit-unmanaged-eno1.conf");
  EXPECT_EQ(first[0].before, std::nullopt);
  applyEdits(root, first);
  EXPECT_EQ(unmanagedDevices(root),
            "unmanaged-devices=mac:00:11:22:33:44:55,interface-name:veth*,"
            "interface-name:=br0,interface-name:=eno1");

  // A second release adds its own drop-in; a name already released changes nothing; a name
  // the list cannot hold, or a file of another's where the drop-in goes, is refused.
  EXPECT_TRUE(releaseFromNetworkManager(ConfigRoot(root.string()), {"br0"})->empty());
  EXPECT_FALSE(releaseFromNetworkManager(ConfigRoot(root.string()), {"bond0", "a,b"}));
  std::ofstream(root.path() / "etc/NetworkManager/conf.d/99-ifkit-unmanaged-eth9.conf") << "x\n";
  EXPECT_FALSE(releaseFromNetworkManager(ConfigRoot(root.string()), {"eth9"}));
  fs::remove(root.path() / "etc/NetworkManager/conf.d/99-ifkit-unmanaged-eth9.conf");
  auto second = *releaseFromNetworkManager(ConfigRoot(root.string()), {"bond0"});
  ASSERT_EQ(second.size(), 1u);
  applyEdits(root, second);
  EXPECT_EQ(unmanagedDevices(root),
            "unmanaged-devices=mac:00:11:22:33:44:55,interface-name:veth*,"
            "interface-name:=bond0,interface-name:=br0,interface-name:=eno1");

  // Giving back, in any order, is removing the drop-ins (the hand-over's before form).
  for (FileEdit& edit : first) std::swap(edit.before, edit.after);
  applyEdits(root, first);
  EXPECT_EQ(unmanagedDevices(root),
            "unmanaged-devices=mac:00:11:22:33:44:55,interface-name:veth*,interface-name:=bond0");
  for (FileEdit& edit : second) std::swap(edit.before, edit.after);
  applyEdits(root, second);
  EXPECT_EQ(unmanagedDevices(root), "unmanaged-devices=mac:00:11:22:33:44:55,interface-name:veth*");
}

TEST(NetworkManagerRelease, DropInAloneUnmanagesOnAHostWithoutAList) {
  ScratchRoot root;
  fs::create_directories(root.path() / "etc/NetworkManager");
  std::ofstream(root.path() / "etc/NetworkManager/NetworkManager.conf")
      << "[main]\nplugins=keyfile\n";
  EXPECT_EQ(unmanagedDevices(root), "");
  applyEdits(root, *releaseFromNetworkManager(ConfigRoot(root.string()), {"eth0"}));
  EXPECT_EQ(unmanagedDevices(root), "unmanaged-devices=interface-name:=eth0");
}

}  // namespace
}  // namespace ifkit::native::networkmanager
