// SPDX-License-Identifier: LGPL-2.1-or-later
// A host whose NIC has its address by DHCP from systemd-networkd (a cloud or minimal image):
// iface-bridge takes the NIC over, and ifkit's DHCP client on the bridge continues networkd's
// lease (its client identifier, its address) instead of asking for a new one, so the host keeps
// its one address, its one default route, and the server's lease for it; after a reboot (networkd
// no longer configures the NIC; `ifkit boot` only) the bridge gets the same address again.
//
// networkd runs for real (networkd_in_netns.h) with the test's root's run/systemd as its
// /run/systemd, so its lease file is where ifkit, given that root, reads it; dnsmasq serves the
// LAN and keeps its leases in a file the test reads.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "dhcp_server.h"
#include "managed_host_test.h"
#include "networkd_in_netns.h"
#include "reachability_probe.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::ReachabilityProbe;
using test::readFile;

const char* kDhcpNetwork = "[Match]\nName=eth0\n\n[Network]\nDHCP=ipv4\n";

// One line of dnsmasq's lease file: "expiry MAC address name client-id".
struct ServerLease {
  std::string mac, address, clientId;
};

class NetworkdDhcpHostTest : public test::ManagedHostTest {
 protected:
  NetworkdDhcpHostTest() : ManagedHostTest("networkd-dhcp") {
    fs::create_directories(networkFolder());
    fs::create_directories(root() / "run/systemd");
    std::ofstream(networkFolder() / "20-dhcp.network") << kDhcpNetwork;
    // networkd enabled, as `systemctl enable systemd-networkd` leaves it.
    fs::create_directories(root() / "etc/systemd/system/multi-user.target.wants");
    fs::create_symlink(
        "/lib/systemd/system/systemd-networkd.service",
        root() / "etc/systemd/system/multi-user.target.wants/systemd-networkd.service");
    // The NIC has only what networkd gives it: the LAN serves DHCP.
    server_.host().ip("-4 route del default");
    server_.host().ip("-6 route del default");
    server_.host().ip("addr flush dev eth0");
    startDhcpServer();
  }
  ~NetworkdDhcpHostTest() override { killClients(); }

  fs::path networkFolder() const { return root() / "etc/systemd/network"; }
  std::string leaseFile() const { return (dir_ / "dnsmasq.leases").string(); }
  void startDhcpServer() {
    server_.lan().ip("addr add 10.99.0.1/24 dev lan0");
    dnsmasq_.emplace(server_.lan(), "lan0", leaseFile());
  }

  // dnsmasq's leases, as it last wrote them.
  std::vector<ServerLease> serverLeases() const {
    std::vector<ServerLease> out;
    std::istringstream in(readFile(leaseFile()));
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::string expiry, name;
      ServerLease lease;
      if (words >> expiry >> lease.mac >> lease.address >> name >> lease.clientId)
        out.push_back(lease);
    }
    return out;
  }
  // The link's addresses from dnsmasq's range, "a.b.c.d/len".
  std::vector<std::string> leasedAddresses(const std::string& link) const {
    std::vector<std::string> out;
    for (const std::string& a : globalAddresses(link))
      if (a.starts_with("10.99.0.")) out.push_back(a);
    return out;
  }
  // Waits (a bounded while, not a measure) until `done` holds.
  template <typename Condition>
  static bool waitFor(Condition done) {
    for (int i = 0; i < 300 && !done(); ++i) std::this_thread::sleep_for(100ms);
    return done();
  }

  // Where ifkit's DHCP clients keep their run files for the host's namespace now.
  std::string runDirectory() const {
    struct stat st {};
    if (stat(("/run/netns/" + server_.host().name()).c_str(), &st) != 0) return "/nonexistent";
    return "/run/ifkit/dhcp/" + std::to_string(st.st_ino);
  }
  // The lease ifkit's client on `link` has applied ("a.b.c.d/len"), "" for none.
  std::string ifkitLease(const std::string& link) const {
    std::istringstream in(readFile(runDirectory() + "/" + link + ".lease"));
    std::string address;
    in >> address;
    return address;
  }
  // As a power loss ends them: no release. Every udhcpc of the host's namespace as it is now,
  // and their run files.
  void killClients() const {
    const std::string mark = runDirectory() + "/";
    for (const auto& entry : fs::directory_iterator("/proc")) {
      const std::string pid = entry.path().filename().string();
      if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "cmdline", std::ios::binary);
      const std::string args(std::istreambuf_iterator<char>(in), {});
      if (args.starts_with(std::string("udhcpc\0", 7)) && args.find(mark) != std::string::npos)
        kill(std::stoi(pid), SIGKILL);
    }
    std::error_code ignored;
    fs::remove_all(runDirectory(), ignored);
  }

  std::optional<test::DhcpServer> dnsmasq_;
};

