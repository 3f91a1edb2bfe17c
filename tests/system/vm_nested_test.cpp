// SPDX-License-Identifier: LGPL-2.1-or-later
// Nested definitions started and stopped on a real kernel with bonding and 802.1q, and the live
// XML of bonds, VLANs and NICs compared with the kernel's own view (kernel_live_xml.h): this binary
// runs inside the VM (tests/vm/VmTest.cmake), on the VM's own network namespace, so it creates
// its stand-in NICs itself and removes everything it made. Anywhere else that namespace would be
// a real host's: it refuses to run unless IFKIT_VM=1, which only the VM's init sets.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include "conf/interface_xml.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "json.h"
#include "kernel_live_xml.h"
#include "system_uri.h"
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

bool linkExists(const std::string& name) {
  return runCommand("ip link show " + name).exitCode == 0;
}

void ip(const std::string& args) {
  auto r = runCommand("ip " + args);
  ASSERT_EQ(r.exitCode, 0) << "ip " << args << ": " << r.output;
}

// A bond's live XML as the kernel shows it through ip: libvirt's rules (README, "What the live
// XML holds") applied to `ip -j -d link show`, `ip -j link show master BOND` and sysfs.
std::string bondFromKernel(const test::KernelReader& k, const std::string& bond) {
  const Json info = ipJson("-d link show " + bond)[0]["linkinfo"]["info_data"];
  std::string out = "<interface type='bond' name='" + bond + "'>\n" + test::mtuLine(k, bond, "  ") +
                    test::protocolLines(k, bond, "  ") + test::linkLine(k, bond, "  ") +
                    "  <bond mode='" + info["mode"].str() + "'>\n";
  auto attribute = [](const std::string& name, long long value) {
    return " " + name + "='" + std::to_string(value) + "'";
  };
  if (info["miimon"].integer() > 0) {
    out += "    <miimon" + attribute("freq", info["miimon"].integer());
    if (info["downdelay"].integer() > 0) out += attribute("downdelay", info["downdelay"].integer());
    if (info["updelay"].integer() > 0) out += attribute("updelay", info["updelay"].integer());
    out +=
        std::string(" carrier='") + (info["use_carrier"].integer() ? "netif" : "ioctl") + "'/>\n";
  } else if (info["arp_interval"].integer() > 0 && info["arp_ip_target"].size() > 0) {
    // libvirt's model holds one target: the kernel's first.
    out += "    <arpmon" + attribute("interval", info["arp_interval"].integer()) + " target='" +
           info["arp_ip_target"][0].str() + "'";
    const std::string validate = info["arp_validate"].str();
    if (validate == "active" || validate == "backup" || validate == "all")
      out += " validate='" + validate + "'";
    out += "/>\n";
  }
  for (const Json& slave : ipJson("link show master " + bond).items())
    out += test::nestedEthernetLines(k, slave["ifname"].str(), "    ");
  return out + "  </bond>\n</interface>\n";
}

std::vector<std::string> slavesOf(const std::string& bond) {
  std::vector<std::string> names;
  for (const Json& slave : ipJson("link show master " + bond).items())
    names.push_back(slave["ifname"].str());
  return names;
}

class NestedOnRealKernel : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(store_);
    for (const char* nic : {"nic0", "nic1", "nic2"})
      ASSERT_EQ(runCommand(std::string("ip link add ") + nic + " type veth peer name " + nic + "p")
                    .exitCode,
                0);
    conn_ = Connection::open(test::systemUri("", store_)).value();
  }
  void TearDown() override {
    for (const char* link : {"br0", "br1", "bond0", "bond1", "nic2.10", "nic0", "nic1", "nic2"})
      (void)runCommand(std::string("ip link delete ") + link + " 2>/dev/null");
    fs::remove_all(store_);
    // The start records of this namespace (the VM's own): a test cut short leaves its own.
    fs::remove_all("/run/ifkit/started");
  }

  // iface-dumpxml NAME, or the error it prints.
  std::string liveXml(const std::string& name) {
    auto iface = conn_->lookupByName(name);
    if (!iface.ok()) return "error: " + iface.error().message;
    auto xml = iface->xmlDesc(0);
    return xml.ok() ? *xml : "error: " + xml.error().message;
  }

  fs::path store_ = "/tmp/ifkit-vm-store";
  std::optional<Connection> conn_;
  const test::KernelReader kernel_ = test::thisNamespace();
};

