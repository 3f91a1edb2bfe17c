// SPDX-License-Identifier: LGPL-2.1-or-later
// Change transactions on ifkit:///system, on a real kernel: rollback returns both the stored
// definitions (bytes on disk) and the host (ip -j) to where they were at begin, also when every
// step is a separate ifkit process, as an administrator runs them.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "host_view.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::hostView;
using test::TestNetns;

std::map<std::string, std::string> filesOf(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out[name] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

class TransactionTest : public ::testing::Test {
 protected:
  TransactionTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-tx-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    ns_.ip("link add eth0 type veth peer name eth0-peer");
    ns_.ip("link add br0 type bridge");
    ns_.ip("link set br0 address 52:54:00:bb:00:01");
    ns_.ip("link set eth0 master br0");
    for (const char* l : {"eth0", "eth0-peer", "br0"}) ns_.ip(std::string("link set ") + l + " up");
    ns_.ip("addr add 192.0.2.1/24 dev br0");
    ns_.ip("route add default via 192.0.2.254 proto static");
  }
  ~TransactionTest() override { fs::remove_all(store_); }

  std::string uri() const { return test::systemUri(ns_.name(), store_); }
  Connection open() { return Connection::open(uri()).value(); }

  TestNetns ns_;
  fs::path store_;
};

const char* const kBridgeXml =
    "<interface type='bridge' name='br0'><start mode='onboot'/>"
    "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

TEST_F(TransactionTest, RollbackRestoresDefinitionsAndHost) {
  Connection conn = open();
  ASSERT_TRUE(conn.defineXML(kBridgeXml).ok());
  const auto storeBefore = filesOf(store_);
  const std::string hostBefore = hostView(ns_);

  ASSERT_TRUE(conn.changeBegin().ok());
  ASSERT_TRUE(conn.lookupByName("br0")->undefine().ok());
  ASSERT_TRUE(conn.defineXML("<interface type='ethernet' name='eth0-peer'><mtu size='1400'/></interface>").ok());
  ns_.ip("link delete br0");
  ns_.ip("link add br1 type bridge");
  ns_.ip("link set eth0-peer mtu 1400");
  ns_.ip("addr add 198.51.100.9/24 dev eth0-peer");
  ASSERT_NE(filesOf(store_), storeBefore);

  Status rolled = conn.changeRollback();
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(filesOf(store_), storeBefore);
  EXPECT_EQ(hostView(ns_), hostBefore);
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
}

// Links without addresses or routes show their state only in their flags: eth0-peer up at begin
// and taken down since, eth1 down at begin and brought up since.
TEST_F(TransactionTest, RollbackPutsBackWhichLinksAreUp) {
  ns_.ip("link add eth1 type veth peer name eth1-peer");
  Connection conn = open();
  const std::string hostBefore = hostView(ns_);
  ASSERT_TRUE(conn.changeBegin().ok());
  ns_.ip("link set eth0-peer down");
  ns_.ip("link set eth1 up");
  ASSERT_NE(hostView(ns_), hostBefore);
  Status rolled = conn.changeRollback();
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  EXPECT_EQ(hostView(ns_), hostBefore);
}

TEST_F(TransactionTest, CommitKeepsTheChanges) {
  Connection conn = open();
  ASSERT_TRUE(conn.changeBegin().ok());
  ASSERT_TRUE(conn.defineXML(kBridgeXml).ok());
  ns_.ip("link set eth0-peer mtu 1400");
  ASSERT_TRUE(conn.changeCommit().ok());
  EXPECT_TRUE(fs::exists(store_ / "br0.xml"));
  EXPECT_EQ(ns_.ipJson("link show eth0-peer")[0]["mtu"].integer(), 1400);
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
}

TEST_F(TransactionTest, OneAtATimeWithLibvirtsMessages) {
  Connection conn = open();
  auto commit = conn.changeCommit();
  ASSERT_FALSE(commit.ok());
  EXPECT_EQ(commit.error().message,
            "Requested operation is not valid: no transaction running, nothing to be committed.");
  auto rollback = conn.changeRollback();
  EXPECT_EQ(rollback.error().message,
            "Requested operation is not valid: no transaction running, nothing to rollback.");
  ASSERT_TRUE(conn.changeBegin().ok());
  // Another connection, another process: the same store sees the same transaction.
  Connection other = open();
  auto second = other.changeBegin();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().number, ErrorNumber::OperationInvalid);
  EXPECT_EQ(second.error().message,
            "Requested operation is not valid: there is another transaction running.");
  EXPECT_TRUE(other.changeCommit().ok());
}

