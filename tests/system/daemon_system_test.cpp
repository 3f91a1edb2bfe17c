// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkitd serving ifkit:///system of a real namespace: unmodified virsh and python3-libvirt
// define, start, describe, stop and undefine through it, and the kernel shows each step (ip -j).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <thread>

#include "host_view.h"
#include "idle_client.h"
#include "system_uri.h"

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
      if (!freopen("/dev/null", "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
      const rlimit files{openFiles_, openFiles_};
      if (openFiles_ != 0 && setrlimit(RLIMIT_NOFILE, &files) != 0) _exit(126);
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
  std::string local() const { return test::systemUri(ns_.name(), dir_ / "store"); }
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
  // The rollbacks below undo a transaction in which br0 was defined and started. They put the
  // definitions back first, a matter of files, so that part is timed: a second after the deadline
  // at most (ifkitd's tick), plus slack. The kernel's part is only waited for (kKernelLimit):
  // deleting a bridge waits for the kernel, which other namespaces being torn down on a shared
  // machine can slow down by seconds.
  static constexpr std::chrono::milliseconds kKernelLimit{30000};
  std::function<bool()> definitionsRolledBack = [this] { return !fs::exists(store() / "br0.xml"); };
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
  rlim_t openFiles_ = 0;  // the daemon's RLIMIT_NOFILE when not zero
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

// virsh iface-begin, iface-rollback and iface-commit through ifkitd: rollback undoes the start in
// the kernel and the definition in the store, commit keeps both.
TEST_F(DaemonSystemTest, VirshBeginRollbackAndCommitThroughIfkitd) {
  auto r = virsh(std::string("iface-begin; iface-define ") + IFKIT_EXAMPLES +
                 "/br0.xml; iface-start br0");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("Network config change transaction started"), std::string::npos);
  ASSERT_EQ(ns_.ipJson("-d link show br0")[0]["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_TRUE(fs::exists(store() / ".transaction"));
  r = virsh("iface-rollback");
  EXPECT_NE(r.output.find("Network config change transaction rolled back"), std::string::npos)
      << r.output;
  EXPECT_FALSE(linkExists("br0"));
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "");
  EXPECT_FALSE(fs::exists(store() / "br0.xml"));
  EXPECT_FALSE(fs::exists(store() / ".transaction"));

  r = virsh(std::string("iface-begin; iface-define ") + IFKIT_EXAMPLES +
            "/br0.xml; iface-start br0; iface-commit");
  EXPECT_NE(r.output.find("Network config change transaction committed"), std::string::npos)
      << r.output;
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(ns_.ipJson("addr show br0")[0]["addr_info"][0]["local"].str(), "192.0.2.1");
  EXPECT_TRUE(fs::exists(store() / "br0.xml"));
  EXPECT_FALSE(fs::exists(store() / ".transaction"));
  r = virsh("iface-rollback");
  EXPECT_NE(r.output.find("no transaction running, nothing to rollback"), std::string::npos)
      << r.output;
}

// iface-mac and iface-name agree with the kernel's MAC of the link; iface-dumpxml --inactive of a
// link without a definition describes it live, and of a defined one prints the definition.
TEST_F(DaemonSystemTest, VirshMacNameAndInactiveXmlThroughIfkitd) {
  const std::string mac = ns_.ipJson("link show eth0")[0]["address"].str();
  ASSERT_FALSE(mac.empty());
  auto r = virsh("iface-mac eth0");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output, mac + "\n\n");
  r = virsh("iface-name " + mac);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output, "eth0\n\n");

  r = virsh("iface-dumpxml --inactive eth0");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("<interface type='ethernet' name='eth0'>"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("<mac address='" + mac + "'/>"), std::string::npos) << r.output;

  ASSERT_EQ(virsh(std::string("iface-define ") + IFKIT_EXAMPLES + "/br0.xml").exitCode, 0);
  r = virsh("iface-dumpxml --inactive br0");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  std::ifstream stored(store() / "br0.xml");
  const std::string definition(std::istreambuf_iterator<char>(stored), {});
  EXPECT_EQ(r.output, definition + "\n");                                 // virsh adds a blank line
  EXPECT_NE(r.output.find("<start mode='onboot'/>"), std::string::npos);  // not in the live XML
}

