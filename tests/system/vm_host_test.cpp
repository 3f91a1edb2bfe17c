// SPDX-License-Identifier: LGPL-2.1-or-later
// A VM host's whole network on Debian's kernel, in the test VM (tests/vm/VmTest.cmake): two NICs,
// one of them carrying the host's addresses and default routes, become a bond under the bridge
// the guests use, with a VLAN bridge beside it over the bond; watched from the LAN by a probe
// while it starts, brought back by `ifkit boot` after a reboot, and given back by a stop. The
// kernel's view is read with ip -j. It refuses to run unless IFKIT_VM=1, which only the VM's init
// sets (it makes and deletes network namespaces and keeps start records in /run/ifkit).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "json.h"
#include "reachability_probe.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::Json;
using test::ReachabilityProbe;
using test::TestNetns;

constexpr const char* kHostV4 = "192.0.2.5";
constexpr const char* kHostV6 = "2001:db8::5";
constexpr const char* kVlanV4 = "198.51.100.5";

// The host's bridge over its bond over both NICs, with the host's addresses and routes.
std::string br0Xml(const std::string& mode) {
  return "<interface type='bridge' name='br0'><start mode='onboot'/>"
         "<protocol family='ipv4'><ip address='192.0.2.5' prefix='24'/>"
         "<route gateway='192.0.2.1'/></protocol>"
         "<protocol family='ipv6'><ip address='2001:db8::5' prefix='64'/>"
         "<route gateway='2001:db8::1'/></protocol>"
         "<bridge stp='off' delay='0'><interface type='bond' name='bond0'>"
         "<bond mode='" +
         mode +
         "'><miimon freq='100'/>"
         "<interface type='ethernet' name='eth0'/><interface type='ethernet' name='eth1'/>"
         "</bond></interface></bridge></interface>";
}

// A second bridge for guests on VLAN 100, over the same bond, with an address of its own.
constexpr const char* kBr100Xml =
    "<interface type='bridge' name='br100'><start mode='onboot'/>"
    "<protocol family='ipv4'><ip address='198.51.100.5' prefix='24'/></protocol>"
    "<bridge stp='off' delay='0'><interface type='vlan' name='bond0.100'>"
    "<vlan tag='100'><interface name='bond0'/></vlan></interface></bridge></interface>";

// The host and its LAN: in the LAN's namespace a switch (bridge sw) with the gateway's addresses
// (and sw.100, the gateway on VLAN 100) and one port per NIC; in the host's, eth0 and eth1, the
// other ends. A reboot makes both anew: what a host's NICs are at boot.
class BondedHost {
 public:
  // `configured`: eth0 up with the host's addresses and default routes, as a server's NIC is
  // before its first bridge; otherwise both NICs down and bare, as a boot finds them.
  explicit BondedHost(bool configured) {
    lan_.ip("link add sw type bridge");
    lan_.ip("addr add 192.0.2.1/24 dev sw");
    lan_.ip("addr add 2001:db8::1/64 dev sw nodad");
    lan_.ip("link add link sw name sw.100 type vlan id 100");
    lan_.ip("addr add 198.51.100.1/24 dev sw.100");
    for (const char* nic : {"eth0", "eth1"}) {
      const std::string port = std::string("lan") + nic[3];
      host_.ip(std::string("link add ") + nic + " type veth peer name " + port + " netns " +
               lan_.name());
      lan_.ip("link set " + port + " master sw up");  // the switch's ports are up: carrier
    }
    lan_.ip("link set sw up");
    lan_.ip("link set sw.100 up");
    lan_.ip("link set lo up");
    host_.ip("link set lo up");
    if (!configured) return;
    host_.ip("addr add 192.0.2.5/24 dev eth0");
    host_.ip("addr add 2001:db8::5/64 dev eth0 nodad");
    host_.ip("link set eth0 up");
    host_.ip("route add default via 192.0.2.1 dev eth0");
    host_.ip("-6 route add default via 2001:db8::1 dev eth0");
  }

  const TestNetns& host() const { return host_; }
  const TestNetns& lan() const { return lan_; }

  // Whether the LAN gets an answer from `address` of the host within 5 s (the VM's CPU is
  // emulated: a second is not long there).
  bool lanReaches(const std::string& address) const {
    ReachabilityProbe probe(host_.name(), lan_.name(), address);
    return probe.waitForAnswers(1, 5s);
  }

 private:
  TestNetns host_;
  TestNetns lan_;
};

