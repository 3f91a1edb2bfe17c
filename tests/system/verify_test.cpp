// SPDX-License-Identifier: LGPL-2.1-or-later
// Verify after apply on a real kernel: a start reads the kernel again and checks the definition
// holds. What a real kernel does on its own (IPv6 addresses still in duplicate address detection,
// a bridge without carrier, the forward delay clamped under STP or kept in jiffies) passes; a
// change another program puts back (here `ip`, run right after ifkit's operation, as a network
// manager fighting the change would) undoes the start and is named. `ip -j` is the oracle.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "driver/system/netlink_backend.h"
#include "driver/system/start_records.h"
#include "driver/system/system_driver.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::Json;
using test::TestNetns;

class VerifyTest : public ::testing::Test {
 protected:
  VerifyTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-verify-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    ns_.ip("link add eth0 type veth peer name eth0-peer");  // the stand-in NIC
    ns_.ip("link set eth0-peer up");
  }
  ~VerifyTest() override { fs::remove_all(store_); }

  std::string uri() const { return test::systemUri(ns_.name(), store_); }
  Connection open() const { return Connection::open(uri()).value(); }
  // `ifkit -c URI COMMANDS`: its exit code and output.
  test::CommandResult ifkit(const std::string& commands) const {
    return test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' '" + commands + "'");
  }
  std::vector<std::string> globalAddresses(const std::string& link) const {
    std::vector<std::string> out;
    for (const Json& a : ns_.ipJson("addr show dev " + link)[0]["addr_info"].items())
      if (a["scope"].str() == "global")
        out.push_back(a["local"].str() + "/" + std::to_string(a["prefixlen"].integer()));
    return out;
  }
  Json bridgeInfo(const std::string& link) const {
    return ns_.ipJson("-d link show " + link)[0]["linkinfo"]["info_data"];
  }
  bool exists(const std::string& link) const {
    return test::runCommand("ip -n " + ns_.name() + " link show " + link).exitCode == 0;
  }

  TestNetns ns_;
  fs::path store_;
};

// "I start a bridge over my NIC with IPv4 and IPv6 addresses and default routes: the start
// succeeds, though the IPv6 address is still tentative and the bridge's port is still learning."
TEST_F(VerifyTest, ANormalStartVerifiesClean) {
  Connection conn = open();
  auto br0 = conn.defineXML(
      "<interface type='bridge' name='br0'><mtu size='1400'/>"
      "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/>"
      "<route gateway='192.0.2.254'/></protocol>"
      "<protocol family='ipv6'><ip address='2001:db8::1' prefix='64'/>"
      "<route gateway='2001:db8::fe'/></protocol>"
      "<bridge stp='on' delay='0'>"
      "<interface type='ethernet' name='eth0'><mac address='52:54:00:12:34:56'/></interface>"
      "</bridge></interface>");
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  Status st = br0->create();
  ASSERT_TRUE(st.ok()) << st.error().message;

  EXPECT_EQ(globalAddresses("br0"), (std::vector<std::string>{"192.0.2.1/24", "2001:db8::1/64"}));
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(ns_.ipJson("link show br0")[0]["mtu"].integer(), 1400);
  // What a real kernel does on its own, and verify took as the definition holding:
  EXPECT_EQ(bridgeInfo("br0")["forward_delay"].integer(), 200) << "clamped to 2 s under STP";
  EXPECT_EQ(ns_.ipJson("-6 route show default").size(), 1u);
}

