// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit's client against a real libvirt daemon: libvirtd 9.0 (Debian's libvirt-daemon) with its
// interface driver only, a private configuration (auth none, sockets in a temporary directory),
// inside a fresh network namespace. Through it, ifkit must print what virsh prints.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "run_process.h"
#include "test_netns.h"

namespace ifkit::daemon {
namespace {

namespace fs = std::filesystem;
using test::runProcess;

constexpr const char* kDriverDir = "/usr/lib/x86_64-linux-gnu/libvirt/connection-driver";
const std::vector<std::string> kEnv = {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=/tmp"};

class LibvirtdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ifkit-libvirtd-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "drivers");
    fs::create_directories(dir_ / "run");
    // Only the interface driver: libvirtd loads every module it finds in LIBVIRT_DRIVER_DIR.
    fs::create_symlink(fs::path(kDriverDir) / "libvirt_driver_interface.so",
                       dir_ / "drivers/libvirt_driver_interface.so");
    std::ofstream(dir_ / "libvirtd.conf")
        << "unix_sock_dir = \"" << (dir_ / "run").string() << "\"\n"
        << "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0700\"\n"
        << "auth_unix_ro = \"none\"\nauth_unix_rw = \"none\"\n"
        << "log_outputs = \"1:file:" << (dir_ / "libvirtd.log").string() << "\"\n";
    ns_.ip("link add veth0 type veth peer name veth1");
    ns_.ip("link set veth0 address 52:54:00:aa:00:01");
    ns_.ip("link set veth0 up");
    pid_ = fork();
    if (pid_ == 0) {
      if (!freopen("/dev/null", "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
      setenv("LIBVIRT_DRIVER_DIR", (dir_ / "drivers").c_str(), 1);
      // `ip netns exec` also mounts the namespace's /sys, where the udev backend looks.
      execl("/usr/bin/ip", "ip", "netns", "exec", ns_.name().c_str(), "/usr/sbin/libvirtd",
            "-f", (dir_ / "libvirtd.conf").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 500 && !fs::exists(socket()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(fs::exists(socket())) << "libvirtd did not start";
  }
  void TearDown() override {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    fs::remove_all(dir_);
  }
  std::string socket() const { return (dir_ / "run/libvirt-sock").string(); }
  std::string uri() const { return "interface+unix:///system?socket=" + socket(); }

  test::TestNetns ns_;
  fs::path dir_;
  pid_t pid_ = -1;
};

TEST_F(LibvirtdTest, IfkitPrintsWhatVirshPrintsThroughLibvirtd) {
  int compared = 0;
  for (const char* command :
       {"iface-list --all", "iface-list --inactive", "iface-dumpxml veth0", "iface-mac veth0",
        "iface-name 52:54:00:aa:00:01", "iface-dumpxml nosuch", "iface-dumpxml --inactive veth0",
        "iface-begin", "iface-start veth1"}) {
    auto virsh = runProcess({"/usr/bin/virsh", "-c", uri(), command}, kEnv);
    auto ifkit = runProcess({IFKIT_BIN, "-c", uri(), command}, kEnv);
    EXPECT_EQ(ifkit.out, virsh.out) << command;
    EXPECT_EQ(ifkit.err, virsh.err) << command;
    EXPECT_EQ(ifkit.status, virsh.status) << command;
    ++compared;
  }
  // The listing is real: libvirtd's udev backend sees the namespace's veth.
  auto list = runProcess({IFKIT_BIN, "-c", uri(), "iface-list --all"}, kEnv);
  EXPECT_NE(list.out.find(" veth0 "), std::string::npos) << list.out;
  EXPECT_EQ(compared, 9);
}

}  // namespace
}  // namespace ifkit::daemon
