// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit's DHCP client on a real kernel: dnsmasq serves DHCP on the far end of a veth pair in a
// second namespace; the client gets a lease, and the address and default route show in `ip -j`
// of the client's namespace; stopping it releases the lease and removes both.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "dhcp_server.h"
#include "host/dhcp/dhcp_client.h"
#include "host/netlink/netns.h"
#include "test_netns.h"

namespace ifkit::host {
namespace {

namespace fs = std::filesystem;
using test::DhcpServer;
using test::TestNetns;

std::string globalIpv4Of(const TestNetns& ns, const std::string& link) {
  for (const auto& a : ns.ipJson("-4 addr show dev " + link)[0]["addr_info"].items())
    if (a["scope"].str() == "global") return a["local"].str() + "/" + std::to_string(a["prefixlen"].integer());
  return "";
}

class DhcpTest : public ::testing::Test {
 protected:
  DhcpTest() {
    runDir_ = fs::temp_directory_path() / ("ifkit-dhcp-" + std::to_string(getpid()));
    client_.ip("link add eth0 type veth peer name srv0 netns " + server_.name());
    server_.ip("addr add 10.99.0.1/24 dev srv0");
    server_.ip("link set srv0 up");
    client_.ip("link set eth0 up");
    // A static address that the client must leave alone.
    client_.ip("addr add 192.0.2.7/24 dev eth0");
  }
  ~DhcpTest() override {
    // Whatever a failed assertion skipped: no client may outlive its namespace.
    if (auto ns = nl::Netns::openByName(client_.name())) {
      (void)DhcpClients(*ns, runDir_.string()).stop("eth0");
    }
    fs::remove_all(runDir_);
  }

  TestNetns server_, client_;
  fs::path runDir_;
};

TEST_F(DhcpTest, ClientGetsALeaseAndStopReleasesIt) {
  DhcpServer dnsmasq(server_, "srv0");
  auto ns = nl::Netns::openByName(client_.name());
  ASSERT_TRUE(ns.ok());
  DhcpClients dhcp(*ns, runDir_.string());
  Status started = dhcp.start("eth0");
  ASSERT_TRUE(started.ok()) << started.error().message;
  // The lease may come after start() returns if the first discovers went unanswered.
  for (int i = 0; i < 100 && !dhcp.leasedAddress("eth0"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(dhcp.isRunning("eth0"));
  const auto leased = dhcp.leasedAddress("eth0");
  ASSERT_TRUE(leased.has_value());
  EXPECT_TRUE(leased->starts_with("10.99.0.")) << *leased;
  EXPECT_TRUE(leased->ends_with("/24")) << *leased;

  // The kernel's view: the leased address beside the static one, and the default route.
  bool hasLease = false, hasStatic = false;
  for (const auto& a : client_.ipJson("-4 addr show dev eth0")[0]["addr_info"].items()) {
    const std::string addr = a["local"].str() + "/" + std::to_string(a["prefixlen"].integer());
    hasLease = hasLease || addr == *leased;
    hasStatic = hasStatic || addr == "192.0.2.7/24";
  }
  EXPECT_TRUE(hasLease);
  EXPECT_TRUE(hasStatic);
  auto routes = client_.ipJson("route show default");
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0]["gateway"].str(), "10.99.0.1");
  EXPECT_EQ(routes[0]["protocol"].str(), "dhcp");

  ASSERT_TRUE(dhcp.stop("eth0").ok());
  EXPECT_FALSE(dhcp.isRunning("eth0"));
  EXPECT_EQ(globalIpv4Of(client_, "eth0"), "192.0.2.7/24");  // the lease is gone, static stays
  EXPECT_EQ(client_.ipJson("route show default").size(), 0u);
}

TEST_F(DhcpTest, WithoutAServerTheClientKeepsTryingInTheBackground) {
  auto ns = nl::Netns::openByName(client_.name());
  DhcpClients dhcp(*ns, runDir_.string());
  ASSERT_TRUE(dhcp.start("eth0").ok());
  EXPECT_TRUE(dhcp.isRunning("eth0"));
  EXPECT_FALSE(dhcp.leasedAddress("eth0").has_value());
  // A server appears later: the waiting client gets its lease.
  DhcpServer dnsmasq(server_, "srv0");
  for (int i = 0; i < 150 && !dhcp.leasedAddress("eth0"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(dhcp.leasedAddress("eth0").has_value());
  ASSERT_TRUE(dhcp.stop("eth0").ok());
}

TEST_F(DhcpTest, StartOnAMissingLinkFails) {
  auto ns = nl::Netns::openByName(client_.name());
  DhcpClients dhcp(*ns, runDir_.string());
  Status st = dhcp.start("nosuch0");
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(dhcp.isRunning("nosuch0"));
}

}  // namespace
}  // namespace ifkit::host
