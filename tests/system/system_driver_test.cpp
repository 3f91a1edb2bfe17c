// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit:///system on a real kernel: each test makes its own namespace and store, builds a
// situation with `ip`, and checks what ifkit lists, looks up and describes against `ip -j`,
// and what it stores against the bytes on disk.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include "conf/interface_xml.h"
#include "dhcp_server.h"
#include "host/dhcp/dhcp_client.h"
#include "host/netlink/netns.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "kernel_live_xml.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

class TempStore {
 public:
  TempStore() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ifkit-sys-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  }
  ~TempStore() { fs::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class SystemDriverTest : public ::testing::Test {
 protected:
  Connection open() {
    auto conn = Connection::open(test::systemUri(ns.name(), store.path()));
    EXPECT_TRUE(conn.ok()) << conn.error().message;
    return *conn;
  }
  std::string macOf(const std::string& link) {
    return ns.ipJson("link show " + link)[0]["address"].str();
  }

  TestNetns ns;
  TempStore store;
};

TEST_F(SystemDriverTest, ListsTheKernelsLinksWithStateAndMacButNotLoopback) {
  ns.ip("link add eth0 type veth peer name eth1");
  ns.ip("link set eth0 up");
  ns.ip("link add br0 type bridge");
  Connection conn = open();
  auto all = conn.listAllInterfaces(0);
  ASSERT_TRUE(all.ok());
  std::set<std::string> names;
  for (const Interface& i : *all) {
    names.insert(i.name());
    EXPECT_EQ(i.macString(), macOf(i.name())) << i.name();
  }
  EXPECT_EQ(names, (std::set<std::string>{"br0", "eth0", "eth1"}));
  // Active = present and administratively up: ip's view of IFF_UP.
  EXPECT_EQ(*conn.listInterfaces(), std::vector<std::string>{"eth0"});
  EXPECT_EQ(*conn.listDefinedInterfaces(), (std::vector<std::string>{"br0", "eth1"}));
  EXPECT_FALSE(conn.lookupByName("lo").ok());
}

// iface-list's rows: the listing with each state, told from one look at the host, say what
// isActive says of each (an up link, a down one, a definition without a link, a port left out).
TEST_F(SystemDriverTest, ListingWithStatesAgreesWithIsActiveOfEach) {
  ns.ip("link add eth0 type veth peer name eth1");
  ns.ip("link set eth0 up");
  ns.ip("link add br0 type bridge");
  ns.ip("link add eth2 type veth peer name eth3");
  ns.ip("link set eth2 master br0");
  Connection conn = open();
  ASSERT_TRUE(conn.defineXML("<interface type='bridge' name='br9'><bridge/></interface>").ok());
  for (unsigned flags : {0u, kListInterfacesActive, kListInterfacesInactive,
                         kListInterfacesActive | kListInterfacesInactive}) {
    SCOPED_TRACE(flags);
    auto rows = conn.listAllInterfacesWithState(flags);
    auto plain = conn.listAllInterfaces(flags);
    ASSERT_TRUE(rows.ok() && plain.ok());
    std::set<std::pair<std::string, std::string>> listed, expected;
    for (const ListedInterface& row : *rows) {
      listed.emplace(row.interface.name(), row.active ? "active" : "inactive");
      EXPECT_EQ(row.interface.macString(),
                row.interface.name() == "br9" ? std::string() : macOf(row.interface.name()));
    }
    for (const Interface& i : *plain)
      expected.emplace(i.name(), *i.isActive() ? "active" : "inactive");
    EXPECT_EQ(listed, expected);
  }
  std::set<std::string> all;
  auto rows = conn.listAllInterfacesWithState(0);
  ASSERT_TRUE(rows.ok());
  for (const ListedInterface& row : *rows)
    all.insert(row.interface.name() + (row.active ? " up" : " down"));
  EXPECT_EQ(all,
            (std::set<std::string>{"br0 down", "br9 down", "eth0 up", "eth1 down", "eth3 down"}));
}

TEST_F(SystemDriverTest, LiveXmlDescribesABridgeWithItsPortAddressesAndDefaultRoute) {
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add br0 type bridge stp_state 0 forward_delay 300");
  ns.ip("link set eth0 master br0");
  ns.ip("link set eth0 mtu 1400");
  ns.ip("link set eth0 up");
  ns.ip("link set eth0-peer up");
  ns.ip("link set br0 up");
  ns.ip("addr add 192.0.2.1/24 dev br0");
  ns.ip("route add default via 192.0.2.254");
  Connection conn = open();
  auto xml = conn.lookupByName("br0")->xmlDesc(0);
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  const test::Json port = ns.ipJson("-d link show eth0")[0];
  const bool portUp = port["operstate"].str() == "UP";  // veth's speed is written only when up
  EXPECT_EQ(*xml,
            "<interface type='bridge' name='br0'>\n"
            "  <mtu size='" +
                std::to_string(ns.ipJson("link show br0")[0]["mtu"].integer()) +
                "'/>\n"
                "  <protocol family='ipv4'>\n"
                "    <ip address='192.0.2.1' prefix='24'/>\n"
                "    <route gateway='192.0.2.254'/>\n"
                "  </protocol>\n"
                "  <bridge stp='off' delay='3'>\n"
                "    <interface type='ethernet' name='eth0'>\n"
                "      <link " +
                std::string(portUp ? "speed='10000' state='up'" : "state='down'") +
                "/>\n"
                "      <mac address='" +
                port["address"].str() +
                "'/>\n"
                "    </interface>\n"
                "  </bridge>\n"
                "</interface>\n");
  // Live XML always parses back, and stays schema-independent of ifkit's reader.
  EXPECT_TRUE(conf::parseInterfaceXml(*xml).ok());
}

// A NIC on its own, not a port of anything: what ip shows of it (MTU, the global addresses of
// both families, the default route of each family out of it, IPv6 autoconf, its link and its
// MAC) is what its live XML says, and turning accept_ra off takes <autoconf/> away.
TEST_F(SystemDriverTest, LiveXmlOfATopLevelEthernetIsWhatIpShows) {
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link set eth0 mtu 1400");
  ns.ip("link set eth0 up");
  ns.ip("link set eth0-peer up");
  ns.exec("sysctl -q -w net.ipv6.conf.eth0.accept_ra=1 net.ipv6.conf.eth0.autoconf=1");
  ns.ip("addr add 192.0.2.10/24 dev eth0");
  ns.ip("addr add 198.51.100.10/25 dev eth0");
  ns.ip("addr add 2001:db8::10/64 dev eth0 nodad");
  ns.ip("addr add 2001:db8:1::10/48 dev eth0 nodad");
  ns.ip("route add default via 192.0.2.1");
  ns.ip("-6 route add default via 2001:db8::1");
  Connection conn = open();
  const test::KernelReader k = test::readerOf(ns);
  auto live = [&] { return conn.lookupByName("eth0")->xmlDesc(0).value(); };
  auto kernel = [&] {
    return "<interface type='ethernet' name='eth0'>\n" + test::mtuLine(k, "eth0", "  ") +
           test::protocolLines(k, "eth0", "  ") + test::linkLine(k, "eth0", "  ") +
           test::macLine(k, "eth0", "  ") + "</interface>\n";
  };
  test::expectSameOnceSettled(live, kernel);
  // ... and what ip shows is what was set up, in the kernel's order (IPv6's newest first); the
  // kernel's own fe80:: address is left out.
  EXPECT_EQ(kernel(),
            "<interface type='ethernet' name='eth0'>\n"
            "  <mtu size='1400'/>\n"
            "  <protocol family='ipv4'>\n"
            "    <ip address='192.0.2.10' prefix='24'/>\n"
            "    <ip address='198.51.100.10' prefix='25'/>\n"
            "    <route gateway='192.0.2.1'/>\n"
            "  </protocol>\n"
            "  <protocol family='ipv6'>\n"
            "    <autoconf/>\n"
            "    <ip address='2001:db8:1::10' prefix='48'/>\n"
            "    <ip address='2001:db8::10' prefix='64'/>\n"
            "    <route gateway='2001:db8::1'/>\n"
            "  </protocol>\n"
            "  <link speed='10000' state='up'/>\n"
            "  <mac address='" +
                macOf("eth0") +
                "'/>\n"
                "</interface>\n");
  EXPECT_TRUE(conf::parseInterfaceXml(live()).ok());

  ns.exec("sysctl -q -w net.ipv6.conf.eth0.accept_ra=0");
  test::expectSameOnceSettled(live, kernel);
  EXPECT_EQ(live().find("<autoconf/>"), std::string::npos) << live();
}

TEST_F(SystemDriverTest, DefineWritesLibvirtsBytesAndUndefineRemovesThem) {
  Connection conn = open();
  const std::string xml =
      "<interface type='bridge' name='br9'><start mode='onboot'/>"
      "<protocol family='ipv4'><ip address='198.51.100.1' prefix='24'/></protocol>"
      "<bridge stp='on'><interface type='ethernet' name='eth0'/></bridge></interface>";
  auto iface = conn.defineXML(xml);
  ASSERT_TRUE(iface.ok()) << iface.error().message;
  const std::string expected = conf::formatInterfaceXml(*conf::parseInterfaceXml(xml));
  EXPECT_EQ(readFile(fs::path(store.path()) / "br9.xml"), expected);
  // Defined but not in the kernel: inactive, and both XML forms show the definition.
  EXPECT_EQ(*conn.listDefinedInterfaces(), std::vector<std::string>{"br9"});
  EXPECT_EQ(*iface->xmlDesc(0), expected);
  EXPECT_EQ(*iface->xmlDesc(kInterfaceXmlInactive), expected);
  EXPECT_FALSE(*iface->isActive());
  // The kernel was not touched.
  EXPECT_EQ(ns.ipJson("link show").size(), 1u);  // lo only
  ASSERT_TRUE(iface->undefine().ok());
  EXPECT_FALSE(fs::exists(fs::path(store.path()) / "br9.xml"));
  auto gone = conn.lookupByName("br9");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().message, "Interface not found: no interface with matching name 'br9'");
}