class VmHost : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    fs::remove_all(store_);
    fs::remove_all("/run/ifkit/started");
    world_.emplace(true);
    connect();
  }
  void TearDown() override {
    conn_.reset();
    world_.reset();
    fs::remove_all(store_);
    fs::remove_all("/run/ifkit/started");
  }

  void connect() {
    auto c = Connection::open(test::systemUri(host().name(), store_));
    ASSERT_TRUE(c.ok()) << c.error().message;
    conn_.emplace(std::move(*c));
  }
  // What a reboot leaves: a kernel without any of it (the namespaces and their NICs made anew,
  // bare and down), no start records (/run is a tmpfs), the store as it was.
  void reboot() {
    conn_.reset();
    world_.reset();
    fs::remove_all("/run/ifkit/started");
    world_.emplace(false);
    connect();
  }

  const TestNetns& host() const { return world_->host(); }
  const TestNetns& lan() const { return world_->lan(); }

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
  // The device of the host's default route of `family` ("-4" or "-6"), "" for none or several.
  std::string defaultRouteDevice(const char* family) const {
    Json routes = host().ipJson(std::string(family) + " route show default");
    return routes.size() == 1 ? routes[0]["dev"].str() : std::string();
  }

  // The whole tree as the kernel has it: br0 over bond0 (in `mode`) over eth0 and eth1, the
  // host's addresses and default routes on br0, none on the NICs; br100 over bond0.100.
  void expectTheTreeUp(const std::string& eth0Mac) const {
    const Json br0 = link("br0");
    EXPECT_EQ(br0["linkinfo"]["info_kind"].str(), "bridge");
    EXPECT_TRUE(br0["flags"].contains("UP"));
    EXPECT_EQ(br0["address"].str(), eth0Mac) << "the LAN's ARP caches stay valid";
    EXPECT_EQ(globalAddresses("br0"), (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
    EXPECT_EQ(defaultRouteDevice("-4"), "br0");
    EXPECT_EQ(defaultRouteDevice("-6"), "br0");
    const Json bond = link("bond0");
    EXPECT_EQ(bond["linkinfo"]["info_kind"].str(), "bond");
    EXPECT_EQ(bond["linkinfo"]["info_data"]["mode"].str(), GetParam());
    EXPECT_EQ(bond["linkinfo"]["info_data"]["miimon"].integer(), 100);
    EXPECT_EQ(bond["master"].str(), "br0");
    EXPECT_TRUE(bond["flags"].contains("UP"));
    for (const char* nic : {"eth0", "eth1"}) {
      EXPECT_EQ(link(nic)["master"].str(), "bond0") << nic;
      EXPECT_EQ(globalAddresses(nic), std::vector<std::string>{}) << nic << ": a slave has no IP";
    }
    const Json vlan = link("bond0.100");
    EXPECT_EQ(vlan["linkinfo"]["info_kind"].str(), "vlan");
    EXPECT_EQ(vlan["linkinfo"]["info_data"]["id"].integer(), 100);
    EXPECT_EQ(vlan["link"].str(), "bond0");
    EXPECT_EQ(vlan["master"].str(), "br100");
    EXPECT_EQ(link("br100")["linkinfo"]["info_kind"].str(), "bridge");
    EXPECT_EQ(globalAddresses("br100"), std::vector<std::string>{"198.51.100.5/24"});
    EXPECT_TRUE(world_->lanReaches(kHostV4)) << "the host does not answer over IPv4";
    EXPECT_TRUE(world_->lanReaches(kHostV6)) << "the host does not answer over IPv6";
    EXPECT_TRUE(world_->lanReaches(kVlanV4)) << "the host does not answer on VLAN 100";
  }

  // Starts a probe of the host's IPv4 address from the LAN and waits for it to be answered.
  std::unique_ptr<ReachabilityProbe> probe() const {
    auto p = std::make_unique<ReachabilityProbe>(host().name(), lan().name(), kHostV4);
    EXPECT_TRUE(p->waitForAnswers(5, 5s)) << "the host does not answer before the change";
    return p;
  }
  // The longest time the LAN went without an answer, reported (in the JUnit XML and on the
  // console), not asserted: the VM's CPU is emulated and shared.
  void reportGap(ReachabilityProbe& p, const std::string& what) {
    EXPECT_TRUE(p.waitForAnswers(5, 5s)) << "the host no longer answers over IPv4 after " << what;
    const ReachabilityProbe::Result r = p.stop();
    EXPECT_EQ(r.error, "");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.longestGap).count();
    RecordProperty(what + "_longest_gap_ms", std::to_string(ms));
    std::printf("%s (%s): longest gap %lld ms, %ld of %ld answered\n", what.c_str(),
                GetParam().c_str(), static_cast<long long>(ms), r.answered, r.sent);
  }

  fs::path store_ = "/tmp/ifkit-vm-host-store";
  std::optional<BondedHost> world_;
  std::optional<Connection> conn_;
};