TEST_F(TransactionTest, EachStepInItsOwnProcess) {
  const std::string hostBefore = hostView(ns_);
  auto run = [&](const std::string& command) {
    return test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' '" + command + "'");
  };
  auto begun = run("iface-begin");
  ASSERT_EQ(begun.exitCode, 0) << begun.output;
  EXPECT_EQ(begun.output, "Network config change transaction started\n\n");
  ns_.ip("link set br0 down");
  ns_.ip("link set eth0 nomaster");
  ns_.ip("link add br9 type bridge");
  auto rolled = run("iface-rollback");
  ASSERT_EQ(rolled.exitCode, 0) << rolled.output;
  EXPECT_EQ(rolled.output, "Network config change transaction rolled back\n\n");
  EXPECT_EQ(hostView(ns_), hostBefore);
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// Beyond libvirt: a transaction with a timeout rolls itself back at the first call after its
// deadline, unless committed first.
TEST_F(TransactionTest, UncommittedTransactionWithTimeoutRollsItselfBack) {
  Connection conn = open();
  const std::string hostBefore = hostView(ns_);
  ASSERT_TRUE(conn.changeBeginWithTimeout(1).ok());
  ASSERT_TRUE(conn.defineXML(kBridgeXml).ok());
  ns_.ip("link set eth0-peer mtu 1400");
  ns_.ip("link add br7 type bridge");
  // Before the deadline nothing happens by itself.
  EXPECT_TRUE(conn.listAllInterfaces(0).ok());
  EXPECT_TRUE(fs::exists(store_ / "br0.xml"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // Any call after it completes the rollback first, here from another connection.
  Connection later = open();
  auto all = later.listAllInterfaces(0);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_FALSE(fs::exists(store_ / "br0.xml"));
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
  EXPECT_EQ(hostView(ns_), hostBefore);
  auto commit = later.changeCommit();
  EXPECT_EQ(commit.error().message,
            "Requested operation is not valid: no transaction running, nothing to be committed.");
}

TEST_F(TransactionTest, CommitInTimeKeepsTheChanges) {
  Connection conn = open();
  ASSERT_TRUE(conn.changeBeginWithTimeout(30).ok());
  ASSERT_TRUE(conn.defineXML(kBridgeXml).ok());
  ASSERT_TRUE(conn.changeCommit().ok());
  EXPECT_TRUE(fs::exists(store_ / "br0.xml"));
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// In local mode nothing of ifkit outlives the command: `iface-begin --timeout` leaves a watchdog
// process, which alone completes the rollback (the test makes no ifkit call after the deadline).
TEST_F(TransactionTest, CliTimeoutIsHonouredByTheWatchdogAlone) {
  const std::string hostBefore = hostView(ns_);
  // The changes are made by the same command, so they surely come before the deadline, however
  // slow the machine: a definition, and the kernel's bridge destroyed.
  auto begun = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() +
                                "' 'iface-begin --timeout 1; iface-define " + IFKIT_EXAMPLES +
                                "/br0.xml; iface-destroy br0'");
  ASSERT_EQ(begun.exitCode, 0) << begun.output;
  EXPECT_NE(begun.output.find("rolls back by itself in 1 seconds unless committed"),
            std::string::npos);
  // Generous: a loaded machine can hold the kernel's rtnl lock for seconds.
  for (int i = 0; i < 300 && fs::exists(store_ / ".transaction"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
  EXPECT_FALSE(fs::exists(store_ / "br0.xml"));
  EXPECT_EQ(hostView(ns_), hostBefore);
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// Through ifkitd, the daemon holds the transaction: its once-a-second tick completes the
// rollback of a transaction begun with --timeout, with no client calling in.
TEST_F(TransactionTest, DaemonRollsBackATimedOutTransactionByItself) {
  const fs::path sockets = store_.string() + "-sock";
  fs::create_directories(sockets);
  const pid_t daemon = fork();
  if (daemon == 0) {
    if (!freopen("/dev/null", "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
    execl(IFKITD_BIN, IFKITD_BIN, "-c", uri().c_str(), "--socket", (sockets / "rw").c_str(),
          "--ro-socket", (sockets / "ro").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 300 && !fs::exists(sockets / "rw"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::string hostBefore = hostView(ns_);
  auto begun = test::runCommand(std::string(IFKIT_BIN) + " -c 'interface+unix:///system?socket=" +
                                (sockets / "rw").string() + "' 'iface-begin --timeout 1; iface-define " +
                                IFKIT_EXAMPLES + "/br0.xml; iface-destroy br0'");
  EXPECT_EQ(begun.exitCode, 0) << begun.output;
  // Generous, as above.
  for (int i = 0; i < 300 && fs::exists(store_ / ".transaction"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  kill(daemon, SIGTERM);
  waitpid(daemon, nullptr, 0);
  fs::remove_all(sockets);
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
  EXPECT_FALSE(fs::exists(store_ / "br0.xml"));
  EXPECT_EQ(hostView(ns_), hostBefore);
}

}  // namespace
}  // namespace ifkit