TEST_F(NestedOnRealKernel, BridgeOverBondOverTwoNicsStartsAndStops) {
  ip("link set nic0p up");  // nic0 gets a carrier, nic1 none: two slaves in different states
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
  // bond0's own live XML is what the kernel shows: mode, MII monitor, each slave with its link
  // state and MAC.
  test::expectSameOnceSettled([&] { return liveXml("bond0"); },
                              [&] { return bondFromKernel(kernel_, "bond0"); });
  EXPECT_EQ(slavesOf("bond0"), (std::vector<std::string>{"nic0", "nic1"}));
  EXPECT_NE(bondFromKernel(kernel_, "bond0").find("    <miimon freq='100' carrier='netif'/>\n"),
            std::string::npos);
  EXPECT_EQ(ipJson("link show nic1")[0]["operstate"].str(), "LOWERLAYERDOWN");
  EXPECT_TRUE(conf::parseInterfaceXml(liveXml("bond0")).ok()) << liveXml("bond0");

  Status stopped = br0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_FALSE(linkExists("bond0"));
  EXPECT_TRUE(linkExists("nic0"));  // a NIC is never deleted
  EXPECT_FALSE(ipJson("link show nic0")[0].has("master"));
}

TEST_F(NestedOnRealKernel, BridgeOverVlanStartsAndStops) {
  ip("link set nic2p up");
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
  // The VLAN's live XML is what the kernel shows: its tag and parent.
  auto vlanFromKernel = [&] {
    const Json l = ipJson("-d link show nic2.10")[0];
    return "<interface type='vlan' name='nic2.10'>\n" + test::mtuLine(kernel_, "nic2.10", "  ") +
           test::protocolLines(kernel_, "nic2.10", "  ") +
           test::linkLine(kernel_, "nic2.10", "  ") + "  <vlan tag='" +
           std::to_string(l["linkinfo"]["info_data"]["id"].integer()) + "'>\n" +
           "    <interface name='" + l["link"].str() + "'/>\n  </vlan>\n</interface>\n";
  };
  test::expectSameOnceSettled([&] { return liveXml("nic2.10"); }, vlanFromKernel);
  EXPECT_NE(vlanFromKernel().find("<vlan tag='10'>\n    <interface name='nic2'/>"),
            std::string::npos);
  // The VLAN's parent, a NIC with addresses and default routes of its own, on its own: its live
  // XML is what ip shows of it.
  ip("addr add 192.0.2.20/24 dev nic2");
  ip("addr add 2001:db8:2::20/64 dev nic2 nodad");
  ip("route add default via 192.0.2.1 dev nic2");
  ip("-6 route add default via 2001:db8:2::1 dev nic2");
  auto nicFromKernel = [&] {
    return "<interface type='ethernet' name='nic2'>\n" + test::mtuLine(kernel_, "nic2", "  ") +
           test::protocolLines(kernel_, "nic2", "  ") + test::linkLine(kernel_, "nic2", "  ") +
           test::macLine(kernel_, "nic2", "  ") + "</interface>\n";
  };
  test::expectSameOnceSettled([&] { return liveXml("nic2"); }, nicFromKernel);
  for (const char* part :
       {"<ip address='192.0.2.20' prefix='24'/>\n    <route gateway='192.0.2.1'/>",
        "<ip address='2001:db8:2::20' prefix='64'/>\n    <route gateway='2001:db8:2::1'/>",
        "<link speed='10000' state='up'/>"})
    EXPECT_NE(nicFromKernel().find(part), std::string::npos) << part << "\n" << nicFromKernel();
  EXPECT_TRUE(conf::parseInterfaceXml(liveXml("nic2.10")).ok()) << liveXml("nic2.10");
  EXPECT_TRUE(conf::parseInterfaceXml(liveXml("nic2")).ok()) << liveXml("nic2");
  ASSERT_TRUE(br1->destroy().ok());
  EXPECT_FALSE(linkExists("br1"));
  EXPECT_FALSE(linkExists("nic2.10"));
  EXPECT_TRUE(linkExists("nic2"));
}

