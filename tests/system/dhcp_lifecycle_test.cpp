// SPDX-License-Identifier: LGPL-2.1-or-later
// DHCP through the system driver, on a real kernel: a definition with <dhcp/> in its ipv4
// protocol, started and stopped (and rolled back) with dnsmasq serving leases from a second
// namespace at the far end of a veth pair. The client's processes are found through /proc and
// the addresses through `ip -j`, not through ifkit's own readers.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include "dhcp_server.h"
#include "host_view.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::DhcpServer;
using test::TestNetns;

class DhcpLifecycleTest : public ::testing::Test {
 protected:
  DhcpLifecycleTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-dhcp-life-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    ns_.ip("link add eth0 type veth peer name srv0 netns " + server_.name());
    server_.ip("addr add 10.99.0.1/24 dev srv0");
    server_.ip("link set srv0 up");
    dnsmasq_.emplace(server_, "srv0");
  }
  ~DhcpLifecycleTest() override {
    // Whatever a failed assertion skipped: no client may outlive the test.
    for (pid_t pid : clientPids()) kill(pid, SIGKILL);
    std::error_code ignored;
    fs::remove_all(runDirectory(), ignored);  // the driver's run files for this namespace
    fs::remove_all(store_);
  }
  std::string uri() const { return test::systemUri(ns_.name(), store_); }
  Connection open() { return Connection::open(uri()).value(); }

  // Where the system driver's DHCP clients keep their run files for this namespace, and the
  // udhcpc processes ifkit runs for it (their command lines name that directory).
  std::string runDirectory() const {
    struct stat st {};
    if (stat(("/run/netns/" + ns_.name()).c_str(), &st) != 0) return "/nonexistent";
    return "/run/ifkit/dhcp/" + std::to_string(st.st_ino);
  }
  std::vector<pid_t> clientPids() const {
    const std::string mark = runDirectory() + "/";
    std::vector<pid_t> out;
    for (const auto& entry : fs::directory_iterator("/proc")) {
      const std::string pid = entry.path().filename().string();
      if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "cmdline", std::ios::binary);
      const std::string args(std::istreambuf_iterator<char>(in), {});
      if (args.starts_with(std::string("udhcpc\0", 7)) && args.find(mark) != std::string::npos)
        out.push_back(std::stoi(pid));
    }
    return out;
  }
  // The global IPv4 addresses of `link` from 10.99.0.0/24 (dnsmasq's range), as "a.b.c.d/len".
  std::vector<std::string> leasedAddresses(const std::string& link) const {
    std::vector<std::string> out;
    for (const auto& a : ns_.ipJson("-4 addr show dev " + link)[0]["addr_info"].items())
      if (a["local"].str().starts_with("10.99.0."))
        out.push_back(a["local"].str() + "/" + std::to_string(a["prefixlen"].integer()));
    return out;
  }
  // The lease's addresses once the hook has applied all of it: the address, then the route.
  std::vector<std::string> waitForLease(const std::string& link) const {
    auto applied = [&] {
      return !leasedAddresses(link).empty() && ns_.ipJson("route show default").size() > 0;
    };
    for (int i = 0; i < 100 && !applied(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return leasedAddresses(link);
  }

  TestNetns server_, ns_;
  std::optional<DhcpServer> dnsmasq_;
  fs::path store_;
};

constexpr const char* kEthernet =
    "<interface type='ethernet' name='eth0'>"
    "<protocol family='ipv4'><dhcp/></protocol></interface>";

TEST_F(DhcpLifecycleTest, StartGetsALeaseAndStopEndsTheClientAndRemovesIt) {
  Connection conn = open();
  auto eth0 = conn.defineXML(kEthernet);
  ASSERT_TRUE(eth0.ok()) << eth0.error().message;
  Status started = eth0->create();
  ASSERT_TRUE(started.ok()) << started.error().message;
  const auto leased = waitForLease("eth0");
  ASSERT_EQ(leased.size(), 1u);
  EXPECT_EQ(clientPids().size(), 1u);
  EXPECT_EQ(ns_.ipJson("route show default")[0]["gateway"].str(), "10.99.0.1");

  auto xml = eth0->xmlDesc(0);
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  // The lease is <dhcp/>, not a static <ip> of the leased address; the router is the route.
  const std::string address = leased[0].substr(0, leased[0].find('/'));
  EXPECT_NE(xml->find("  <protocol family='ipv4'>\n    <dhcp/>\n    <route gateway='10.99.0.1'/>\n"
                      "  </protocol>\n"),
            std::string::npos)
      << *xml;
  EXPECT_EQ(xml->find("'" + address + "'"), std::string::npos) << *xml;

  Status stopped = eth0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_TRUE(clientPids().empty());
  EXPECT_TRUE(leasedAddresses("eth0").empty());
  EXPECT_EQ(ns_.ipJson("route show default").size(), 0u);
  EXPECT_FALSE(ns_.ipJson("link show eth0")[0]["flags"].contains("UP"));
}

// The client runs on the bridge: its discovers cross the bridge and the port to the server.
TEST_F(DhcpLifecycleTest, ABridgeGetsItsLeaseThroughItsPortAndStopEndsTheClient) {
  Connection conn = open();
  auto br0 = conn.defineXML(
      "<interface type='bridge' name='br0'><protocol family='ipv4'><dhcp/></protocol>"
      "<bridge stp='off' delay='0'><interface type='ethernet' name='eth0'/></bridge>"
      "</interface>");
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  ASSERT_TRUE(br0->create().ok());
  EXPECT_EQ(waitForLease("br0").size(), 1u);
  EXPECT_EQ(clientPids().size(), 1u);
  EXPECT_NE(br0->xmlDesc(0)->find("<dhcp/>"), std::string::npos);
  ASSERT_TRUE(br0->destroy().ok());
  EXPECT_TRUE(clientPids().empty());
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);
  EXPECT_TRUE(leasedAddresses("eth0").empty());
}