TEST_F(SystemDriverTest, DefineRefusesWhatTheKernelCouldNotApplyAndWritesNothing) {
  Connection conn = open();
  auto bad = conn.defineXML("<interface type='ethernet' name='much-too-long-name'/>");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().number, ErrorNumber::XmlError);
  EXPECT_EQ(bad.error().domain, ErrorDomain::Interface);
  auto badMac = conn.defineXML(
      "<interface type='ethernet' name='eth0'><mac address='zz:00:00:00:00:00'/></interface>");
  ASSERT_FALSE(badMac.ok());
  for (const auto& entry : fs::directory_iterator(store.path()))
    EXPECT_TRUE(entry.path().filename().string().starts_with(".")) << entry.path();
}

// The kernel refuses ':' in a name (the old alias syntax), so define refuses it too; the test
// driver, like libvirt's, takes any name.
TEST_F(SystemDriverTest, DefineRefusesANameWithAColonAsTheKernelDoes) {
  const auto kernel = test::runCommand("ip -n " + ns.name() + " link add br0:1 type bridge");
  ASSERT_NE(kernel.exitCode, 0) << "the kernel took 'br0:1'";
  const std::string xml = "<interface type='bridge' name='br0:1'><bridge/></interface>";
  auto bad = open().defineXML(xml);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().number, ErrorNumber::XmlError);
  EXPECT_EQ(bad.error().domain, ErrorDomain::Interface);
  EXPECT_NE(bad.error().message.find("invalid value 'br0:1' for attribute 'name'"),
            std::string::npos)
      << bad.error().message;
  EXPECT_FALSE(fs::exists(fs::path(store.path()) / "br0:1.xml"));
  EXPECT_TRUE(Connection::open("test:///default")->defineXML(xml).ok());
}