// "I stop a bond that was there before I started it, with its address: it stays, only the
// slaves and the address start added go, and the NICs are down."
TEST_F(NestedOnRealKernel, StopKeepsABondThatWasThereBeforeStart) {
  ip("link add bond0 type bond mode active-backup miimon 100");
  ip("addr add 198.51.100.1/24 dev bond0");
  ip("link set nic0p up");
  ip("link set nic0 up");  // up before start: the bond takes it only once it is down
  auto bond0 = conn_->defineXML(
      "<interface type='bond' name='bond0'><protocol family='ipv4'>"
      "<ip address='198.51.100.1' prefix='24'/><ip address='192.0.2.1' prefix='24'/></protocol>"
      "<bond mode='active-backup'><miimon freq='100'/>"
      "<interface type='ethernet' name='nic0'/><interface type='ethernet' name='nic1'/>"
      "</bond></interface>");
  ASSERT_TRUE(bond0.ok()) << bond0.error().message;
  Status started = bond0->create();
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(slavesOf("bond0"), (std::vector<std::string>{"nic0", "nic1"}));

  Status stopped = bond0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  ASSERT_TRUE(linkExists("bond0")) << "stop deleted a bond it did not make";
  const Json bond = ipJson("-d addr show bond0")[0];
  EXPECT_EQ(bond["linkinfo"]["info_kind"].str(), "bond");
  EXPECT_FALSE(bond["flags"].contains("UP"));
  std::vector<std::string> addresses;
  for (const Json& a : bond["addr_info"].items())
    if (a["scope"].str() == "global") addresses.push_back(a["local"].str());
  EXPECT_EQ(addresses, std::vector<std::string>{"198.51.100.1"});
  EXPECT_TRUE(slavesOf("bond0").empty());
  for (const char* nic : {"nic0", "nic1"}) {
    const Json link = ipJson(std::string("link show ") + nic)[0];
    EXPECT_FALSE(link.has("master")) << nic;
    EXPECT_FALSE(link["flags"].contains("UP")) << nic;
  }
}

// "I deleted the VLAN under my bridge by hand: stop still succeeds, and takes the VLAN's parent
// down again, since start brought it up."
TEST_F(NestedOnRealKernel, StopSucceedsAfterTheVlanWasDeletedByHand) {
  ip("link set nic2p up");
  ASSERT_FALSE(ipJson("link show nic2")[0]["flags"].contains("UP"));
  auto br1 = conn_->defineXML(
      "<interface type='bridge' name='br1'><mtu size='1400'/><bridge stp='off'>"
      "<interface type='vlan' name='nic2.10'><vlan tag='10'><interface name='nic2'/></vlan>"
      "</interface></bridge></interface>");
  ASSERT_TRUE(br1.ok()) << br1.error().message;
  ASSERT_TRUE(br1->create().ok());
  EXPECT_TRUE(ipJson("link show nic2")[0]["flags"].contains("UP"));
  ip("link delete nic2.10");

  Status stopped = br1->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(linkExists("br1"));
  ASSERT_TRUE(linkExists("nic2"));
  EXPECT_FALSE(ipJson("link show nic2")[0]["flags"].contains("UP"));
  EXPECT_EQ(ipJson("link show nic2")[0]["mtu"].integer(), 1500);
}

