// SPDX-License-Identifier: LGPL-2.1-or-later
// Start and stop on ifkit:///system, on a real kernel: what the kernel shows afterwards through
// `ip -j`, libvirt's errors for the wrong state, a failed start that leaves the kernel as it
// was, and a dry run that changes nothing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
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

class LifecycleTest : public ::testing::Test {
 protected:
  LifecycleTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-life-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    ns_.ip("link add eth0 type veth peer name eth0-peer");  // the stand-in NIC
    ns_.ip("link set eth0-peer up");
  }
  ~LifecycleTest() override { fs::remove_all(store_); }
  Connection open() { return Connection::open(test::systemUri(ns_.name(), store_)).value(); }

  TestNetns ns_;
  fs::path store_;
};

constexpr const char* kBridge =
    "<interface type='bridge' name='br0'><start mode='onboot'/><mtu size='1400'/>"
    "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

TEST_F(LifecycleTest, StartMakesTheBridgeEnslavesTheNicAndStopUndoesIt) {
  Connection conn = open();
  auto br0 = conn.defineXML(kBridge);
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  Status started = br0->create();
  ASSERT_TRUE(started.ok()) << started.error().message;

  auto bridge = ns_.ipJson("-d addr show br0")[0];
  EXPECT_EQ(bridge["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_TRUE(bridge["flags"].contains("UP"));
  EXPECT_EQ(bridge["mtu"].integer(), 1400);
  bool hasAddress = false;
  for (const auto& a : bridge["addr_info"].items())
    hasAddress = hasAddress || (a["local"].str() == "192.0.2.1" && a["prefixlen"].integer() == 24);
  EXPECT_TRUE(hasAddress);
  auto nic = ns_.ipJson("link show eth0")[0];
  EXPECT_EQ(nic["master"].str(), "br0");
  EXPECT_TRUE(nic["flags"].contains("UP"));
  EXPECT_TRUE(*br0->isActive());

  Status stopped = br0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);  // gone
  nic = ns_.ipJson("link show eth0")[0];
  EXPECT_FALSE(nic.has("master"));
  EXPECT_FALSE(nic["flags"].contains("UP"));
  EXPECT_TRUE(test::runCommand("ip -n " + ns_.name() + " link show eth0").exitCode == 0)
      << "a NIC is never deleted";
  EXPECT_FALSE(*br0->isActive());
}

TEST_F(LifecycleTest, WrongStateGivesLibvirtsErrors) {
  Connection conn = open();
  auto br0 = conn.defineXML(kBridge);
  auto notRunning = br0->destroy();
  ASSERT_FALSE(notRunning.ok());
  EXPECT_EQ(notRunning.error().number, ErrorNumber::OperationInvalid);
  EXPECT_EQ(notRunning.error().message,
            "Requested operation is not valid: interface is not running");
  ASSERT_TRUE(br0->create().ok());
  auto running = br0->create();
  ASSERT_FALSE(running.ok());
  EXPECT_EQ(running.error().message,
            "Requested operation is not valid: interface is already running");
  ASSERT_TRUE(br0->destroy().ok());
}

// A start the kernel refuses part-way (the gateway is not on-link: ENETUNREACH at the last
// step) undoes what it did: the kernel ends exactly as it was.
TEST_F(LifecycleTest, FailedStartLeavesTheKernelAsItWas) {
  Connection conn = open();
  auto br0 = conn.defineXML(
      "<interface type='bridge' name='br0'><mtu size='1400'/>"
      "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/>"
      "<route gateway='203.0.113.1'/></protocol>"
      "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>");
  ASSERT_TRUE(br0.ok());
  const std::string before = hostView(ns_);
  Status started = br0->create();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().number, ErrorNumber::OperationFailed);
  EXPECT_NE(started.error().message.find("Network is unreachable"), std::string::npos)
      << started.error().message;
  EXPECT_EQ(hostView(ns_), before);
  EXPECT_FALSE(*br0->isActive());
}