// iface-bridge makes a bridge of a link and starts it, iface-unbridge takes it apart again; the
// kernel shows each step.
TEST_F(DaemonSystemTest, VirshBridgeAndUnbridgeThroughIfkitd) {
  auto r = virsh("iface-bridge eth0 br1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("Created bridge br1 with attached device eth0"), std::string::npos);
  EXPECT_EQ(ns_.ipJson("-d link show br1")[0]["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br1");
  EXPECT_TRUE(fs::exists(store() / "br1.xml"));

  r = virsh("iface-unbridge br1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("Device eth0 un-attached from bridge br1"), std::string::npos);
  EXPECT_FALSE(linkExists("br1"));
  auto eth0 = ns_.ipJson("link show eth0")[0];
  EXPECT_EQ(eth0["master"].str(), "");
  EXPECT_TRUE(eth0["flags"].contains("UP"));
  EXPECT_FALSE(fs::exists(store() / "br1.xml"));
  EXPECT_TRUE(fs::exists(store() / "eth0.xml"));
}

// iface-edit runs $EDITOR on the definition and stores what it leaves; the next start applies it.
TEST_F(DaemonSystemTest, VirshEditThroughIfkitd) {
  ASSERT_EQ(virsh(std::string("iface-define ") + IFKIT_EXAMPLES + "/br0.xml").exitCode, 0);
  const fs::path editor = dir_ / "editor.sh";
  {
    std::ofstream out(editor);
    out << "#!/bin/sh\nexec sed -i -e \"s/<mtu size='1500'\\/>/<mtu size='1400'\\/>/\" \"$1\"\n";
  }
  fs::permissions(editor, fs::perms::owner_all);
  auto r = test::runCommand("EDITOR='" + editor.string() + "' virsh -c '" + remote() +
                            "' 'iface-edit br0' 2>&1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("Interface br0 XML configuration edited."), std::string::npos)
      << r.output;
  std::ifstream stored(store() / "br0.xml");
  const std::string definition(std::istreambuf_iterator<char>(stored), {});
  EXPECT_NE(definition.find("<mtu size='1400'/>"), std::string::npos) << definition;
  ASSERT_EQ(virsh("iface-start br0").exitCode, 0);
  EXPECT_EQ(ns_.ipJson("link show br0")[0]["mtu"].integer(), 1400);
}

// The rest of python3-libvirt's interface API through ifkitd: lookup by MAC, listAllInterfaces,
// XMLDesc (live and inactive), undefine, and a transaction committed.
TEST_F(DaemonSystemTest, PythonLibvirtLooksUpListsDescribesUndefinesAndCommits) {
  const std::string mac = ns_.ipJson("link show eth0")[0]["address"].str();
  const std::string script = R"(
import sys, libvirt
libvirt.registerErrorHandler(lambda *args: None, None)  # the exception below says it
c = libvirt.open(sys.argv[1])
print(c.interfaceLookupByMACString(sys.argv[3]).name())
c.changeBegin(0)
i = c.interfaceDefineXML(open(sys.argv[2]).read(), 0)
i.create(0)
c.changeCommit(0)
print(sorted((x.name(), x.isActive()) for x in c.listAllInterfaces(0)))
print(sorted(x.name() for x in c.listAllInterfaces(libvirt.VIR_CONNECT_LIST_INTERFACES_ACTIVE)))
live = i.XMLDesc(0)
print("192.0.2.1" in live, "<start" in live)
print("<start mode='onboot'/>" in i.XMLDesc(libvirt.VIR_INTERFACE_XML_INACTIVE))
i.destroy(0)
i.undefine()
try:
    c.interfaceLookupByName('br0')
except libvirt.libvirtError as e:
    print(e.get_error_code(), e.get_error_message())
)";
  auto r = test::runCommand("/usr/bin/python3 -c \"$(cat <<'PY'\n" + script + "\nPY\n)\" '" +
                            remote() + "' " + IFKIT_EXAMPLES + "/br0.xml " + mac + " 2>&1");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output,
            "eth0\n"
            "[('br0', 1), ('eth0-peer', 1)]\n"  // eth0 is br0's port: nested, not listed
            "['br0', 'eth0-peer']\n"
            "True False\n"
            "True\n"
            "57 Interface not found: no interface with matching name 'br0'\n");
  EXPECT_FALSE(fs::exists(store() / ".transaction"));
  EXPECT_FALSE(fs::exists(store() / "br0.xml"));
  EXPECT_FALSE(linkExists("br0"));
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

  EXPECT_TRUE(waitUntil(definitionsRolledBack, begun, std::chrono::milliseconds(4000)));
  EXPECT_TRUE(waitUntil([&] { return rolledBack(); }, begun, kKernelLimit));
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
  EXPECT_TRUE(waitUntil(definitionsRolledBack, begun, std::chrono::milliseconds(5000)));
  EXPECT_TRUE(waitUntil([&] { return rolledBack(); }, begun, kKernelLimit));
}

// Any local user can flood the read-only socket. While 1100 idle connections sit on it, and more
// keep coming, at an open-files limit of 64, a transaction begun through the read-write socket
// is still rolled back on time: the clients never take the descriptors the rollback needs
// (before, accept() failed with EMFILE and nothing was served again, nor rolled back).
TEST_F(DaemonSystemTest, IfkitdRollsBackOnTimeDuringAConnectionFlood) {
  stopDaemon();
  // The stopped daemon's socket files stay: without them, startDaemon() waits for the new ones.
  fs::remove(dir_ / "sock");
  fs::remove(dir_ / "sock-ro");
  openFiles_ = 64;
  startDaemon();
  for (int i = 0; i < 500 && !fs::exists(dir_ / "sock-ro"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::vector<int> flood;
  for (int i = 0; i < 1100; ++i) flood.push_back(test::connectIdle(dir_ / "sock-ro", true));
  ASSERT_EQ(std::count(flood.begin(), flood.end(), -1), 0);
  std::atomic<bool> flooding{true};
  std::thread flooder([&] {
    while (flooding) {
      const int fd = test::connectIdle(dir_ / "sock-ro", true);
      if (fd >= 0) ::close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  const auto begun = std::chrono::steady_clock::now();
  auto r = test::runCommand("timeout 30 " + std::string(IFKIT_BIN) + " -c '" + remote() +
                            "' 'iface-begin --timeout 2; iface-define " + IFKIT_EXAMPLES +
                            "/br0.xml; iface-start br0' 2>&1");
  const bool begunInTime = r.exitCode == 0;
  const bool defsBack = begunInTime && waitUntil(definitionsRolledBack, begun,
                                                 std::chrono::milliseconds(4000));
  const bool allBack = begunInTime && waitUntil([&] { return rolledBack(); }, begun, kKernelLimit);
  flooding = false;
  flooder.join();
  for (const int fd : flood) ::close(fd);
  ASSERT_TRUE(begunInTime) << r.output;
  EXPECT_TRUE(defsBack);
  EXPECT_TRUE(allBack);
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
  EXPECT_TRUE(waitUntil([&] { return fs::is_regular_file(store() / "br0.xml"); }, cleared,
                        std::chrono::milliseconds(2000)));
  EXPECT_TRUE(waitUntil([&] { return !linkExists("br0") && !fs::exists(store() / ".transaction"); },
                        cleared, kKernelLimit));
}

}  // namespace
}  // namespace ifkit
