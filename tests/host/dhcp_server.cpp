// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/dhcp_server.cpp: starting and stopping the test's dnsmasq.
#include "dhcp_server.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ifkit::test {
namespace {

// Whether `pid` is dnsmasq (nsenter has exec'd it) with its DHCP socket open: port 67 (0x0043)
// among the UDP sockets of the namespace it is in.
bool listening(pid_t pid) {
  const std::string proc = "/proc/" + std::to_string(pid);
  std::ifstream cmdline(proc + "/cmdline");
  std::string command;
  std::getline(cmdline, command, '\0');
  if (command.find("dnsmasq") == std::string::npos) return false;
  std::ifstream udp(proc + "/net/udp");
  std::stringstream text;
  text << udp.rdbuf();
  return text.str().find(":0043 ") != std::string::npos;
}

}  // namespace

DhcpServer::DhcpServer(const TestNetns& server, const std::string& link,
                       const std::string& leaseFile) {
  const std::string netns = "--net=/run/netns/" + server.name();
  const std::string interface = "--interface=" + link;
  const std::string leases = "--dhcp-leasefile=" + leaseFile;
  pid_ = ::fork();
  if (pid_ == 0) {
    if (!std::freopen("/dev/null", "w", stderr)) {}  // best effort: a failed redirection keeps the old stream
    // --no-ping: dnsmasq otherwise pings an address for up to 3 s before offering it, and on a
    // loaded machine the offer then misses udhcpc's window of 4 discovers 1 s apart.
    ::execl("/usr/bin/nsenter", "nsenter", netns.c_str(), "/usr/sbin/dnsmasq", "--no-daemon",
            "--conf-file=/dev/null", "--port=0", interface.c_str(), "--bind-interfaces",
            "--no-ping", "--dhcp-range=10.99.0.50,10.99.0.60,255.255.255.0,1h",
            "--dhcp-option=option:router,10.99.0.1", leases.c_str(),
            "--pid-file=", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Ready before the test goes on: a client started earlier would spend its first discovers on
  // nobody and go into the background, and the test would measure that instead.
  for (int i = 0; i < 1000 && !listening(pid_); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!listening(pid_)) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    throw std::runtime_error("dnsmasq did not start serving DHCP on " + link);
  }
}

DhcpServer::~DhcpServer() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

}  // namespace ifkit::test