TEST_F(SystemDriverTest, MacLookupIgnoresCaseAndRefusesToGuessBetweenTwo) {
  ns.ip("link add eth0 type veth peer name eth1");
  ns.ip("link set eth0 address 52:54:00:aa:bb:01");
  Connection conn = open();
  auto found = conn.lookupByMACString("52:54:00:AA:BB:01");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->name(), "eth0");
  ns.ip("link set eth1 address 52:54:00:aa:bb:01");
  auto twice = conn.lookupByMACString("52:54:00:aa:bb:01");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().number, ErrorNumber::MultipleInterfaces);
  auto none = conn.lookupByMACString("52:54:00:00:00:00");
  EXPECT_EQ(none.error().message,
            "Interface not found: no interface with matching mac '52:54:00:00:00:00'");
}

// The inactive XML of a link without a definition is its live description, with the start mode
// that keeps the host as it is: onboot when the link is up, none when it is down.
TEST_F(SystemDriverTest, InactiveXmlOfAnUndefinedLinkIsItsLiveDescriptionAndStartMode) {
  ns.ip("link add eth0 type veth peer name eth1");
  Connection conn = open();
  auto eth0 = conn.lookupByName("eth0");
  auto withStartMode = [&](const char* mode) {
    std::string live = *eth0->xmlDesc(0);
    return live.insert(live.find('\n') + 1, std::string("  <start mode='") + mode + "'/>\n");
  };
  EXPECT_EQ(*eth0->xmlDesc(kInterfaceXmlInactive), withStartMode("none"));
  ns.ip("link set eth0 up");
  EXPECT_EQ(*eth0->xmlDesc(kInterfaceXmlInactive), withStartMode("onboot"));
  auto undefine = eth0->undefine();
  ASSERT_FALSE(undefine.ok());
  EXPECT_EQ(undefine.error().message,
            "Requested operation is not valid: interface 'eth0' has no persistent definition");
}