// ifkit has no DHCPv6 client: define refuses such a definition, and one stored before (by an
// older ifkit, or by hand) fails to start without touching the kernel.
TEST_F(LifecycleTest, Dhcpv6IsRefusedAtDefineAndAtStartBeforeAnyChange) {
  const std::string xml =
      "<interface type='bridge' name='br0'>\n"
      "  <protocol family='ipv6'>\n"
      "    <dhcp/>\n"
      "  </protocol>\n"
      "  <bridge>\n"
      "    <interface type='ethernet' name='eth0'>\n"
      "    </interface>\n"
      "  </bridge>\n"
      "</interface>\n";
  Connection conn = open();
  auto refused = conn.defineXML(xml);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().number, ErrorNumber::XmlError);
  EXPECT_EQ(refused.error().domain, ErrorDomain::Interface);
  EXPECT_EQ(refused.error().message,
            "XML error: DHCPv6 is not supported by ifkit on this host (<dhcp/> in the ipv6 "
            "protocol of interface 'br0')");
  EXPECT_FALSE(fs::exists(store_ / "br0.xml"));

  std::ofstream(store_ / "br0.xml") << xml;
  const std::string before = hostView(ns_);
  auto br0 = conn.lookupByName("br0");
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  Status started = br0->create();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("DHCPv6 is not supported by ifkit on this host"),
            std::string::npos)
      << started.error().message;
  EXPECT_EQ(hostView(ns_), before);
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);
}

TEST_F(LifecycleTest, DryRunPrintsThePlanAndChangesNothing) {
  Connection conn = open();
  auto br0 = conn.defineXML(kBridge);
  const std::string before = hostView(ns_);
  auto plan = br0->createDryRun();
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_NE(plan->find("create bridge 'br0'"), std::string::npos) << *plan;
  EXPECT_NE(plan->find("attach 'eth0' to 'br0'"), std::string::npos) << *plan;
  EXPECT_NE(plan->find("add address 192.0.2.1/24 to 'br0'"), std::string::npos) << *plan;
  EXPECT_EQ(hostView(ns_), before);
  // A read-only connection may look at plans too.
  auto ro = Connection::open(test::systemUri(ns_.name(), store_), true);
  EXPECT_TRUE(ro->lookupByName("br0")->createDryRun().ok());
}

