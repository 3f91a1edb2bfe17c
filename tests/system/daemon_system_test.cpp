// ifkitd serving ifkit:///system of a real namespace: unmodified virsh and python3-libvirt
// define, start, describe, stop and undefine through it, and the kernel shows each step (ip -j).
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "host_view.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

class DaemonSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ifkit-dsys-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ns_.ip("link add eth0 type veth peer name eth0-peer");
    ns_.ip("link set eth0-peer up");
    startDaemon();
  }
  void TearDown() override {
    stopDaemon();
    fs::remove_all(dir_);
  }
  void startDaemon() {
    const std::string uri = local();
    pid_ = fork();
    if (pid_ == 0) {
      freopen("/dev/null", "w", stderr);
      execl(IFKITD_BIN, IFKITD_BIN, "-c", uri.c_str(), "--socket", (dir_ / "sock").c_str(),
            "--ro-socket", (dir_ / "sock-ro").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 500 && !fs::exists(dir_ / "sock"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  void stopDaemon() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // The URI ifkitd serves, which a local ifkit may use too: same namespace, same store.
  std::string local() const {
    return "ifkit:///system?netns=" + ns_.name() + "&store=" + (dir_ / "store").string();
  }
  fs::path store() const { return dir_ / "store"; }
  bool linkExists(const std::string& name) const {
    return test::runCommand("ip -n " + ns_.name() + " link show " + name + " 2>/dev/null")
               .exitCode == 0;
  }
  // Waits until `done` holds or `limit` has passed since `from`; true if it held.
  template <class Predicate>
  bool waitUntil(Predicate done, std::chrono::steady_clock::time_point from,
                 std::chrono::milliseconds limit) {
    while (!done()) {
      if (std::chrono::steady_clock::now() - from > limit) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
  }
  // br0 started, stored, and a transaction recorded: the state the rollbacks below undo.
  bool rolledBack() const {
    return !linkExists("br0") && !fs::exists(store() / "br0.xml") &&
           !fs::exists(store() / ".transaction");
  }
  std::string remote() const {
    return "interface+unix:///system?socket=" + (dir_ / "sock").string();
  }
  test::CommandResult virsh(const std::string& command) {
    return test::runCommand("virsh -c '" + remote() + "' '" + command + "' 2>&1");
  }

  TestNetns ns_;
  fs::path dir_;
  pid_t pid_ = -1;
};

TEST_F(DaemonSystemTest, VirshDefinesStartsAndStopsThroughIfkitd) {
  auto defined = virsh(std::string("iface-define ") + IFKIT_EXAMPLES + "/br0.xml");
  ASSERT_EQ(defined.exitCode, 0) << defined.output;
  ASSERT_EQ(virsh("iface-start br0").exitCode, 0);
  auto bridge = ns_.ipJson("-d addr show br0")[0];
  EXPECT_EQ(bridge["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_EQ(bridge["addr_info"][0]["local"].str(), "192.0.2.1");
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  auto xml = virsh("iface-dumpxml br0");
  EXPECT_NE(xml.output.find("<ip address='192.0.2.1' prefix='24'/>"), std::string::npos) << xml.output;
  EXPECT_NE(xml.output.find("<interface type='ethernet' name='eth0'>"), std::string::npos);
  auto listed = virsh("iface-list --all");
  EXPECT_NE(listed.output.find(" br0 "), std::string::npos) << listed.output;

  ASSERT_EQ(virsh("iface-destroy br0").exitCode, 1);  // virsh 9.0 exits 1 after success
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);
  ASSERT_EQ(virsh("iface-undefine br0").exitCode, 0);
  EXPECT_FALSE(fs::exists(dir_ / "store/br0.xml"));
}

TEST_F(DaemonSystemTest, PythonLibvirtDrivesTheKernelThroughIfkitd) {
  const std::string script = R"(
import sys, libvirt
c = libvirt.open(sys.argv[1])
xml = open(sys.argv[2]).read()
i = c.interfaceDefineXML(xml, 0)
i.create(0)
print(i.name(), i.isActive())
c.changeBegin(0)
i.destroy(0)
print(i.isActive())
c.changeRollback(0)
print(c.interfaceLookupByName('br0').isActive())
)";
  auto r = test::runCommand("/usr/bin/python3 -c \"$(cat <<'PY'\n" + script + "\nPY\n)\" '" +
                            remote() + "' " + IFKIT_EXAMPLES + "/br0.xml 2>&1");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output, "br0 1\n0\n1\n");
  // The rollback made the bridge again, with its port and address.
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(ns_.ipJson("addr show br0")[0]["addr_info"][0]["local"].str(), "192.0.2.1");
}

// A transaction begun with --timeout by a local ifkit on the same store (not through the daemon)
// is rolled back by ifkitd's timer, though no client calls ifkitd: the deadline is on disk.
TEST_F(DaemonSystemTest, IfkitdRollsBackATimeoutBegunByALocalIfkit) {
  // A copy of ifkit, deleted once it has run: the watchdog it leaves behind cannot run it again,
  // so the rollback below can only come from ifkitd.
  const fs::path once = dir_ / "ifkit-once";
  fs::copy_file(IFKIT_BIN, once);
  const auto begun = std::chrono::steady_clock::now();
  auto r = test::runCommand(once.string() + " -c '" + local() + "' 'iface-begin --timeout 2; " +
                            "iface-define " + IFKIT_EXAMPLES + "/br0.xml; iface-start br0' 2>&1");
  fs::remove(once);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  ASSERT_TRUE(linkExists("br0"));
  ASSERT_TRUE(fs::exists(store() / "br0.xml"));

  EXPECT_TRUE(waitUntil([&] { return rolledBack(); }, begun, std::chrono::milliseconds(4500)));
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "");  // released from br0
}

// A transaction begun through one ifkitd process is rolled back by the next one.
TEST_F(DaemonSystemTest, IfkitdRestartedMidTransactionStillRollsBack) {
  const auto begun = std::chrono::steady_clock::now();
  auto r = test::runCommand(std::string(IFKIT_BIN) + " -c '" + remote() +
                            "' 'iface-begin --timeout 3; iface-define " + IFKIT_EXAMPLES +
                            "/br0.xml; iface-start br0' 2>&1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  ASSERT_TRUE(linkExists("br0"));
  stopDaemon();
  startDaemon();
  EXPECT_TRUE(waitUntil([&] { return rolledBack(); }, begun, std::chrono::milliseconds(5500)));
}

// A rollback that fails is tried again, every second, until it succeeds.
TEST_F(DaemonSystemTest, IfkitdRetriesARollbackThatFailed) {
  auto r =
      test::runCommand(std::string(IFKIT_BIN) + " -c '" + remote() + "' 'iface-define " +
                       IFKIT_EXAMPLES + "/br0.xml; iface-begin --timeout 1; iface-start br0' 2>&1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  // Someone puts a directory where the rollback must write br0's definition back: it fails.
  fs::remove(store() / "br0.xml");
  fs::create_directories(store() / "br0.xml" / "in-the-way");
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  EXPECT_TRUE(fs::exists(store() / ".transaction"));
  EXPECT_TRUE(linkExists("br0"));

  fs::remove_all(store() / "br0.xml");
  const auto cleared = std::chrono::steady_clock::now();
  EXPECT_TRUE(waitUntil(
      [&] {
        return !linkExists("br0") && fs::is_regular_file(store() / "br0.xml") &&
               !fs::exists(store() / ".transaction");
      },
      cleared, std::chrono::milliseconds(2500)));
}

}  // namespace
}  // namespace ifkit