// One connection (a daemon's, say) keeps a view of the kernel between calls: every change made
// meanwhile by someone else must show at the next call, announced by the kernel or not.
TEST_F(SystemDriverTest, OneConnectionSeesEveryChangeMadeMeanwhile) {
  ns.ip("link add eth0 type veth peer name eth0-peer");
  ns.ip("link add br0 type bridge");
  Connection conn = open();
  auto xmlOf = [&](const std::string& name) {
    auto iface = conn.lookupByName(name);
    if (!iface) return "error: " + iface.error().message;
    auto xml = iface->xmlDesc(0);
    return xml ? *xml : "error: " + xml.error().message;
  };
  auto contains = [](const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  };
  EXPECT_FALSE(*conn.lookupByName("br0")->isActive());

  ns.ip("link set br0 up mtu 1400");
  EXPECT_TRUE(*conn.lookupByName("br0")->isActive());
  EXPECT_TRUE(contains(xmlOf("br0"), "<mtu size='1400'/>")) << xmlOf("br0");

  ns.ip("link set eth0 master br0");
  EXPECT_TRUE(contains(xmlOf("br0"), "<interface type='ethernet' name='eth0'>")) << xmlOf("br0");

  ns.ip("addr add 192.0.2.1/24 dev br0");
  ns.ip("route add default via 192.0.2.254");
  EXPECT_TRUE(contains(xmlOf("br0"),
                       "<ip address='192.0.2.1' prefix='24'/>\n"
                       "    <route gateway='192.0.2.254'/>"))
      << xmlOf("br0");

  // IPv6 autoconf is a sysctl: the kernel announces no change of it.
  ns.ip("addr add 2001:db8::1/64 dev br0 nodad");
  const bool autoconf = contains(xmlOf("br0"), "<autoconf/>");
  ns.exec(std::string("sh -c 'echo ") + (autoconf ? "0" : "1") +
          " >/proc/sys/net/ipv6/conf/br0/autoconf'");
  EXPECT_EQ(contains(xmlOf("br0"), "<autoconf/>"), !autoconf) << xmlOf("br0");

  ns.ip("link add br1 type bridge");
  EXPECT_EQ(xmlOf("br1").rfind("<interface type='bridge' name='br1'>", 0), 0u) << xmlOf("br1");
  ns.ip("link del br1");
  EXPECT_EQ(xmlOf("br1"), "error: Interface not found: no interface with matching name 'br1'");
}

// A damaged definition file is reported for what it is; the link's live XML is still there.
TEST_F(SystemDriverTest, DamagedDefinitionIsReportedByNameAndDoesNotHideTheLink) {
  ns.ip("link add eth0 type veth peer name eth1");
  Connection conn = open();  // makes the store directory
  std::ofstream(fs::path(store.path()) / "eth0.xml") << "<interface type='ethernet'";
  std::ofstream(fs::path(store.path()) / "br9.xml") << "not xml at all";
  auto eth0 = conn.lookupByName("eth0");
  ASSERT_TRUE(eth0.ok()) << eth0.error().message;
  EXPECT_TRUE(eth0->xmlDesc(0).ok());
  auto inactive = eth0->xmlDesc(kInterfaceXmlInactive);
  ASSERT_FALSE(inactive.ok());
  EXPECT_NE(inactive.error().message.find("eth0.xml"), std::string::npos)
      << inactive.error().message;
  auto br9 = conn.lookupByName("br9");
  ASSERT_FALSE(br9.ok());
  EXPECT_NE(br9.error().message.find("br9.xml"), std::string::npos) << br9.error().message;
  // The listing leaves the damaged ones out and goes on.
  auto all = conn.listAllInterfaces(0);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->size(), 2u);
}