// The stop's plan, printed by the CLI exactly as the operations would run, and nothing done: the
// undo of what start did (the MTU it gave eth0 too), from its record.
TEST_F(LifecycleTest, DestroyDryRunPrintsThePlanAndChangesNothing) {
  Connection conn = open();
  auto br0 = conn.defineXML(kBridge);
  ASSERT_TRUE(br0.ok());
  ASSERT_TRUE(br0->create().ok());
  const std::string before = hostView(ns_);
  const std::string uri = test::systemUri(ns_.name(), store_);
  auto r =
      test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri + "' 'iface-destroy --dry-run br0'");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output,
            "remove address 192.0.2.1/24 from 'br0'\n"
            "bring down 'br0'\n"
            "bring down 'eth0'\n"
            "release 'eth0' from its master\n"
            "set MTU 1500 on 'eth0'\n"
            "delete 'br0'\n"
            "\n");
  EXPECT_EQ(hostView(ns_), before);
  EXPECT_TRUE(*br0->isActive());
  // Of an interface that is not running, the plan is libvirt's error, as for the real stop.
  ASSERT_TRUE(br0->destroy().ok());
  auto notRunning = br0->destroyDryRun();
  ASSERT_FALSE(notRunning.ok());
  EXPECT_EQ(notRunning.error().message,
            "Requested operation is not valid: interface is not running");
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// Several at once: the host is read once; each is planned against the host as the previous ones
// leave it, so a name given twice is "already running" the second time.
TEST_F(LifecycleTest, StartingSeveralAtOnceStartsEachAndReportsEach) {
  ns_.ip("link add eth1 type veth peer name eth1-peer");
  Connection conn = open();
  std::vector<Interface> ifaces;
  for (int i = 0; i < 2; ++i) {
    const std::string n = std::to_string(i);
    auto d = conn.defineXML("<interface type='bridge' name='br" + n +
                            "'><protocol family='ipv4'>"
                            "<ip address='10.9." +
                            n +
                            ".1' prefix='24'/></protocol><bridge>"
                            "<interface type='ethernet' name='eth" +
                            n + "'/></bridge></interface>");
    ASSERT_TRUE(d.ok()) << d.error().message;
    ifaces.push_back(*d);
  }
  ifaces.push_back(ifaces[0]);  // again
  const std::vector<Status> results = conn.createMany(ifaces);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok()) << results[0].error().message;
  EXPECT_TRUE(results[1].ok()) << results[1].error().message;
  ASSERT_FALSE(results[2].ok());
  EXPECT_EQ(results[2].error().message,
            "Requested operation is not valid: interface is already running");
  for (int i = 0; i < 2; ++i) {
    const std::string n = std::to_string(i);
    EXPECT_EQ(ns_.ipJson("link show eth" + n)[0]["master"].str(), "br" + n);
    EXPECT_EQ(ns_.ipJson("addr show br" + n)[0]["addr_info"][0]["local"].str(), "10.9." + n + ".1");
  }
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// `ifkit -c URI COMMAND` as a child process, its output in `output`.
pid_t spawnIfkit(const std::string& uri, const std::string& command, const fs::path& output) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execl(IFKIT_BIN, IFKIT_BIN, "-c", uri.c_str(), command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Whether `pid` waits for an flock on the file `inode`: /proc/locks lists a blocked request as
// "N: -> FLOCK  ADVISORY  WRITE PID MAJ:MIN:INODE 0 EOF".
bool waitsForFlock(pid_t pid, ino_t inode) {
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream words(line);
    std::string number, arrow, type, advisory, access, owner, device;
    words >> number >> arrow >> type >> advisory >> access >> owner >> device;
    if (arrow == "->" && type == "FLOCK" && owner == std::to_string(pid) &&
        device.ends_with(std::string(":").append(std::to_string(inode))))
      return true;
  }
  return false;
}

