// SPDX-License-Identifier: LGPL-2.1-or-later
// interface+ssh:// end to end: an sshd on a loopback port with keys the test makes, ifkitd on
// temporary sockets behind it (serving the test driver, or a network namespace's kernel as on a
// real host), and unmodified virsh and ifkit connecting through ssh.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "run_process.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit::daemon {
namespace {

namespace fs = std::filesystem;
using test::runProcess;

// A port nobody listens on right now (the kernel picks it).
int freeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

pid_t startProcess(const std::vector<std::string>& argv, const fs::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (!freopen(log.c_str(), "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void stopProcess(pid_t pid) {
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
}

bool waitFor(const std::function<bool()>& ready) {
  for (int i = 0; i < 500; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

class SshFixture : public ::testing::Test {
 protected:
  // What ifkitd serves behind sshd.
  virtual std::string servedUri() const { return "test:///default"; }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ifkit-ssh-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "home/.ssh");
    fs::create_directories("/run/sshd");  // sshd's privilege separation directory
    const std::vector<std::string> env = {"PATH=/usr/bin:/bin"};
    for (const char* key : {"host_key", "client_key"})
      ASSERT_EQ(runProcess({"/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                            (dir_ / key).string()},
                           env)
                    .status,
                0);
    fs::copy_file(dir_ / "client_key.pub", dir_ / "authorized_keys");
    port_ = freeLoopbackPort();
    std::ofstream(dir_ / "sshd_config")
        << "Port " << port_ << "\nListenAddress 127.0.0.1\nHostKey " << (dir_ / "host_key").string()
        << "\nAuthorizedKeysFile " << (dir_ / "authorized_keys").string()
        << "\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n"
           "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPidFile "
        << (dir_ / "sshd.pid").string() << "\n";
    sshd_ = startProcess({"/usr/sbin/sshd", "-D", "-e", "-f", (dir_ / "sshd_config").string()},
                         dir_ / "sshd.log");
    daemon_ = startProcess({IFKITD_BIN, "-c", servedUri(), "--socket", socket(), "--ro-socket",
                            (dir_ / "sock-ro").string()},
                           dir_ / "ifkitd.log");
    ASSERT_TRUE(waitFor([&] { return fs::exists(socket()); }));
    ASSERT_TRUE(waitFor([&] {
      return runProcess({"/usr/bin/nc", "-z", "127.0.0.1", std::to_string(port_)}, env).status == 0;
    }));
  }
  void TearDown() override {
    stopProcess(daemon_);
    stopProcess(sshd_);
    fs::remove_all(dir_);
  }
  std::string socket() const { return (dir_ / "sock").string(); }
  std::string sshUri() const {
    return "interface+ssh://root@127.0.0.1:" + std::to_string(port_) + "/system?socket=" +
           socket() + "&keyfile=" + (dir_ / "client_key").string() + "&no_verify=1&no_tty=1";
  }
  std::vector<std::string> env() const {
    // ssh records the host key under $HOME: keep it in the test's own directory.
    return {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=" + (dir_ / "home").string()};
  }

  fs::path dir_;
  int port_ = 0;
  pid_t sshd_ = -1, daemon_ = -1;
};

TEST_F(SshFixture, VirshAndIfkitReachTheDaemonOverSsh) {
  const std::string command = "iface-list --all; iface-dumpxml eth1; iface-name aa:bb:cc:dd:ee:ff";
  auto local = runProcess({"/usr/bin/virsh", "-c", "test:///default", command}, env());
  auto virsh = runProcess({"/usr/bin/virsh", "-c", sshUri(), command}, env());
  auto ifkit = runProcess({IFKIT_BIN, "-c", sshUri(), command}, env());
  EXPECT_EQ(virsh.status, 0) << virsh.err;
  EXPECT_EQ(virsh.out, local.out);
  EXPECT_EQ(ifkit.status, 0) << ifkit.err;
  EXPECT_EQ(ifkit.out, local.out);
  EXPECT_EQ(ifkit.err, "");
}

TEST_F(SshFixture, ChangesMadeOverSshReachTheDaemon) {
  auto defined = runProcess({IFKIT_BIN, "-c", sshUri(),
                             "iface-define " IFKIT_EXAMPLES "/br0.xml"},
                            env());
  ASSERT_EQ(defined.status, 0) << defined.err;
  auto listed = runProcess({"/usr/bin/virsh", "-c",
                            "interface+unix:///system?socket=" + socket(), "iface-list --inactive"},
                           env());
  EXPECT_NE(listed.out.find(" br0 "), std::string::npos) << listed.out;
}

// ifkitd serving one network namespace's kernel and a store of its own, as it serves a real host.
class SshNamespaceFixture : public SshFixture {
 protected:
  std::string servedUri() const override { return test::systemUri(ns_.name(), dir_ / "store"); }
  void SetUp() override {
    ns_.ip("link add lan0 type veth peer name lan0-peer");
    ns_.ip("link set lan0 up");
    SshFixture::SetUp();
  }

  test::TestNetns ns_;  // made before SetUp, so before ifkitd starts
};

// virsh over ssh lists that namespace's links, as its kernel has them (ip -j), and a bridge
// started over ssh appears in that kernel.
TEST_F(SshNamespaceFixture, VirshOverSshListsTheNamespaceServed) {
  auto virsh = runProcess({"/usr/bin/virsh", "-c", sshUri(), "iface-list --all"}, env());
  ASSERT_EQ(virsh.status, 0) << virsh.err;
  // " Name  State  MAC Address", a rule, then one line per interface.
  std::set<std::string> listed, active;
  std::istringstream lines(virsh.out);
  std::string line;
  for (int skip = 0; skip < 2 && std::getline(lines, line); ++skip) {
  }
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name, state;
    if (!(fields >> name >> state)) continue;
    listed.insert(name);
    if (state == "active") active.insert(name);
  }
  std::set<std::string> kernel, up;
  for (const auto& link : ns_.ipJson("link show").items()) {
    if (link["ifname"].str() == "lo") continue;  // not an interface of this API
    kernel.insert(link["ifname"].str());
    if (link["flags"].contains("UP")) up.insert(link["ifname"].str());
  }
  EXPECT_EQ(listed, (std::set<std::string>{"lan0", "lan0-peer"}));
  EXPECT_EQ(listed, kernel) << virsh.out;
  EXPECT_EQ(active, up) << virsh.out;

  const std::string mac = ns_.ipJson("link show lan0")[0]["address"].str();
  auto name = runProcess({"/usr/bin/virsh", "-c", sshUri(), "iface-name " + mac}, env());
  EXPECT_EQ(name.out, "lan0\n\n") << name.err;

  const fs::path bridge = dir_ / "br7.xml";
  std::ofstream(bridge) << "<interface type='bridge' name='br7'><bridge>"
                           "<interface type='ethernet' name='lan0'/></bridge></interface>";
  auto started = runProcess(
      {"/usr/bin/virsh", "-c", sshUri(), "iface-define " + bridge.string() + "; iface-start br7"},
      env());
  EXPECT_EQ(started.status, 0) << started.err;
  EXPECT_EQ(ns_.ipJson("-d link show br7")[0]["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_EQ(ns_.ipJson("link show lan0")[0]["master"].str(), "br7");
}

}  // namespace
}  // namespace ifkit::daemon