// "ff4e0d..." as dnsmasq writes it: "ff:4e:0d:...".
std::string colonHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i > 0) out += ':';
    out.append(hex, i, 2);
  }
  return out;
}

// A KEY=VALUE line's value in networkd's lease file.
std::string leaseValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == '=')
      return line.substr(key.size() + 1);
  return "";
}

TEST_F(NetworkdDhcpHostTest, TheBridgeContinuesNetworkdsLeaseAndKeepsItAcrossAReboot) {
  std::optional<test::RunningNetworkd> networkd;
  networkd.emplace(server_.host(), networkFolder().string(), dir_.string(),
                   (root() / "run/systemd").string());
  ASSERT_TRUE(waitFor([&] { return leasedAddresses("eth0").size() == 1; })) << networkd->log();
  const std::string address = leasedAddresses("eth0")[0];
  const std::string ip = address.substr(0, address.find('/'));
  // networkd's lease, as networkd 252 writes it, with its RFC 4361 client identifier.
  const std::string ifindex =
      std::to_string(int(server_.host().ipJson("link show eth0")[0]["ifindex"].num()));
  const fs::path networkdLease = root() / "run/systemd/netif/leases" / ifindex;
  ASSERT_TRUE(waitFor([&] { return fs::exists(networkdLease); })) << networkd->log();
  const std::string leaseText = readFile(networkdLease);
  EXPECT_EQ(leaseValue(leaseText, "ADDRESS"), ip) << leaseText;
  const std::string clientId = leaseValue(leaseText, "CLIENTID");
  ASSERT_TRUE(clientId.starts_with("ff")) << leaseText;
  ASSERT_EQ(serverLeases().size(), 1u);
  EXPECT_EQ(serverLeases()[0].clientId, colonHex(clientId));

  // Defined (br0's <dhcp/> from networkd's file); the dry run of its start says whose lease
  // br0's client continues.
  ifkit("iface-bridge eth0 br0 --no-stp --no-start");
  const std::string plan = ifkit("iface-start br0 --dry-run");
  EXPECT_NE(
      plan.find("# start DHCP (ipv4) on 'br0' as client-id " + clientId + " asking for " + ip),
      std::string::npos)
      << plan;

  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ip);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  auto r = test::runCommand(networkd->busEnvironment() + " " + IFKIT_BIN + " -c '" + uri() +
                            "' 'iface-start br0'");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers on its address";
  EXPECT_EQ(probe.stop().error, "");
  // ifkit's client on br0 was given networkd's address: the same lease, renewed.
  ASSERT_TRUE(waitFor([&] { return ifkitLease("br0") != ""; }));
  EXPECT_EQ(ifkitLease("br0"), address);
  EXPECT_EQ(leasedAddresses("br0"), std::vector<std::string>{address});
  EXPECT_EQ(leasedAddresses("eth0"), std::vector<std::string>{});
  EXPECT_EQ(server_.host().ipJson("-4 route show default").size(), 1u);
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  auto leases = serverLeases();
  ASSERT_EQ(leases.size(), 1u) << readFile(leaseFile());
  EXPECT_EQ(leases[0].address, ip);
  EXPECT_EQ(leases[0].clientId, colonHex(clientId));
  // Kept beside the definition for the next boots.
  EXPECT_EQ(readFile(dir_ / "store/.dhcp-identity-br0"),
            "client-id " + clientId + "\naddress " + ip + "\n");

  // A reboot: the power goes (no release), networkd no longer configures eth0; `ifkit boot`.
  killClients();
  networkd.reset();
  server_.reboot();
  startDhcpServer();  // the LAN's end of the cable was made anew: dnsmasq serves it again
  ifkit("boot");
  ASSERT_TRUE(waitFor([&] { return ifkitLease("br0") != ""; }));
  EXPECT_EQ(leasedAddresses("br0"), std::vector<std::string>{address});
  EXPECT_EQ(defaultRouteDevice("-4"), "br0");
  leases = serverLeases();
  ASSERT_EQ(leases.size(), 1u) << readFile(leaseFile());
  EXPECT_EQ(leases[0].address, ip);
  EXPECT_EQ(leases[0].clientId, colonHex(clientId));
  EXPECT_TRUE(server_.lanReaches(ip));

  // The identity goes with br0's definition.
  ifkit("iface-unbridge br0");
  EXPECT_FALSE(fs::exists(dir_ / "store/.dhcp-identity-br0"));
}

