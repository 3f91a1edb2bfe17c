// SPDX-License-Identifier: LGPL-2.1-or-later
// A restart of ifkitd does not end the DHCP clients it started: what ifkitd.service's
// KillMode=process relies on. ifkitd serves a namespace whose eth0 gets its lease from dnsmasq in
// a peer namespace; ifkitd is stopped (SIGTERM, as systemd stops the main process) and started
// again; the same udhcpc still runs, renews its lease with the server when asked (SIGUSR1,
// busybox's "renew now": the server's ACK, applied by ifkit's hook, sets the address's valid
// lifetime back to the lease's hour), and the new ifkitd stops it as its own.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "dhcp_server.h"
#include "host_view.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::DhcpServer;
using test::TestNetns;

std::string readAll(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Waits for `done`, giving up after a generous bound: nothing is timed.
template <class Predicate>
bool eventually(Predicate done) {
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

class DaemonDhcpRestartTest : public ::testing::Test {
 protected:
  DaemonDhcpRestartTest() {
    dir_ = fs::temp_directory_path() / ("ifkit-ddhcp-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ns_.ip("link add eth0 type veth peer name srv0 netns " + server_.name());
    server_.ip("addr add 10.99.0.1/24 dev srv0");
    server_.ip("link set srv0 up");
    dnsmasq_.emplace(server_, "srv0");
  }
  ~DaemonDhcpRestartTest() override {
    stopDaemon();
    if (auto pid = clientPid()) kill(*pid, SIGKILL);  // whatever a failed assertion skipped
    std::error_code ignored;
    fs::remove_all(runDirectory(), ignored);
    fs::remove_all(dir_, ignored);
  }
  void startDaemon() {
    const std::string served = test::systemUri(ns_.name(), dir_ / "store");
    const std::string log = (dir_ / "log").string();
    fs::remove(dir_ / "sock");
    pid_ = fork();
    if (pid_ == 0) {
      if (!freopen(log.c_str(), "a", stderr)) _exit(125);
      execl(IFKITD_BIN, IFKITD_BIN, "-c", served.c_str(), "-f", "/dev/null", "--socket",
            (dir_ / "sock").c_str(), "--ro-socket", (dir_ / "sock-ro").c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_TRUE(eventually([&] { return fs::exists(dir_ / "sock"); })) << readAll(dir_ / "log");
  }
  void stopDaemon() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  Connection connect() {
    return Connection::open("interface+unix:///system?socket=" + (dir_ / "sock").string()).value();
  }
  std::string runDirectory() const {
    struct stat st {};
    if (stat(("/run/netns/" + ns_.name()).c_str(), &st) != 0) return "/nonexistent";
    return "/run/ifkit/dhcp/" + std::to_string(st.st_ino);
  }
  // The udhcpc that runs for eth0 of this namespace, by its pid file and command line.
  std::optional<pid_t> clientPid() const {
    std::ifstream pidFile(runDirectory() + "/eth0.pid");
    pid_t pid = 0;
    if (!(pidFile >> pid) || pid <= 0) return std::nullopt;
    const std::string args = readAll("/proc/" + std::to_string(pid) + "/cmdline");
    if (!args.starts_with(std::string("udhcpc\0", 7))) return std::nullopt;
    return pid;
  }
  // udhcpc's own account of each lease it got ("lease of A obtained from S, lease time T").
  std::size_t leasesObtained() const {
    return count(readAll(runDirectory() + "/eth0.log"), "obtained from 10.99.0.1");
  }
  bool leaseOnEth0() const { return validLifetime().has_value(); }
  // The kernel's remaining valid lifetime of the leased address, in seconds: the hook gives it
  // the lease's time at every bound and renew, and it counts down from there.
  std::optional<long long> validLifetime() const {
    for (const auto& a : ns_.ipJson("-4 addr show dev eth0")[0]["addr_info"].items())
      if (a["local"].str().starts_with("10.99.0.")) return a["valid_life_time"].integer();
    return std::nullopt;
  }

  TestNetns server_, ns_;
  std::optional<DhcpServer> dnsmasq_;
  fs::path dir_;
  pid_t pid_ = -1;
};

TEST_F(DaemonDhcpRestartTest, TheDhcpClientOutlivesARestartAndKeepsRenewing) {
  startDaemon();
  {
    Connection conn = connect();
    auto eth0 = conn.defineXML(
        "<interface type='ethernet' name='eth0'><protocol family='ipv4'><dhcp/></protocol>"
        "</interface>");
    ASSERT_TRUE(eth0.ok()) << eth0.error().message;
    Status started = eth0->create();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }
  ASSERT_TRUE(eventually([&] { return leaseOnEth0() && leasesObtained() >= 1; }))
      << readAll(runDirectory() + "/eth0.log");
  const auto client = clientPid();
  ASSERT_TRUE(client.has_value());

  stopDaemon();
  EXPECT_EQ(clientPid(), client) << "the client lives on without the daemon";
  EXPECT_TRUE(leaseOnEth0());
  startDaemon();

  // The same client renews with the server: once the lifetime has visibly counted down,
  // SIGUSR1 makes udhcpc renew at once, and the server's ACK sets it back up.
  ASSERT_TRUE(eventually([&] { return validLifetime().value_or(3600) <= 3597; }));
  const long long before = *validLifetime();
  ASSERT_EQ(kill(*client, SIGUSR1), 0);
  EXPECT_TRUE(eventually([&] { return validLifetime().value_or(0) > before; }))
      << before << " " << validLifetime().value_or(-1);
  EXPECT_EQ(clientPid(), client);
  EXPECT_TRUE(leaseOnEth0());

  // The new daemon knows the client as its own: its stop ends it and removes the lease.
  Connection conn = connect();
  auto eth0 = conn.lookupByName("eth0");
  ASSERT_TRUE(eth0.ok());
  auto active = eth0->isActive();
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(*active);
  Status stopped = eth0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(clientPid().has_value());
  EXPECT_FALSE(leaseOnEth0());
}

}  // namespace
}  // namespace ifkit
