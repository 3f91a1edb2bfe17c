// SPDX-License-Identifier: LGPL-2.1-or-later
// vm_kernel_probe_test.cpp: proves inside the test VM that its kernel stacks bond, VLAN, bridge.
//
// Runs in the VM only (tests/vm/CMakeLists.txt registers it through ifkit_add_vm_test): the
// host's kernel has no bonding, 802.1q or dummy devices. Everything is built with iproute2 in a
// network namespace of its own and read back with `ip -j`, so a failure here is the harness's
// or the kernel's, never ifkit's.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>
#include <string_view>

#include "mini_json.h"

namespace ifkit::test {
namespace {

struct CommandResult {
  int status = -1;     // the exit status, or -1 if the command did not exit normally
  std::string output;  // stdout and stderr together
};

CommandResult runCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  int raw = pclose(pipe);
  if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
  return result;
}

bool exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

// A network namespace of its own, deleted (with every link in it) even when a test fails.
class ScratchNetns {
 public:
  // Named after the running test and this process: unique without any shared counter.
  ScratchNetns()
      : name_("ifkit-vm-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name()) {
    created_ = runCommand("ip netns add " + name_).status == 0;
  }
  ~ScratchNetns() {
    if (created_) (void)runCommand("ip netns del " + name_);  // best effort: the VM ends anyway
  }
  ScratchNetns(const ScratchNetns&) = delete;
  ScratchNetns& operator=(const ScratchNetns&) = delete;

  bool created() const { return created_; }

  // Runs `ip -n NS ARGS`; a failure is reported with the command and what ip said.
  ::testing::AssertionResult ip(const std::string& args) const {
    CommandResult r = runCommand("ip -n " + name_ + " " + args);
    if (r.status == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "ip " << args << ": status " << r.status << ": " << r.output;
  }

  // The parsed output of `ip -n NS -j ARGS`, or null JSON (and a test failure) if that fails.
  Json ipJson(const std::string& args) const {
    CommandResult r = runCommand("ip -n " + name_ + " -j " + args);
    EXPECT_EQ(r.status, 0) << "ip -j " << args << ": " << r.output;
    auto doc = parseJson(r.output);
    EXPECT_TRUE(doc.has_value()) << "ip -j " << args << " printed no JSON: " << r.output;
    return doc ? *doc : Json();
  }

 private:
  std::string name_;
  bool created_ = false;
};

TEST(VmKernel, LoadsNetdevModulesWithoutDefaultDevices) {
  for (const char* module : {"bonding", "8021q", "dummy", "veth", "bridge"}) {
    EXPECT_TRUE(exists(std::string("/sys/module/") + module)) << module << " is not loaded";
  }
  // max_bonds=0 and numdummies=0: the modules made no bond0 or dummy0 of their own.
  CommandResult r = runCommand("ip -j link show");
  ASSERT_EQ(r.status, 0) << r.output;
  auto links = parseJson(r.output);
  ASSERT_TRUE(links.has_value()) << r.output;
  EXPECT_EQ(links->findIf("ifname", "bond0"), nullptr);
  EXPECT_EQ(links->findIf("ifname", "dummy0"), nullptr);
  EXPECT_NE(links->findIf("ifname", "lo"), nullptr);
}

TEST(VmKernel, StacksBridgeOnVlanOnActiveBackupBond) {
  ScratchNetns ns;
  ASSERT_TRUE(ns.created()) << "ip netns add failed";

  // Two stand-in NICs of different kinds, enslaved while down as the kernel requires.
  ASSERT_TRUE(ns.ip("link add dum0 type dummy"));
  ASSERT_TRUE(ns.ip("link add veth0 type veth peer name veth0p"));
  ASSERT_TRUE(ns.ip("link add bond0 type bond mode active-backup miimon 100"));
  ASSERT_TRUE(ns.ip("link set dum0 master bond0"));
  ASSERT_TRUE(ns.ip("link set veth0 master bond0"));
  ASSERT_TRUE(ns.ip("link add link bond0 name bond0.100 type vlan id 100"));
  ASSERT_TRUE(ns.ip("link add br0 type bridge"));
  ASSERT_TRUE(ns.ip("link set bond0.100 master br0"));
  ASSERT_TRUE(ns.ip("link set br0 mtu 1400"));
  ASSERT_TRUE(ns.ip("addr add 192.0.2.1/24 dev br0"));
  for (const char* dev : {"veth0p", "bond0", "bond0.100", "br0"}) {
    ASSERT_TRUE(ns.ip(std::string("link set ") + dev + " up"));
  }

  Json links = ns.ipJson("-d link show");
  const Json* bond = links.findIf("ifname", "bond0");
  const Json* vlan = links.findIf("ifname", "bond0.100");
  const Json* bridge = links.findIf("ifname", "br0");
  ASSERT_NE(bond, nullptr);
  ASSERT_NE(vlan, nullptr);
  ASSERT_NE(bridge, nullptr);

  EXPECT_EQ((*bond)["linkinfo"]["info_kind"].str(), "bond");
  EXPECT_EQ((*bond)["linkinfo"]["info_data"]["mode"].str(), "active-backup");
  EXPECT_EQ((*bond)["linkinfo"]["info_data"]["miimon"].num(), 100);
  for (const char* slave : {"dum0", "veth0"}) {
    const Json* link = links.findIf("ifname", slave);
    ASSERT_NE(link, nullptr) << slave;
    EXPECT_EQ((*link)["master"].str(), "bond0") << slave;
    EXPECT_EQ((*link)["linkinfo"]["info_slave_kind"].str(), "bond") << slave;
  }

  EXPECT_EQ((*vlan)["link"].str(), "bond0");
  EXPECT_EQ((*vlan)["linkinfo"]["info_kind"].str(), "vlan");
  EXPECT_EQ((*vlan)["linkinfo"]["info_data"]["protocol"].str(), "802.1Q");
  EXPECT_EQ((*vlan)["linkinfo"]["info_data"]["id"].num(), 100);
  EXPECT_EQ((*vlan)["master"].str(), "br0");
  // A VLAN shares its parent's MAC: the reason libvirt's lookup by MAC can match several.
  EXPECT_EQ((*vlan)["address"].str(), (*bond)["address"].str());

  EXPECT_EQ((*bridge)["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_EQ((*bridge)["mtu"].num(), 1400);

  Json addrs = ns.ipJson("addr show dev br0");
  bool found = false;
  for (const Json& info : addrs[0]["addr_info"].items()) {
    found = found || (info["local"].str() == "192.0.2.1" && info["prefixlen"].num() == 24);
  }
  EXPECT_TRUE(found) << "192.0.2.1/24 is not on br0";
}

TEST(VmKernel, BondTakesTheChosenActiveSlave) {
  ScratchNetns ns;
  ASSERT_TRUE(ns.created()) << "ip netns add failed";
  ASSERT_TRUE(ns.ip("link add dum0 type dummy"));
  ASSERT_TRUE(ns.ip("link add dum1 type dummy"));
  ASSERT_TRUE(ns.ip("link add bond0 type bond mode active-backup miimon 100"));
  ASSERT_TRUE(ns.ip("link set dum0 master bond0"));
  ASSERT_TRUE(ns.ip("link set dum1 master bond0"));
  ASSERT_TRUE(ns.ip("link set bond0 up"));
  ASSERT_TRUE(ns.ip("link set bond0 type bond active_slave dum1"));

  Json bond = ns.ipJson("-d link show bond0");
  EXPECT_EQ(bond[0]["linkinfo"]["info_data"]["active_slave"].str(), "dum1");
}

}  // namespace
}  // namespace ifkit::test