// A damaged definition can be undefined: that is how a user gets rid of it.
TEST_F(SystemDriverTest, UndefineRemovesADamagedDefinition) {
  ns.ip("link add eth0 type veth peer name eth1");
  Connection conn = open();
  std::ofstream(fs::path(store.path()) / "eth0.xml") << "<interface type='ethernet'";
  std::ofstream(fs::path(store.path()) / "br9.xml") << "not xml at all";
  EXPECT_TRUE(conn.lookupByName("eth0")->undefine().ok());
  EXPECT_FALSE(fs::exists(fs::path(store.path()) / "eth0.xml"));
  // br9 has no link: the lookup itself reports the file, so undefine goes by name.
  EXPECT_FALSE(conn.lookupByName("br9").ok());
  auto br9 = conn.lookupByName("eth1");
  ASSERT_TRUE(br9.ok());
  EXPECT_FALSE(br9->undefine().ok());  // a link without a definition: nothing to undefine
  EXPECT_TRUE(fs::exists(fs::path(store.path()) / "br9.xml"));
}

// A change that takes seconds (here a start whose DHCP client finds no server and tries four
// times) holds up no question on the same connection: ifkitd's other clients go on listing.
TEST_F(SystemDriverTest, QuestionsAreAnsweredWhileALongStartRuns) {
  ns.ip("link add eth0 type veth peer name eth1");
  ns.ip("link set eth1 up");
  Connection conn = open();
  auto eth0 = conn.defineXML(
      "<interface type='ethernet' name='eth0'><protocol family='ipv4'><dhcp/></protocol>"
      "</interface>");
  ASSERT_TRUE(eth0.ok()) << eth0.error().message;
  std::atomic<bool> started{false};
  auto startedAt = std::chrono::steady_clock::now();
  std::thread start([&] {
    (void)eth0->create();
    started = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the start is under way
  auto asked = std::chrono::steady_clock::now();
  auto all = conn.listAllInterfaces(0);
  auto xml = conn.lookupByName("eth1")->xmlDesc(0);
  auto inactive = eth0->xmlDesc(kInterfaceXmlInactive);
  const auto answeredIn = std::chrono::steady_clock::now() - asked;
  const bool stillStarting = !started;
  start.join();
  const auto startTook = std::chrono::steady_clock::now() - startedAt;
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_TRUE(xml.ok());
  EXPECT_TRUE(inactive.ok());
  EXPECT_TRUE(stillStarting) << "the start ended before the questions were answered";
  EXPECT_LT(answeredIn, startTook / 2)
      << "answered in " << std::chrono::duration<double>(answeredIn).count() << " s, start took "
      << std::chrono::duration<double>(startTook).count() << " s";
  (void)eth0->destroy();
}

// Where ifkit's DHCP client runs for a link, the live XML says <dhcp/> beside the leased address.
TEST_F(SystemDriverTest, LiveXmlShowsDhcpWhereIfkitsClientRuns) {
  TestNetns server;
  ns.ip("link add eth0 type veth peer name srv0 netns " + server.name());
  server.ip("addr add 10.99.0.1/24 dev srv0");
  server.ip("link set srv0 up");
  ns.ip("link set eth0 up");
  std::optional<test::DhcpServer> dnsmasq(std::in_place, server, "srv0");
  auto netns = host::nl::Netns::openByName(ns.name());
  host::DhcpClients dhcp(*netns);  // the system driver's own run directory
  ASSERT_TRUE(dhcp.start("eth0").ok());
  for (int i = 0; i < 100 && !dhcp.leasedAddress("eth0"); ++i) usleep(100000);
  const auto leased = dhcp.leasedAddress("eth0");
  auto xml = open().lookupByName("eth0")->xmlDesc(0);
  (void)dhcp.stop("eth0");
  dnsmasq.reset();
  ASSERT_TRUE(leased.has_value());
  ASSERT_TRUE(xml.ok());
  // The leased address (valid for the lease's time) is the <dhcp/>, not a static <ip>.
  const std::string address = leased->substr(0, leased->find('/'));
  EXPECT_NE(xml->find("  <protocol family='ipv4'>\n    <dhcp/>\n"), std::string::npos) << *xml;
  EXPECT_EQ(xml->find("'" + address + "'"), std::string::npos) << *xml;
  // Stopped: no <dhcp/> any more.
  EXPECT_EQ(open().lookupByName("eth0")->xmlDesc(0)->find("<dhcp/>"), std::string::npos);
}

}  // namespace
}  // namespace ifkit