// A bond started with the ARP monitor: the kernel runs it with the interval, target and
// validation asked, and the live XML says so; given a second target, the kernel's first is the
// one libvirt's model holds.
TEST_F(NestedOnRealKernel, BondWithArpMonitorStartsAndItsLiveXmlIsTheKernels) {
  ip("link set nic0p up");
  ip("link set nic1p up");
  auto bond0 = conn_->defineXML(
      "<interface type='bond' name='bond0'><bond mode='active-backup'>"
      "<arpmon interval='1000' target='192.0.2.1' validate='all'/>"
      "<interface type='ethernet' name='nic0'/><interface type='ethernet' name='nic1'/>"
      "</bond></interface>");
  ASSERT_TRUE(bond0.ok()) << bond0.error().message;
  Status started = bond0->create();
  ASSERT_TRUE(started.ok()) << started.error().message;

  const Json info = ipJson("-d link show bond0")[0]["linkinfo"]["info_data"];
  EXPECT_EQ(info["mode"].str(), "active-backup");
  EXPECT_EQ(info["miimon"].integer(), 0);
  EXPECT_EQ(info["arp_interval"].integer(), 1000);
  ASSERT_EQ(info["arp_ip_target"].size(), 1u);
  EXPECT_EQ(info["arp_ip_target"][0].str(), "192.0.2.1");
  EXPECT_EQ(info["arp_validate"].str(), "all");
  EXPECT_EQ(slavesOf("bond0"), (std::vector<std::string>{"nic0", "nic1"}));
  test::expectSameOnceSettled([&] { return liveXml("bond0"); },
                              [&] { return bondFromKernel(kernel_, "bond0"); });
  EXPECT_NE(liveXml("bond0").find("<arpmon interval='1000' target='192.0.2.1' validate='all'/>"),
            std::string::npos)
      << liveXml("bond0");

  ip("link set bond0 type bond arp_ip_target 192.0.2.9,192.0.2.1");
  ASSERT_EQ(ipJson("-d link show bond0")[0]["linkinfo"]["info_data"]["arp_ip_target"].size(), 2u);
  test::expectSameOnceSettled([&] { return liveXml("bond0"); },
                              [&] { return bondFromKernel(kernel_, "bond0"); });
  EXPECT_NE(liveXml("bond0").find("target='192.0.2.9'"), std::string::npos) << liveXml("bond0");
  EXPECT_TRUE(conf::parseInterfaceXml(liveXml("bond0")).ok()) << liveXml("bond0");

  ASSERT_TRUE(bond0->destroy().ok());
  EXPECT_FALSE(linkExists("bond0"));
}

// The kernel enslaves a VLAN to a bond, where libvirt's model has only ethernet slaves: the
// live XML lists every slave, the VLAN as ethernet with its link and MAC, and stays libvirt's.
TEST_F(NestedOnRealKernel, BondOverAVlanListsItsSlaveAsEthernet) {
  ip("link set nic0p up");
  ip("link set nic0 up");
  ip("link add link nic0 name nic0.5 type vlan id 5");
  ip("link add bond1 type bond mode active-backup miimon 100");
  ip("link set nic0.5 master bond1");
  ip("link set nic1 master bond1");
  ip("link set bond1 up");
  ASSERT_EQ(slavesOf("bond1"), (std::vector<std::string>{"nic1", "nic0.5"}));
  test::expectSameOnceSettled([&] { return liveXml("bond1"); },
                              [&] { return bondFromKernel(kernel_, "bond1"); });
  EXPECT_NE(liveXml("bond1").find("<interface type='ethernet' name='nic0.5'>"), std::string::npos)
      << liveXml("bond1");
  EXPECT_TRUE(conf::parseInterfaceXml(liveXml("bond1")).ok()) << liveXml("bond1");
}

// A VLAN moved into another namespace, away from its parent: the kernel names the parent by its
// ifindex over there, which in the new namespace is an unrelated link's. The live XML writes
// the parent as ip does (nic2.7@ifN), never as that unrelated link.
TEST_F(NestedOnRealKernel, VlanInAnotherNamespaceThanItsParentNamesItAsIpDoes) {
  ip("link add link nic2 name nic2.7 type vlan id 7");
  const long long parent = ipJson("link show nic2")[0]["ifindex"].integer();
  test::TestNetns ns;
  ip("link set nic2.7 netns " + ns.name());
  ns.ip("link add other index " + std::to_string(parent) + " type dummy");
  const Json vlan = ns.ipJson("-d link show nic2.7")[0];
  EXPECT_EQ(vlan["link_index"].integer(), parent);
  EXPECT_TRUE(vlan.has("link_netnsid"));
  EXPECT_EQ(ns.ipJson("link show other")[0]["ifindex"].integer(), parent);

  auto there = Connection::open(test::systemUri(ns.name(), store_));
  ASSERT_TRUE(there.ok()) << there.error().message;
  auto xml = there->lookupByName("nic2.7")->xmlDesc(0);
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  const test::KernelReader k = test::readerOf(ns);
  EXPECT_EQ(*xml, "<interface type='vlan' name='nic2.7'>\n" + test::mtuLine(k, "nic2.7", "  ") +
                      test::linkLine(k, "nic2.7", "  ") +
                      "  <vlan tag='7'>\n"
                      "    <interface name='if" +
                      std::to_string(parent) +
                      "'/>\n"
                      "  </vlan>\n"
                      "</interface>\n");
  EXPECT_TRUE(conf::parseInterfaceXml(*xml).ok()) << *xml;
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