// "I start two bridges at once, one with the delay 0.03 s that this kernel keeps in jiffies, and
// bridge my NIC that carries addresses (moved to the bridge without duplicate address detection)
// and a default route: every start verifies clean."
TEST_F(VerifyTest, StartsOfManyAndIfaceBridgeVerifyClean) {
  ns_.ip("link add eth1 type veth peer name eth1-peer");
  ns_.ip("link set eth1-peer up");
  Connection conn = open();
  for (const char* xml :
       {"<interface type='bridge' name='br1'>"
        "<protocol family='ipv6'><ip address='2001:db8:1::1' prefix='64'/></protocol>"
        "<bridge stp='off' delay='0.03'><interface type='ethernet' name='eth1'/></bridge>"
        "</interface>",
        "<interface type='bridge' name='br2'><bridge stp='off' delay='2.5'/></interface>"})
    ASSERT_TRUE(conn.defineXML(xml).ok());
  auto br1 = conn.lookupByName("br1");
  auto br2 = conn.lookupByName("br2");
  ASSERT_TRUE(br1.ok() && br2.ok());
  auto out = conn.createMany({*br1, *br2});
  for (const Status& st : out) EXPECT_TRUE(st.ok()) << st.error().message;
  EXPECT_LE(bridgeInfo("br1")["forward_delay"].integer(), 3);
  EXPECT_GE(bridgeInfo("br1")["forward_delay"].integer(), 2);
  EXPECT_EQ(bridgeInfo("br2")["forward_delay"].integer(), 250);

  ns_.ip("link set eth0 up");
  ns_.ip("addr add 198.51.100.5/24 dev eth0");
  ns_.ip("addr add 2001:db8:2::5/64 dev eth0 nodad");
  ns_.ip("route add default via 198.51.100.1 dev eth0");
  auto r = ifkit("iface-bridge eth0 br0");  // STP on, virsh's default
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(globalAddresses("br0"),
            (std::vector<std::string>{"198.51.100.5/24", "2001:db8:2::5/64"}));
  EXPECT_EQ(ns_.ipJson("-4 route show default")[0]["dev"].str(), "br0");
}

// The netlink host of a namespace, where another program puts an MTU back right after ifkit's
// operation changed it: what a network manager that owns the link does.
class FoughtMtu final : public host::HostBackend {
 public:
  FoughtMtu(const TestNetns& ns, std::string link, std::uint32_t mtu)
      : real_(host::nl::Netns::openByName(ns.name()).value()), ns_(ns), link_(std::move(link)), mtu_(mtu) {}
  Result<host::LiveState> snapshot() override { return real_.snapshot(); }
  Status apply(const host::HostOp& op) override {
    Status st = real_.apply(op);
    const auto* set = std::get_if<host::op::SetMtu>(&op);
    if (st && set != nullptr && set->name == link_)
      ns_.ip("link set " + link_ + " mtu " + std::to_string(mtu_));
    return st;
  }
  std::vector<Status> applyBatch(std::span<const host::HostOp> ops) override {
    std::vector<Status> out;
    for (const host::HostOp& op : ops) out.push_back(apply(op));
    return out;
  }

 private:
  driver::NetlinkBackend real_;
  const TestNetns& ns_;
  std::string link_;
  std::uint32_t mtu_;
};

// "Another program puts eth0's MTU back while I start br0 over it: the start fails, says what
// the kernel shows, and leaves the host as it was."
TEST_F(VerifyTest, AnMtuAnotherProgramPutsBackUndoesTheStartAndIsNamed) {
  auto store = store::DefinitionStore::open(store_.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  driver::SystemDriver driver(std::make_unique<FoughtMtu>(ns_, "eth0", 1500), std::move(*store),
                              std::make_unique<driver::MemoryStartRecords>());
  ASSERT_TRUE(driver
                  .defineXML("<interface type='bridge' name='br0'><mtu size='9000'/>"
                             "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/>"
                             "</protocol><bridge stp='off'>"
                             "<interface type='ethernet' name='eth0'/></bridge></interface>",
                             0)
                  .ok());
  ns_.ip("link set eth0-peer mtu 9000");  // a peer that takes jumbo frames: nothing refuses
  Status st = driver.create({"br0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(st.error().domain, ErrorDomain::Interface);
  EXPECT_EQ(st.error().message,
            "operation failed: cannot start 'br0': after applying, the kernel shows MTU 1500 on "
            "'eth0', not 9000");
  EXPECT_FALSE(exists("br0"));
  Json eth0 = ns_.ipJson("link show eth0")[0];
  EXPECT_FALSE(eth0.has("master"));
  EXPECT_EQ(eth0["mtu"].integer(), 1500);
  EXPECT_FALSE(eth0["flags"].contains("UP"));
}

}  // namespace
}  // namespace ifkit
