// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/libvirtd_in_netns.cpp: starting and stopping libvirtd inside a test namespace.
#include "libvirtd_in_netns.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ifkit::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLibvirtd = "/usr/sbin/libvirtd";
constexpr const char* kInterfaceDriver =
    "/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_interface.so";

// Waits up to `limit` for `pid` to end; true if it did (and was reaped).
bool ended(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  do {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}

}  // namespace

LibvirtdInNetns::LibvirtdInNetns(const TestNetns& ns) {
  // Not there is a failure, never a skip: the oracle is the point of the test.
  for (const char* needed : {kLibvirtd, kInterfaceDriver, "/usr/bin/virsh"})
    if (!fs::exists(needed))
      throw std::runtime_error(std::string(needed) + " missing (Debian: libvirt-daemon, "
                                                     "libvirt-daemon-driver-..., libvirt-clients)");
  dir_ = fs::temp_directory_path() / ("ifkit-libvirtd-" + ns.name());
  fs::remove_all(dir_);
  for (const char* sub : {"drivers", "run", "state"}) fs::create_directories(dir_ / sub);
  // Only the interface driver: libvirtd loads every module it finds in LIBVIRT_DRIVER_DIR.
  fs::create_symlink(kInterfaceDriver, dir_ / "drivers/libvirt_driver_interface.so");
  std::ofstream(dir_ / "libvirtd.conf")
      << "unix_sock_dir = \"" << (dir_ / "run").string() << "\"\n"
      << "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0700\"\n"
      << "auth_unix_ro = \"none\"\nauth_unix_rw = \"none\"\n"
      << "log_outputs = \"1:file:" << (dir_ / "libvirtd.log").string() << "\"\n";
  // sh execs libvirtd once /run/libvirt is its own: pid_ is libvirtd's, whatever runs between.
  const std::string script = "mount --bind '" + (dir_ / "state").string() +
                             "' /run/libvirt && exec " + kLibvirtd + " -f '" +
                             (dir_ / "libvirtd.conf").string() + "' -p '" +
                             (dir_ / "libvirtd.pid").string() + "'";
  const std::string drivers = (dir_ / "drivers").string();
  const std::string output = (dir_ / "output").string();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Best effort: only for a failure's report (`if`, as FORTIFY's warn_unused_result wants).
    if (!std::freopen(output.c_str(), "w", stdout)) {}
    if (!std::freopen(output.c_str(), "a", stderr)) {}
    ::setenv("LIBVIRT_DRIVER_DIR", drivers.c_str(), 1);
    ::execl("/usr/bin/ip", "ip", "netns", "exec", ns.name().c_str(), "/bin/sh", "-c",
            script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const fs::path socket = dir_ / "run/libvirt-sock";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!fs::exists(socket) && std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!fs::exists(socket)) {
    const std::string why = log();
    stop();
    throw std::runtime_error("libvirtd did not start in " + ns.name() + ":\n" + why);
  }
}

LibvirtdInNetns::~LibvirtdInNetns() { stop(); }

void LibvirtdInNetns::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    if (!ended(pid_, std::chrono::seconds(5))) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);  // best effort: a leftover temporary directory harms nothing
}

std::string LibvirtdInNetns::uri() const {
  return "interface:///system?socket=" + (dir_ / "run/libvirt-sock").string();
}

std::string LibvirtdInNetns::log() const {
  std::stringstream text;
  for (const char* file : {"output", "libvirtd.log"}) {
    std::ifstream in(dir_ / file);
    text << in.rdbuf();
  }
  return text.str();
}

}  // namespace ifkit::test
