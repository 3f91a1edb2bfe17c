// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit:///system on a real kernel with its own files damaged, replaced or cut short: a FIFO in
// the store, a symbolic link where the namespace's start-record folder belongs, a record that is
// a FIFO, and starts killed with SIGKILL at random instants. Nothing hangs, nothing outside
// ifkit's own files is touched, and destroy returns the namespace to what it was (`ip -j`).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "driver/system/start_record_directory.h"
#include "host/netlink/netns.h"
#include "host_view.h"
#include "system_uri.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

// A temporary folder, removed at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& what) {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("ifkit-" + what + "-" + std::to_string(getpid()) + "-" +
                                         std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string inodeOf(const TestNetns& ns) {
  struct stat st {};
  EXPECT_EQ(::stat(("/run/netns/" + ns.name()).c_str(), &st), 0);
  return std::to_string(st.st_ino);
}

plan::StartRecord bridgeRecord(const std::string& name) {
  plan::StartRecord record;
  record.name = name;
  record.steps.push_back({host::op::CreateBridge{name, {}}, {host::op::DeleteLink{name}}});
  return record;
}

// "A symlinked start-record folder makes ifkit delete files elsewhere": the folder of the
// namespace is a link to somebody's files, with a cookie that is not this namespace's (which
// made ifkit empty it as stale records).
TEST(HostileState, ASymlinkedStartRecordFolderIsRefusedAndItsTargetUntouched) {
  TestNetns ns;
  TempDir run("run"), victim("victim");
  std::ofstream(victim.path() / "br0") << "somebody's file";
  std::ofstream(victim.path() / "notes") << "somebody's notes";
  std::ofstream(victim.path() / "netns:cookie") << "1";
  fs::create_symlink(victim.path(), run.path() / inodeOf(ns));
  auto netns = host::nl::Netns::openByName(ns.name());
  ASSERT_TRUE(netns.ok()) << netns.error().message;
  auto records = driver::StartRecordDirectory::open(*netns, run.path().string());
  ASSERT_TRUE(records.ok()) << records.error().message;

  Status saved = (*records)->save(bridgeRecord("br1"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().message,
            "operation failed: refusing the start records folder: '" + (*records)->path() +
                "' is a symbolic link, not a directory");
  EXPECT_FALSE((*records)->load("br0").ok());
  EXPECT_FALSE((*records)->removeAll().ok());
  EXPECT_TRUE(fs::exists(victim.path() / "br0"));
  EXPECT_TRUE(fs::exists(victim.path() / "notes"));
  EXPECT_FALSE(fs::exists(victim.path() / "br1"));
  EXPECT_EQ(std::distance(fs::directory_iterator(victim.path()), fs::directory_iterator()), 3);
}

// A folder others may write in is no record of ifkit's: what it holds may say anything.
TEST(HostileState, AStartRecordFolderOthersMayWriteIsRefused) {
  TestNetns ns;
  TempDir run("run");
  fs::create_directory(run.path() / inodeOf(ns));
  fs::permissions(run.path() / inodeOf(ns), fs::perms::all);
  std::ofstream(run.path() / inodeOf(ns) / "br0") << "planted";
  auto netns = host::nl::Netns::openByName(ns.name());
  ASSERT_TRUE(netns.ok()) << netns.error().message;
  auto records = driver::StartRecordDirectory::open(*netns, run.path().string());
  ASSERT_TRUE(records.ok()) << records.error().message;
  Status saved = (*records)->save(bridgeRecord("br1"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().message, "operation failed: refusing the start records folder '" +
                                       (*records)->path() +
                                       "': it is not ifkit's own (owner uid " +
                                       std::to_string(::geteuid()) + ", mode 777)");
  EXPECT_TRUE(fs::exists(run.path() / inodeOf(ns) / "br0"));
}

// A record that is a FIFO is set aside, not opened: no hang, and it counts as no record.
TEST(HostileState, AStartRecordThatIsAFifoIsSetAsideNotOpened) {
  TestNetns ns;
  TempDir run("run");
  auto netns = host::nl::Netns::openByName(ns.name());
  ASSERT_TRUE(netns.ok()) << netns.error().message;
  auto records = driver::StartRecordDirectory::open(*netns, run.path().string());
  ASSERT_TRUE(records.ok()) << records.error().message;
  ASSERT_TRUE((*records)->save(bridgeRecord("br0")).ok());
  const fs::path file = fs::path((*records)->path()) / "br0";
  fs::remove(file);
  ASSERT_EQ(::mkfifo(file.c_str(), 0600), 0);
  ::alarm(20);  // a blocking open would hang here
  auto loaded = (*records)->load("br0");
  ::alarm(0);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded->has_value());
  EXPECT_FALSE(fs::exists(fs::symlink_status(file)));
  int aside = 0;
  for (const auto& entry : fs::directory_iterator((*records)->path()))
    if (entry.path().filename().string().starts_with(".damaged-br0-")) ++aside;
  EXPECT_EQ(aside, 1);
}

class HostileCliTest : public ::testing::Test {
 protected:
  HostileCliTest() : store_("store") {}
  ~HostileCliTest() override { fs::remove_all(fs::path("/run/ifkit/started") / inodeOf(ns_)); }
  std::string uri() const { return test::systemUri(ns_.name(), store_.path()); }
  // ifkit with `commands`, given at most 30 s: a hang is a failure, not a stuck run.
  test::CommandResult ifkit(const std::string& commands) const {
    return test::runCommand("timeout -s KILL 30 " + std::string(IFKIT_BIN) + " -c '" + uri() +
                            "' '" + commands + "' 2>&1");
  }

  TestNetns ns_;
  TempDir store_;
};

// "mkfifo STORE/zz.xml, then one listing: hangs" ... and "a store file that cannot be read is
// silently left out of iface-list": named on stderr, the listing goes on.
TEST_F(HostileCliTest, AFifoInTheStoreHangsNeitherAListingNorBoot) {
  ns_.ip("link add eth0 type veth peer name eth0-peer");
  std::ofstream(store_.path() / "br0.xml")
      << "<interface type='bridge' name='br0'>\n  <start mode='onboot'/>\n"
         "  <bridge stp='off'>\n  </bridge>\n</interface>\n";
  ASSERT_EQ(::mkfifo((store_.path() / "zz.xml").c_str(), 0600), 0);
  auto listed = ifkit("iface-list --all");
  ASSERT_EQ(listed.exitCode, 0) << listed.output;
  EXPECT_NE(listed.output.find("warning: cannot read the definition in '" +
                               store_.path().string() +
                               "/zz.xml': 'zz.xml' is a FIFO, not a regular file (left out)"),
            std::string::npos)
      << listed.output;
  EXPECT_NE(listed.output.find(" br0 "), std::string::npos) << listed.output;
  auto booted = ifkit("boot");
  EXPECT_EQ(booted.exitCode, 1) << booted.output;
  EXPECT_NE(booted.output.find("Interface br0 started"), std::string::npos) << booted.output;
  EXPECT_NE(booted.output.find("'zz.xml' is a FIFO, not a regular file"), std::string::npos)
      << booted.output;
}

// "kill -9 in the middle of a start leaves half-made devices that iface-destroy then refuses":
// starts of three bridges, each over a veth, killed at random instants; destroy must always
// return the namespace to what it was, and a start and a destroy must work afterwards.
TEST_F(HostileCliTest, AStartKilledAnywhereIsUndoneByDestroy) {
  const int kBridges = 3;
  std::string all;
  for (int i = 0; i < kBridges; ++i) {
    const std::string n = std::to_string(i);
    ns_.ip("link add eth" + n + " type veth peer name peer" + n);
    std::ofstream(store_.path() / ("br" + n + ".xml"))
        << "<interface type='bridge' name='br" + n + "'>\n  <mtu size='1400'/>\n"
           "  <protocol family='ipv4'>\n    <ip address='192.0.2." + std::to_string(i + 1) +
               "' prefix='24'/>\n  </protocol>\n  <bridge stp='off' delay='0'>\n"
               "    <interface type='ethernet' name='eth" + n + "'>\n    </interface>\n"
               "  </bridge>\n</interface>\n";
    all += " br" + n;
  }
  const std::string before = test::hostView(ns_);
  // One process; it goes on past a bridge that is not running (or not there).
  std::string destroyCommands;
  for (int i = 0; i < kBridges; ++i) destroyCommands += "iface-destroy br" + std::to_string(i) + ";";
  auto destroyAll = [&] { (void)ifkit(destroyCommands); };
  // How long one whole start takes here, from the fork: the kills land in it, or just after.
  const auto t0 = std::chrono::steady_clock::now();
  auto clean = ifkit("iface-start" + all);
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(clean.exitCode, 0) << clean.output;
  destroyAll();
  ASSERT_EQ(test::hostView(ns_), before);

  std::mt19937 random(std::random_device{}());
  const auto span = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
  int halfMade = 0;  // rounds whose kill left bridges behind: what the test is about
  for (int round = 0; round < 20; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const std::string c = uri();
      ::execl(IFKIT_BIN, IFKIT_BIN, "-q", "-c", c.c_str(), ("iface-start" + all).c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // The kernel's changes come last in the process's life: the kills land from a third of the
    // way in (after that, most) to a little after its end (a start through, or nearly).
    std::uniform_int_distribution<long> when(span * 3 / 10, span * 11 / 10);
    std::this_thread::sleep_for(std::chrono::microseconds(when(random)));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    if (!ns_.ip("-br link show type bridge").empty()) ++halfMade;
    destroyAll();
    ASSERT_EQ(test::hostView(ns_), before) << "after a start killed in round " << round;
  }
  std::cout << "starts killed with bridges made: " << halfMade << " of 20\n";
  auto again = ifkit("iface-start" + all);
  ASSERT_EQ(again.exitCode, 0) << again.output;
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  destroyAll();
  EXPECT_EQ(test::hostView(ns_), before);
  // What the killed writers left half written is gone by now.
  const fs::path records = fs::path("/run/ifkit/started") / inodeOf(ns_);
  for (const auto& dir : {store_.path(), records}) {
    if (!fs::exists(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << entry.path();
  }
}

}  // namespace
}  // namespace ifkit