// A transaction records which links run ifkit's DHCP client: a client started since begin is
// stopped by the rollback, and its lease and route go with it.
TEST_F(DhcpLifecycleTest, RollbackStopsTheClientStartedSinceBegin) {
  Connection conn = open();
  auto eth0 = conn.defineXML(kEthernet);
  ASSERT_TRUE(eth0.ok());
  const std::string before = test::hostView(ns_);
  ASSERT_TRUE(conn.changeBegin().ok());
  ASSERT_TRUE(eth0->create().ok());
  ASSERT_EQ(waitForLease("eth0").size(), 1u);
  // Leased, not configured: the kernel holds it for the lease's time only.
  EXPECT_TRUE(ns_.ipJson("-4 addr show dev eth0")[0]["addr_info"][0]["dynamic"].boolean());
  ASSERT_EQ(clientPids().size(), 1u);
  Status rolled = conn.changeRollback();
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_TRUE(clientPids().empty());
  EXPECT_TRUE(leasedAddresses("eth0").empty());
  EXPECT_EQ(test::hostView(ns_), before);
}

// ... and a client stopped since begin runs again after the rollback, and gets a lease.
TEST_F(DhcpLifecycleTest, RollbackStartsTheClientStoppedSinceBegin) {
  Connection conn = open();
  auto eth0 = conn.defineXML(kEthernet);
  ASSERT_TRUE(eth0.ok());
  ASSERT_TRUE(eth0->create().ok());
  ASSERT_EQ(waitForLease("eth0").size(), 1u);
  ASSERT_TRUE(conn.changeBegin().ok());
  ASSERT_TRUE(eth0->destroy().ok());
  ASSERT_TRUE(clientPids().empty());
  Status rolled = conn.changeRollback();
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(clientPids().size(), 1u);
  EXPECT_EQ(waitForLease("eth0").size(), 1u);
  EXPECT_TRUE(ns_.ipJson("link show eth0")[0]["flags"].contains("UP"));
  EXPECT_EQ(ns_.ipJson("route show default")[0]["gateway"].str(), "10.99.0.1");
  EXPECT_NE(eth0->xmlDesc(0)->find("<dhcp/>"), std::string::npos);
}

}  // namespace
}  // namespace ifkit
