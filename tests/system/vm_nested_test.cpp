// Nested definitions started and stopped on a real kernel with bonding and 802.1q: this binary
// runs inside the VM (tests/vm/VmTest.cmake), on the VM's own network namespace, so it creates
// its stand-in NICs itself and removes everything it made. Anywhere else that namespace would be
// a real host's: it refuses to run unless IFKIT_VM=1, which only the VM's init sets.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "json.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::Json;
using test::runCommand;

Json ipJson(const std::string& args) {
  auto r = runCommand("ip -j " + args);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  return Json::parse(r.output);
}

bool linkExists(const std::string& name) { return runCommand("ip link show " + name).exitCode == 0; }

class NestedOnRealKernel : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(store_);
    for (const char* nic : {"nic0", "nic1", "nic2"})
      ASSERT_EQ(runCommand(std::string("ip link add ") + nic + " type veth peer name " + nic + "p").exitCode, 0);
    conn_ = Connection::open("ifkit:///system?store=" + store_.string()).value();
  }
  void TearDown() override {
    for (const char* link : {"br0", "br1", "bond0", "nic2.10", "nic0", "nic1", "nic2"})
      (void)runCommand(std::string("ip link delete ") + link + " 2>/dev/null");
    fs::remove_all(store_);
  }

  fs::path store_ = "/tmp/ifkit-vm-store";
  std::optional<Connection> conn_;
};

TEST_F(NestedOnRealKernel, BridgeOverBondOverTwoNicsStartsAndStops) {
  auto br0 = conn_->defineXML(
      "<interface type='bridge' name='br0'><protocol family='ipv4'>"
      "<ip address='192.0.2.1' prefix='24'/></protocol><bridge stp='off'>"
      "<interface type='bond' name='bond0'><bond mode='active-backup'><miimon freq='100'/>"
      "<interface type='ethernet' name='nic0'/><interface type='ethernet' name='nic1'/>"
      "</bond></interface></bridge></interface>");
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  Status started = br0->create();
  ASSERT_TRUE(started.ok()) << started.error().message;

  auto bond = ipJson("-d link show bond0")[0];
  EXPECT_EQ(bond["linkinfo"]["info_kind"].str(), "bond");
  EXPECT_EQ(bond["linkinfo"]["info_data"]["mode"].str(), "active-backup");
  EXPECT_EQ(bond["linkinfo"]["info_data"]["miimon"].integer(), 100);
  EXPECT_EQ(bond["master"].str(), "br0");
  EXPECT_EQ(ipJson("link show nic0")[0]["master"].str(), "bond0");
  EXPECT_EQ(ipJson("link show nic1")[0]["master"].str(), "bond0");
  auto bridge = ipJson("-d addr show br0")[0];
  EXPECT_EQ(bridge["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_EQ(bridge["addr_info"][0]["local"].str(), "192.0.2.1");
  EXPECT_TRUE(*br0->isActive());
  // The live XML nests the bond and its slaves under the bridge.
  auto xml = br0->xmlDesc(0);
  ASSERT_TRUE(xml.ok());
  EXPECT_NE(xml->find("<interface type='bond' name='bond0'>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<bond mode='active-backup'>"), std::string::npos) << *xml;

  Status stopped = br0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_FALSE(linkExists("bond0"));
  EXPECT_TRUE(linkExists("nic0"));  // a NIC is never deleted
  EXPECT_FALSE(ipJson("link show nic0")[0].has("master"));
}

TEST_F(NestedOnRealKernel, BridgeOverVlanStartsAndStops) {
  auto br1 = conn_->defineXML(
      "<interface type='bridge' name='br1'><bridge stp='off'>"
      "<interface type='vlan' name='nic2.10'><vlan tag='10'><interface name='nic2'/></vlan>"
      "</interface></bridge></interface>");
  ASSERT_TRUE(br1.ok()) << br1.error().message;
  Status started = br1->create();
  ASSERT_TRUE(started.ok()) << started.error().message;
  auto vlan = ipJson("-d link show nic2.10")[0];
  EXPECT_EQ(vlan["linkinfo"]["info_kind"].str(), "vlan");
  EXPECT_EQ(vlan["linkinfo"]["info_data"]["id"].integer(), 10);
  EXPECT_EQ(vlan["link"].str(), "nic2");
  EXPECT_EQ(vlan["master"].str(), "br1");
  ASSERT_TRUE(br1->destroy().ok());
  EXPECT_FALSE(linkExists("br1"));
  EXPECT_FALSE(linkExists("nic2.10"));
  EXPECT_TRUE(linkExists("nic2"));
}

}  // namespace
}  // namespace ifkit

int main(int argc, char** argv) {
  const char* vm = std::getenv("IFKIT_VM");
  if (vm == nullptr || std::string_view(vm) != "1") {
    std::fprintf(stderr,
                 "vm_nested_test: refusing to run: IFKIT_VM=1 is not set, so this is not the "
                 "test VM, and the links it adds and deletes (ip link add/delete, ifkit:///system "
                 "without netns=) would be this host's own. Run it in the VM: ctest -R "
                 "system_nested_vm\n");
    return 2;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
