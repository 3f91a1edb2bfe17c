// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkitd end to end: the real daemon binary on temporary sockets, driven by unmodified virsh
// and python3-libvirt, by ifkit's own remote driver, and by hand-made broken packets; and by
// hostile local users: a flood of idle connections at the open-files limit, and many clients
// each sending most of a huge message.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "idle_client.h"
#include "rpc/messages.h"
#include "rpc/rpc_client.h"
#include "run_process.h"

namespace ifkit::daemon {
namespace {

namespace fs = std::filesystem;
using test::runProcess;

const std::vector<std::string> kEnv = {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=/tmp"};

// One ifkitd serving test:///default on sockets in a fresh directory; stopped on destruction.
class Daemon {
 public:
  // `openFiles`: the daemon's RLIMIT_NOFILE, when not zero. `verbose`: debug messages too.
  explicit Daemon(rlim_t openFiles = 0, bool verbose = false) {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("ifkitd-t-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
    pid_ = fork();
    if (pid_ == 0) {
      const std::string log = (dir_ / "log").string();
      if (!freopen(log.c_str(), "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
      const rlimit files{openFiles, openFiles};
      if (openFiles != 0 && setrlimit(RLIMIT_NOFILE, &files) != 0) _exit(126);
      execl(IFKITD_BIN, IFKITD_BIN, "-c", "test:///default", "--socket", socket().c_str(),
            "--ro-socket", roSocket().c_str(), verbose ? "--verbose" : static_cast<char*>(nullptr),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 500 && !(fs::exists(socket()) && fs::exists(roSocket())); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Daemon() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    fs::remove_all(dir_);
  }
  std::string socket() const { return (dir_ / "sock").string(); }
  std::string roSocket() const { return (dir_ / "sock-ro").string(); }
  std::string uri() const { return "interface+unix:///system?socket=" + socket(); }
  std::string roUri() const { return "interface+unix:///system?socket=" + roSocket(); }
  std::string log() const {
    std::ifstream in(dir_ / "log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  bool running() { return waitpid(pid_, nullptr, WNOHANG) == 0; }
  // A line of /proc/PID/status in KiB ("VmRSS", "VmHWM": the peak).
  long statusKiB(const std::string& field) const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(in, line);)
      if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
    return -1;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
};

// Command strings whose every output, through the daemon, must equal libvirt's own test driver.
const char* const kVirshCases[] = {
    "iface-list --all",
    "iface-list --inactive",
    "iface-list",
    "iface-dumpxml eth1",
    "iface-mac eth1",
    "iface-name aa:bb:cc:dd:ee:ff",
    "iface-name AA:BB:CC:DD:EE:FF",
    "iface-dumpxml nosuch",
    "iface-name 00:00:00:00:00:01",
    "iface-destroy eth1; iface-list --all; iface-start eth1; iface-start eth1",
    "iface-begin; iface-begin; iface-commit; iface-commit; iface-rollback",
    "iface-define " IFKIT_EXAMPLES "/br0.xml; iface-list --all; iface-dumpxml br0",
    "iface-undefine eth1; iface-list --all",
};

class VirshThroughDaemon : public ::testing::TestWithParam<const char*> {};

TEST_P(VirshThroughDaemon, PrintsWhatVirshPrintsOnLibvirtsTestDriver) {
  Daemon daemon;
  auto direct = runProcess({"/usr/bin/virsh", "-c", "test:///default", GetParam()}, kEnv);
  auto remote = runProcess({"/usr/bin/virsh", "-c", daemon.uri(), GetParam()}, kEnv);
  EXPECT_EQ(remote.out, direct.out);
  EXPECT_EQ(remote.err, direct.err);
  EXPECT_EQ(remote.status, direct.status);
}

INSTANTIATE_TEST_SUITE_P(Cases, VirshThroughDaemon, ::testing::ValuesIn(kVirshCases));

TEST(Daemon, IfkitRemoteDriverPrintsWhatVirshPrintsThroughIt) {
  for (const char* command : kVirshCases) {
    Daemon a, b;
    auto viaVirsh = runProcess({"/usr/bin/virsh", "-c", a.uri(), command}, kEnv);
    auto viaIfkit = runProcess({IFKIT_BIN, "-c", b.uri(), command}, kEnv);
    EXPECT_EQ(viaIfkit.out, viaVirsh.out) << command;
    // virsh exits 1 after a successful iface-destroy (docs/virsh-differences.md V1): compare
    // errors, not that status.
    EXPECT_EQ(viaIfkit.err, viaVirsh.err) << command;
  }
}

TEST(Daemon, ReadOnlySocketRefusesVirshChanges) {
  Daemon daemon;
  auto r = runProcess({"/usr/bin/virsh", "-c", daemon.roUri(), "iface-destroy eth1"}, kEnv);
  // virsh itself did not know the connection was read-only: the daemon refused.
  EXPECT_EQ(r.err, "error: Failed to destroy interface eth1\n"
                   "error: operation forbidden: read only access prevents virInterfaceDestroy\n");
  auto list = runProcess({"/usr/bin/virsh", "-c", daemon.roUri(), "iface-list"}, kEnv);
  EXPECT_EQ(list.status, 0);
  EXPECT_NE(list.out.find("eth1   active"), std::string::npos);
}

TEST(Daemon, PythonLibvirtUsesEveryInterfaceCall) {
  Daemon daemon;
  const std::string script = R"(
import sys, libvirt
c = libvirt.open(sys.argv[1])
print(sorted((i.name(), i.MACString(), i.isActive()) for i in c.listAllInterfaces(0)))
print(c.numOfInterfaces(), c.listInterfaces(), c.numOfDefinedInterfaces(), c.listDefinedInterfaces())
print(c.interfaceLookupByMACString('AA:BB:CC:DD:EE:FF').name())
try:
    c.interfaceLookupByName('nosuch')
except libvirt.libvirtError as e:
    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
i = c.interfaceDefineXML("<interface type='ethernet' name='eth9'><mac address='52:54:00:00:00:09'/></interface>", 0)
print(i.name(), i.MACString(), i.isActive(), c.listDefinedInterfaces())
i.create(0); print(i.isActive()); i.destroy(0); print(i.isActive())
c.changeBegin(0); i.undefine(); print(c.listDefinedInterfaces()); c.changeRollback(0)
print(c.listDefinedInterfaces())
print(c.interfaceLookupByName('eth1').XMLDesc(0).count('\n'))
c.close()
)";
  auto r = runProcess({"/usr/bin/python3", "-c", script, daemon.uri()}, kEnv);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "[('eth1', 'aa:bb:cc:dd:ee:ff', 1)]\n"
            "1 ['eth1'] 0 []\n"
            "eth1\n"
            "57 12 Interface not found: no interface with matching name 'nosuch'\n"
            "eth9 52:54:00:00:00:09 0 ['eth9']\n"
            "1\n0\n"
            "[]\n"
            "['eth9']\n"
            "9\n");
}

rpc::Header callHeader(rpc::Procedure procedure, std::uint32_t serial) {
  return {rpc::kRemoteProgram, 1, static_cast<std::int32_t>(procedure), rpc::MessageType::Call,
          serial, rpc::MessageStatus::Ok};
}

rpc::RpcClient openClient(const std::string& socket) {
  auto client = rpc::RpcClient::connectUnix(socket);
  EXPECT_TRUE(client.ok());
  EXPECT_TRUE(client->call(rpc::Procedure::ConnectOpen,
                           rpc::encode(rpc::ConnectOpenArgs{"interface:///system", 0}))
                  .ok());
  return std::move(*client);
}

TEST(Daemon, MalformedPacketsCostOnlyTheirOwnConnection) {
  Daemon daemon;
  rpc::RpcClient healthy = openClient(daemon.socket());

  // A length word too large: the daemon closes that connection without a reply.
  auto huge = rpc::RpcClient::connectUnix(daemon.socket());
  ASSERT_TRUE(huge->sendBytes(std::string("\x7f\xff\xff\xff", 4) + std::string(24, 'x')).ok());
  EXPECT_FALSE(huge->receive().ok());
  // Too small, and garbage.
  auto tiny = rpc::RpcClient::connectUnix(daemon.socket());
  ASSERT_TRUE(tiny->sendBytes(std::string("\0\0\0\3garbage-garbage-garbage-garbage", 36)).ok());
  EXPECT_FALSE(tiny->receive().ok());
  // A wrong program and a truncated payload get error replies and keep their connection.
  auto odd = rpc::RpcClient::connectUnix(daemon.socket());
  rpc::Header badProgram = callHeader(rpc::Procedure::AuthList, 0);
  badProgram.program = 0x11223344;
  ASSERT_TRUE(odd->sendBytes(rpc::encodeMessage(badProgram, "")).ok());
  auto reply = odd->receive();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(rpc::decode<rpc::RemoteError>(reply->payload)->message,
            "Cannot find program 287454020 version 1");
  ASSERT_TRUE(odd->sendBytes(rpc::encodeMessage(callHeader(rpc::Procedure::ConnectOpen, 1),
                                                std::string("\0\0\0\1\0\0", 6)))
                  .ok());
  reply = odd->receive();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(rpc::decode<rpc::RemoteError>(reply->payload)->message,
            "Unable to decode message payload");
  // A client that connects and vanishes mid-message.
  {
    auto gone = rpc::RpcClient::connectUnix(daemon.socket());
    ASSERT_TRUE(gone->sendBytes(std::string("\0\0\0\x40\x20\0", 6)).ok());
  }

  auto ret = healthy.call(rpc::Procedure::InterfaceLookupByName,
                          rpc::encode(rpc::NameArgs{"eth1"}));
  ASSERT_TRUE(ret.ok());
  EXPECT_EQ(rpc::decode<rpc::InterfaceRet>(*ret)->iface.mac, "aa:bb:cc:dd:ee:ff");
  EXPECT_TRUE(daemon.running());
}

// 50 clients x 200 mixed calls at once, reads and changes (each client defines, starts, stops
// and undefines interfaces of its own, without a transaction): nothing lost, corrupted or
// deadlocked, and every change is there, or gone, afterwards.
TEST(Daemon, FiftyClientsInParallelLoseNothing) {
  Daemon daemon;
  constexpr int kClients = 50;
  constexpr int kCalls = 200;
  std::vector<std::thread> threads;
  std::vector<int> failures(kClients, 0);
  std::vector<std::string> firstFailure(kClients);
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      rpc::RpcClient client = openClient(daemon.socket());
      auto fail = [&](const std::string& what) {
        if (failures[c]++ == 0) firstFailure[c] = what;
      };
      auto macOf = [c](int n) {
        char b[18];
        std::snprintf(b, sizeof b, "52:54:00:%02x:%02x:%02x", n >> 8, n & 0xff, c);
        return std::string(b);
      };
      auto define = [&](const std::string& name, const std::string& mac) {
        return client.call(
            rpc::Procedure::InterfaceDefineXml,
            rpc::encode(rpc::DefineXmlArgs{"<interface type='ethernet' name='" + name +
                                               "'><mac address='" + mac + "'/></interface>",
                                           0}));
      };
      auto isActive = [&](const std::string& name) -> int {
        auto r = client.call(rpc::Procedure::InterfaceIsActive,
                             rpc::encode(rpc::InterfaceArgs{{name, ""}}));
        return r ? rpc::decode<rpc::IntRet>(*r)->value : -1;
      };
      const std::string name = std::string("p").append(std::to_string(c));
      const std::string mac = macOf(0);
      if (!define(name, mac)) fail("define " + name);
      for (int i = 0; i < kCalls; ++i) {
        switch (i % 6) {
          case 0: {
            auto r = client.call(rpc::Procedure::InterfaceLookupByName, rpc::encode(rpc::NameArgs{name}));
            if (!r || rpc::decode<rpc::InterfaceRet>(*r)->iface.mac != mac) fail("lookup");
            break;
          }
          case 1: {
            auto r = client.call(rpc::Procedure::InterfaceLookupByMacString, rpc::encode(rpc::MacArgs{mac}));
            if (!r || rpc::decode<rpc::InterfaceRet>(*r)->iface.name != name) fail("lookup by mac");
            break;
          }
          case 2:
            if (isActive(name) != 0) fail("inactive");
            break;
          case 3: {
            auto r = client.call(rpc::Procedure::InterfaceGetXmlDesc,
                                 rpc::encode(rpc::InterfaceFlagsArgs{{name, mac}, 0}));
            if (!r || rpc::decode<rpc::StringRet>(*r)->value.find(mac) == std::string::npos)
              fail("xml");
            break;
          }
          case 4: {  // a definition of its own comes and goes
            const std::string temp =
                std::string("t").append(std::to_string(c)).append("-").append(std::to_string(i));
            if (!define(temp, macOf(i + 1))) fail("define " + temp);
            auto found = client.call(rpc::Procedure::InterfaceLookupByName,
                                     rpc::encode(rpc::NameArgs{temp}));
            if (!found) fail("lookup " + temp);
            if (!client.call(rpc::Procedure::InterfaceUndefine,
                             rpc::encode(rpc::InterfaceArgs{{temp, ""}})))
              fail("undefine " + temp);
            auto gone = client.call(rpc::Procedure::InterfaceLookupByName,
                                    rpc::encode(rpc::NameArgs{temp}));
            if (gone || gone.error().number != ErrorNumber::NoInterface) fail("gone " + temp);
            break;
          }
          default: {  // started and stopped
            if (!client.call(rpc::Procedure::InterfaceCreate,
                             rpc::encode(rpc::InterfaceFlagsArgs{{name, ""}, 0})))
              fail("start");
            if (isActive(name) != 1) fail("active after start");
            if (!client.call(rpc::Procedure::InterfaceDestroy,
                             rpc::encode(rpc::InterfaceFlagsArgs{{name, ""}, 0})))
              fail("stop");
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int c = 0; c < kClients; ++c)
    EXPECT_EQ(failures[c], 0) << "client " << c << ", first: " << firstFailure[c];
  // Exactly the 50 lasting definitions (inactive) and the test driver's eth1 (active) are left.
  rpc::RpcClient check = openClient(daemon.socket());
  auto all =
      check.call(rpc::Procedure::ConnectListAllInterfaces, rpc::encode(rpc::ListAllArgs{1, 0}));
  ASSERT_TRUE(all.ok());
  std::set<std::string> names;
  const auto listed = rpc::decode<rpc::ListAllRet>(*all);
  ASSERT_TRUE(listed.has_value());
  for (const auto& h : listed->ifaces.items) names.insert(h.name);
  std::set<std::string> expected{"eth1"};
  for (int c = 0; c < kClients; ++c) expected.insert(std::string("p").append(std::to_string(c)));
  EXPECT_EQ(names, expected);
  auto n = check.call(rpc::Procedure::ConnectNumOfDefinedInterfaces, "");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(rpc::decode<rpc::IntRet>(*n)->value, kClients);
}

// Under systemd the socket units own the sockets: ifkitd serves the ones it is handed, named
// "rw" and "ro", and keeps the read-only one read-only. systemd-socket-activate plays systemd.
TEST(Daemon, ServesSocketsHandedOverBySystemd) {
  const fs::path dir = fs::temp_directory_path() / ("ifkitd-sa-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string rw = (dir / "sock").string(), ro = (dir / "sock-ro").string();
  const pid_t pid = fork();
  if (pid == 0) {
    if (!freopen((dir / "log").c_str(), "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
    execl("/usr/bin/systemd-socket-activate", "systemd-socket-activate", "-l", rw.c_str(), "-l",
          ro.c_str(), "--fdname=rw:ro", IFKITD_BIN, "-c", "test:///default",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 500 && !(fs::exists(rw) && fs::exists(ro)); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto list = runProcess({"/usr/bin/virsh", "-c", "interface+unix:///system?socket=" + rw,
                          "iface-list"}, kEnv);
  auto denied = runProcess({"/usr/bin/virsh", "-c", "interface+unix:///system?socket=" + ro,
                            "iface-destroy eth1"}, kEnv);
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  std::ifstream logFile(dir / "log");
  const std::string log(std::istreambuf_iterator<char>(logFile), {});
  fs::remove_all(dir);
  EXPECT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("eth1   active"), std::string::npos);
  EXPECT_NE(denied.err.find("read only access prevents virInterfaceDestroy"), std::string::npos);
  EXPECT_NE(log.find("on the socket systemd passed and the read-only socket systemd passed"),
            std::string::npos) << log;
}

// At debug level: a busy host's clients come and go all day.
TEST(Daemon, LogsEachClientsCredentials) {
  Daemon daemon(0, /*verbose=*/true);
  { rpc::RpcClient c = openClient(daemon.socket()); }
  EXPECT_NE(daemon.log().find("uid=" + std::to_string(getuid()) + " gid="), std::string::npos)
      << daemon.log();
}


// 1100 idle connections on the read-only socket, at an open-files limit of 64: accept() failed
// with EMFILE and neither socket ever served again. Now the read-only socket takes what fits the
// limit and closes the rest, root's socket serves virsh throughout, and once the flood is gone
// the read-only socket serves python3-libvirt and ifkit again.
TEST(HostileUsers, IdleFloodAtTheOpenFilesLimitLeavesBothSocketsServing) {
  Daemon daemon(64);
  std::vector<int> flood;
  for (int i = 0; i < 1100; ++i) flood.push_back(test::connectIdle(daemon.roSocket()));
  auto list = runProcess({"/usr/bin/timeout", "30", "/usr/bin/virsh", "-c", daemon.uri(),
                          "iface-list --all"},
                         kEnv);
  EXPECT_EQ(list.status, 0) << list.err << daemon.log();
  EXPECT_NE(list.out.find("eth1   active"), std::string::npos);
  for (const int fd : flood) ::close(fd);

  // The daemon sees the flooders go as it reads their ends of stream: try for a while (a
  // refused connection fails at once, a wedged daemon never answers).
  test::ProcessResult viaIfkit;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  do {
    viaIfkit = runProcess({"/usr/bin/timeout", "20", IFKIT_BIN, "-c", daemon.roUri(), "iface-list"},
                          kEnv);
    if (viaIfkit.status == 0 || viaIfkit.status == 124) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < end);
  EXPECT_EQ(viaIfkit.status, 0) << viaIfkit.err;
  EXPECT_NE(viaIfkit.out.find("eth1"), std::string::npos);
  auto python = runProcess({"/usr/bin/timeout", "20", "/usr/bin/python3", "-c",
                            "import sys, libvirt\n"
                            "print(libvirt.openReadOnly(sys.argv[1]).listInterfaces())",
                            daemon.roUri()},
                           kEnv);
  EXPECT_EQ(python.status, 0) << python.err;
  EXPECT_EQ(python.out, "['eth1']\n");
  EXPECT_TRUE(daemon.running());
  const std::string log = daemon.log();
  EXPECT_NE(log.find("the open-files limit is 64: at most 16 clients on the read-write socket "
                     "and 16 on the read-only one"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("the read-only socket has 16 clients, its limit: refusing more"),
            std::string::npos);
}

// Sends `bytes` of a message announced as `announced` bytes long (length word included), in
// pieces, until done or the daemon drops the connection.
void sendUnfinished(int fd, std::uint32_t announced, std::size_t bytes) {
  const std::string header = rpc::encodeMessage(callHeader(rpc::Procedure::InterfaceDefineXml, 1), "");
  std::string start = header;
  start[0] = static_cast<char>(announced >> 24);
  start[1] = static_cast<char>(announced >> 16);
  start[2] = static_cast<char>(announced >> 8);
  start[3] = static_cast<char>(announced);
  if (::send(fd, start.data(), start.size(), MSG_NOSIGNAL) < 0) return;
  static const std::string chunk(1u << 20, 'x');
  for (std::size_t sent = start.size(); sent < bytes;) {
    const ssize_t n =
        ::send(fd, chunk.data(), std::min(chunk.size(), bytes - sent), MSG_NOSIGNAL);
    if (n <= 0) return;  // dropped
    sent += static_cast<std::size_t>(n);
  }
}

// Each connection could make the daemon keep a message of libvirt's 32 MiB: 40 read-only clients
// sending most of one grew it past 1.2 GiB. Now a read-only client's message is at most
// 1 MiB + 4 KiB and all of theirs together 16 MiB, so what they can make the daemon hold is
// bounded by design, however many there are (64 at most, each with a 64 KiB read buffer).
TEST(HostileUsers, LargeUnfinishedMessagesCannotGrowTheDaemon) {
  Daemon daemon;
  rpc::RpcClient root = openClient(daemon.socket());
  ASSERT_TRUE(root.call(rpc::Procedure::ConnectListAllInterfaces,
                        rpc::encode(rpc::ListAllArgs{1, 0}))
                  .ok());
  const long before = daemon.statusKiB("VmHWM");
  ASSERT_GT(before, 0);

  std::vector<int> held;
  // Most of a 32 MiB message each, as measured before.
  for (int i = 0; i < 40; ++i) {
    held.push_back(test::connectIdle(daemon.roSocket()));
    sendUnfinished(held.back(), 32u << 20, (32u << 20) - (1u << 20));
  }
  // Most of the largest message a read-only client may send, from as many as may connect.
  for (int i = 0; i < 64; ++i) {
    held.push_back(test::connectIdle(daemon.roSocket()));
    sendUnfinished(held.back(), (1u << 20) + 4096, 1u << 20);
  }
  // Still serving, and its peak resident size grew by less than the bound.
  auto ret = root.call(rpc::Procedure::InterfaceLookupByName, rpc::encode(rpc::NameArgs{"eth1"}));
  EXPECT_TRUE(ret.ok());
  const long after = daemon.statusKiB("VmHWM");
  for (const int fd : held) ::close(fd);
  std::printf("ifkitd's peak resident size: %ld KiB before, %ld KiB after the attack\n", before,
              after);
  // 16 MiB of unfinished messages, one read past it, 64 read buffers and framing leftovers of
  // 64 KiB each: about 25 MiB; allocator slack on top.
  EXPECT_LT(after - before, 48 * 1024);
  const std::string log = daemon.log();
  EXPECT_NE(log.find("bytes received from client too large, want 1052672"), std::string::npos)
      << log;
  EXPECT_NE(log.find("read-only clients' unfinished messages are past 16777216 bytes"),
            std::string::npos);
}

}  // namespace
}  // namespace ifkit::daemon