bool waitsForFlockSoon(pid_t pid, ino_t inode) {
  for (int i = 0; i < 500; ++i) {
    if (waitsForFlock(pid, inode)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int exitStatusOf(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Start and stop hold the store's host-changes lock from planning to the last operation, as
// rollback and boot do: while another process holds it, a start (or stop) waits and changes
// nothing. Its lookups still go through: readers of definitions never take that lock.
TEST_F(LifecycleTest, StartAndStopWaitForAnotherProcessChangingTheHost) {
  Connection conn = open();
  ASSERT_TRUE(conn.defineXML(kBridge).ok());
  const std::string uri = test::systemUri(ns_.name(), store_);
  const fs::path output = store_.string() + "-out";
  struct stat lockFile {};
  const int lock =
      ::open((store_ / ".host-changes.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(fstat(lock, &lockFile), 0);

  for (const char* command : {"iface-start br0", "iface-destroy br0"}) {
    SCOPED_TRACE(command);
    ASSERT_EQ(flock(lock, LOCK_EX), 0);
    const std::string before = hostView(ns_);
    const pid_t child = spawnIfkit(uri, command, output);
    ASSERT_TRUE(waitsForFlockSoon(child, lockFile.st_ino)) << "the child never waited for it";
    EXPECT_EQ(waitpid(child, nullptr, WNOHANG), 0);
    EXPECT_EQ(hostView(ns_), before);
    ASSERT_EQ(flock(lock, LOCK_UN), 0);
    EXPECT_EQ(exitStatusOf(child), 0) << std::ifstream(output).rdbuf();
    EXPECT_NE(hostView(ns_), before);
  }
  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br0").exitCode, 1);
  ::close(lock);
  fs::remove(output);
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// A damaged NAME.xml is reported by the commands that need that definition, by its path,
// instead of "no interface with matching name" (no link either) or a live description (a link).
TEST_F(LifecycleTest, DamagedDefinitionIsReportedByStartAndInactiveDumpxml) {
  open();  // makes the store
  std::ofstream(store_ / "br9.xml") << "<interface type='bridge' name='br9'><bridge>";
  std::ofstream(store_ / "eth0.xml") << "<interface type='ethernet' name='eth0' nonsense";
  const std::string uri = test::systemUri(ns_.name(), store_);
  const std::string before = hostView(ns_);
  for (const std::string name : {"br9", "eth0"}) {
    for (const std::string command : {"iface-start ", "iface-dumpxml --inactive "}) {
      SCOPED_TRACE(command + name);
      auto r =
          test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri + "' '" + command + name + "'");
      EXPECT_EQ(r.exitCode, 1);
      EXPECT_NE(r.output.find("error: operation failed: cannot read the definition in '" +
                              store_.string() + "/" + name + ".xml': "),
                std::string::npos)
          << r.output;
      EXPECT_EQ(r.output.find("no interface with matching name"), std::string::npos) << r.output;
    }
  }
  EXPECT_EQ(hostView(ns_), before);
  // The others still list, and the live view of eth0 is still there.
  auto conn = open();
  EXPECT_TRUE(conn.listAllInterfaces(0).ok());
  EXPECT_TRUE(conn.lookupByName("eth0")->xmlDesc(0).ok());
}

}  // namespace
}  // namespace ifkit

namespace ifkit {
namespace {

// Several started side by side, one of them refused by the kernel part-way (an MTU no bridge
// takes, after its bridge is made and its NIC enslaved): that one alone is undone, its NIC as it
// was and no bridge left, while the ones before and after it start whole.
TEST_F(LifecycleTest, OneRefusedAmongSeveralIsUndoneAloneAndTheOthersStart) {
  ns_.ip("link add eth1 type veth peer name eth1-peer");
  ns_.ip("link add eth2 type veth peer name eth2-peer");
  Connection conn = open();
  std::vector<Interface> ifaces;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    auto d = conn.defineXML("<interface type='bridge' name='br" + n + "'><mtu size='" +
                            (i == 1 ? "70000" : "1400") +
                            "'/><protocol family='ipv4'><ip address='10.9." + n +
                            ".1' prefix='24'/></protocol><bridge>"
                            "<interface type='ethernet' name='eth" +
                            n + "'/></bridge></interface>");
    ASSERT_TRUE(d.ok()) << d.error().message;
    ifaces.push_back(*d);
  }
  const std::string eth1Before = test::normalizedIp(ns_, "-d addr show eth1");
  const std::vector<Status> results = conn.createMany(ifaces);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok()) << results[0].error().message;
  ASSERT_FALSE(results[1].ok());
  EXPECT_EQ(results[1].error().number, ErrorNumber::OperationFailed);
  EXPECT_NE(results[1].error().message.find("MTU 70000"), std::string::npos)
      << results[1].error().message;
  EXPECT_TRUE(results[2].ok()) << results[2].error().message;

  EXPECT_EQ(test::runCommand("ip -n " + ns_.name() + " link show br1").exitCode, 1);
  EXPECT_EQ(test::normalizedIp(ns_, "-d addr show eth1"), eth1Before);
  EXPECT_FALSE(*ifaces[1].isActive());
  for (int i : {0, 2}) {
    const std::string n = std::to_string(i);
    auto bridge = ns_.ipJson("addr show br" + n)[0];
    EXPECT_TRUE(bridge["flags"].contains("UP"));
    EXPECT_EQ(bridge["mtu"].integer(), 1400);
    EXPECT_EQ(bridge["addr_info"][0]["local"].str(), "10.9." + n + ".1");
    EXPECT_EQ(ns_.ipJson("link show eth" + n)[0]["master"].str(), "br" + n);
    EXPECT_TRUE(*ifaces[i].isActive());
  }
}

}  // namespace
}  // namespace ifkit