// Given back at once: iface-unbridge stops br0, whose client hands the lease it continued back
// to eth0 with the address, and gives eth0 its definition back.
TEST_F(NetworkdDhcpHostTest, UnbridgingHandsTheLeaseBackToTheNic) {
  test::RunningNetworkd networkd(server_.host(), networkFolder().string(), dir_.string(),
                                 (root() / "run/systemd").string());
  ASSERT_TRUE(waitFor([&] { return leasedAddresses("eth0").size() == 1; })) << networkd.log();
  const std::string ifindex =
      std::to_string(int(server_.host().ipJson("link show eth0")[0]["ifindex"].num()));
  ASSERT_TRUE(waitFor([&] { return fs::exists(root() / "run/systemd/netif/leases" / ifindex); }));
  auto r = test::runCommand(networkd.busEnvironment() + " " + IFKIT_BIN + " -c '" + uri() +
                            "' 'iface-bridge eth0 br0 --no-stp'");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  ASSERT_TRUE(waitFor([&] { return ifkitLease("br0") != ""; }));
  const std::string address = ifkitLease("br0");
  const std::string ip = address.substr(0, address.find('/'));
  ReachabilityProbe probe(server_.host().name(), server_.lan().name(), ip);
  ASSERT_TRUE(probe.waitForAnswers(5, 5s));
  auto back = test::runCommand(networkd.busEnvironment() + " " + IFKIT_BIN + " -c '" + uri() +
                               "' 'iface-unbridge br0'");
  ASSERT_EQ(back.exitCode, 0) << back.output;
  EXPECT_TRUE(probe.waitForAnswers(5, 5s)) << "the host no longer answers on its address";
  EXPECT_EQ(probe.stop().error, "");
  // The lease went back with the address, not released: eth0's client (ifkit's, as eth0 is
  // ifkit's now) continues it with the same identity, kept for eth0 now.
  ASSERT_TRUE(waitFor([&] { return ifkitLease("eth0") != ""; }));
  EXPECT_EQ(ifkitLease("eth0"), address);
  EXPECT_EQ(leasedAddresses("eth0"), std::vector<std::string>{address});
  EXPECT_EQ(server_.host().ipJson("-4 route show default").size(), 1u);
  EXPECT_EQ(defaultRouteDevice("-4"), "eth0");
  auto leases = serverLeases();
  ASSERT_EQ(leases.size(), 1u) << readFile(leaseFile());
  EXPECT_EQ(leases[0].address, ip);
  EXPECT_TRUE(leases[0].clientId.starts_with("ff:")) << leases[0].clientId;
  EXPECT_FALSE(fs::exists(dir_ / "store/.dhcp-identity-br0"));
  EXPECT_TRUE(fs::exists(dir_ / "store/.dhcp-identity-eth0"));
}

}  // namespace
}  // namespace ifkit