// "My server's NIC carries its address and default route; I make it and a second NIC a bond
// under the bridge my guests use, with a VLAN bridge beside it, over the very connection I
// administer it through. It stays reachable, comes back so after a reboot, and a stop gives the
// NIC back what it had."
TEST_P(VmHost, BondUnderTheBridgeTakesTheHostsAddressesOverAndGivesThemBack) {
  const std::string eth0Mac = link("eth0")["address"].str();
  auto defined = conn_->defineXML(br0Xml(GetParam()));
  ASSERT_TRUE(defined.ok()) << defined.error().message;
  Interface br0 = *defined;
  defined = conn_->defineXML(kBr100Xml);
  ASSERT_TRUE(defined.ok()) << defined.error().message;
  Interface br100 = *defined;

  auto p = probe();
  Status started = br0.create();
  ASSERT_TRUE(started.ok()) << started.error().message;
  reportGap(*p, "start");
  started = br100.create();
  ASSERT_TRUE(started.ok()) << started.error().message;
  expectTheTreeUp(eth0Mac);

  // Stopping br0 deletes the bond it made (the kernel takes bond0.100 along), and gives eth0 back
  // its addresses and default routes, up; eth1 goes back down.
  p = probe();
  Status stopped = br0.destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  reportGap(*p, "destroy");
  for (const char* gone : {"br0", "bond0", "bond0.100"}) EXPECT_FALSE(exists(gone)) << gone;
  const Json eth0 = link("eth0");
  EXPECT_FALSE(eth0.has("master"));
  EXPECT_TRUE(eth0["flags"].contains("UP"));
  EXPECT_EQ(eth0["address"].str(), eth0Mac);
  EXPECT_EQ(globalAddresses("eth0"), (std::vector<std::string>{"192.0.2.5/24", "2001:db8::5/64"}));
  EXPECT_EQ(defaultRouteDevice("-4"), "eth0");
  EXPECT_EQ(defaultRouteDevice("-6"), "eth0");
  const Json eth1 = link("eth1");
  EXPECT_FALSE(eth1.has("master"));
  EXPECT_FALSE(eth1["flags"].contains("UP"));
  EXPECT_TRUE(world_->lanReaches(kHostV4));
  EXPECT_TRUE(world_->lanReaches(kHostV6));
  // br100 lost its port with the VLAN; its own stop still succeeds.
  stopped = br100.destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(exists("br100"));

  // Started again, then a reboot: boot brings the whole tree back, br0 (which br100's VLAN is
  // built on) first, on NICs that come up bare.
  ASSERT_TRUE(br0.create().ok());
  ASSERT_TRUE(br100.create().ok());
  reboot();
  ASSERT_FALSE(exists("br0"));
  auto booted = conn_->boot();
  ASSERT_TRUE(booted.ok()) << booted.error().message;
  EXPECT_EQ(booted->started, (std::vector<std::string>{"br0", "br100"}));
  EXPECT_TRUE(booted->failed.empty()) << booted->failed[0].second.message;
  expectTheTreeUp(link("eth0")["address"].str());

  // Stopped as boot started them: the VLAN bridge, then the bond's; the NICs go back down and
  // bare, as the reboot left them.
  auto again = conn_->lookupByName("br100");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->destroy().ok());
  EXPECT_FALSE(exists("bond0.100"));
  EXPECT_TRUE(exists("bond0")) << "br100's stop deleted the bond it is built on";
  again = conn_->lookupByName("br0");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->destroy().ok());
  for (const char* gone : {"br0", "bond0", "br100"}) EXPECT_FALSE(exists(gone)) << gone;
  for (const char* nic : {"eth0", "eth1"}) {
    EXPECT_FALSE(link(nic).has("master")) << nic;
    EXPECT_FALSE(link(nic)["flags"].contains("UP")) << nic;
    EXPECT_EQ(globalAddresses(nic), std::vector<std::string>{}) << nic;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, VmHost, ::testing::Values("active-backup", "802.3ad"),
                         [](const auto& p) {
                           return p.param == "802.3ad" ? std::string("Lacp")
                                                          : std::string("ActiveBackup");
                         });

}  // namespace
}  // namespace ifkit

int main(int argc, char** argv) {
  const char* vm = std::getenv("IFKIT_VM");
  if (vm == nullptr || std::string_view(vm) != "1") {
    std::fprintf(stderr,
                 "vm_host_test: refusing to run: IFKIT_VM=1 is not set, so this is not the test "
                 "VM, and the start records it clears (/run/ifkit/started) would be this host's "
                 "own. Run it in the VM: ctest -R system_bonded_host_vm\n");
    return 2;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
