// SPDX-License-Identifier: LGPL-2.1-or-later
// The echo server and the sender of ReachabilityProbe, each a thread moved into its namespace.
#include "reachability_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ifkit::test {
namespace {

int openNetns(const std::string& name) {
  const std::string path = "/run/netns/" + name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  return fd;
}

// A socket address for `text` (IPv4 or IPv6) and `port`; false if it is neither.
bool socketAddress(const std::string& text, int port, sockaddr_storage& out, socklen_t& len) {
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  if (::inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v4;
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (::inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v6;
    return true;
  }
  return false;
}

}  // namespace

ReachabilityProbe::ReachabilityProbe(const std::string& hostNetns, const std::string& peerNetns,
                                     const std::string& target, std::chrono::milliseconds interval)
    : target_(target), interval_(interval) {
  const int hostFd = openNetns(hostNetns);
  int peerFd = -1;
  try {
    peerFd = openNetns(peerNetns);
  } catch (...) {
    ::close(hostFd);
    throw;
  }
  echoThread_ = std::thread([this, hostFd] { echo(hostFd); });
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (port_ == 0 && Clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      if (!error_.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (port_ == 0) {
    ::close(peerFd);
    stop();
    std::lock_guard lock(mutex_);
    throw std::runtime_error("reachability probe: no echo server: " + error_);
  }
  sendThread_ = std::thread([this, peerFd] { send(peerFd); });
}

ReachabilityProbe::~ReachabilityProbe() { stop(); }

// Answers every datagram with itself, on every address of the host (an IPv6 socket that takes
// IPv4 too), so that it goes on answering whichever link the address moves to.
void ReachabilityProbe::echo(int netnsFd) {
  auto fail = [this](const char* what) {
    std::lock_guard lock(mutex_);
    error_ = std::string(what) + ": " + std::strerror(errno);
  };
  const int joined = ::setns(netnsFd, CLONE_NEWNET);
  ::close(netnsFd);
  if (joined != 0) return fail("setns (host)");
  int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail("socket (host)");
  int off = 0;
  ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  sockaddr_in6 any{};
  any.sin6_family = AF_INET6;
  any.sin6_addr = in6addr_any;
  socklen_t len = sizeof any;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&any), len) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&any), &len) != 0) {
    fail("bind (host)");
    ::close(fd);
    return;
  }
  port_ = ntohs(any.sin6_port);
  char buf[64];
  while (!stopping_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    sockaddr_storage from{};
    socklen_t fromLen = sizeof from;
    ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &fromLen);
    if (n > 0)
      (void)::sendto(fd, buf, std::size_t(n), 0, reinterpret_cast<sockaddr*>(&from), fromLen);
  }
  ::close(fd);
}

// Sends every interval_ and notes each answer's arrival; an unreachable host (ICMP errors, no
// route) is only a gap, never a failure.
void ReachabilityProbe::send(int netnsFd) {
  auto fail = [this](const char* what) {
    std::lock_guard lock(mutex_);
    error_ = std::string(what) + ": " + std::strerror(errno);
  };
  const int joined = ::setns(netnsFd, CLONE_NEWNET);
  ::close(netnsFd);
  if (joined != 0) return fail("setns (peer)");
  sockaddr_storage to{};
  socklen_t toLen = 0;
  if (!socketAddress(target_, port_, to, toLen)) {
    errno = EINVAL;
    return fail("target address");
  }
  int fd = ::socket(to.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return fail("socket (peer)");
  long seq = 0;
  auto nextSend = Clock::now();
  char buf[64];
  while (!stopping_) {
    const auto now = Clock::now();
    if (now >= nextSend) {
      const std::string datagram = std::to_string(seq++);
      if (::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to),
                   toLen) >= 0) {
        std::lock_guard lock(mutex_);
        ++result_.sent;
      }
      nextSend += interval_;
      if (nextSend < now) nextSend = now + interval_;  // the thread was held up: no burst
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nextSend - now);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::max<long>(0, wait.count()))) <= 0) continue;
    while (::recv(fd, buf, sizeof buf, 0) > 0) {
      const auto at = Clock::now();
      std::lock_guard lock(mutex_);
      if (lastAnswer_ != Clock::time_point{} && at - lastAnswer_ > result_.longestGap)
        result_.longestGap = at - lastAnswer_;
      lastAnswer_ = at;
      ++result_.answered;
      ++answered_;
    }
  }
  ::close(fd);
}

bool ReachabilityProbe::waitForAnswers(long count, Clock::duration timeout) const {
  const long goal = answered_ + count;
  const auto deadline = Clock::now() + timeout;
  while (answered_ < goal) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

ReachabilityProbe::Result ReachabilityProbe::stop() {
  if (!stopping_.exchange(true)) {
    if (sendThread_.joinable()) sendThread_.join();
    if (echoThread_.joinable()) echoThread_.join();
    // A host that stopped answering for good: the gap runs to the end.
    std::lock_guard lock(mutex_);
    if (lastAnswer_ != Clock::time_point{} && Clock::now() - lastAnswer_ > result_.longestGap)
      result_.longestGap = Clock::now() - lastAnswer_;
  }
  std::lock_guard lock(mutex_);
  Result r = result_;
  r.error = error_;
  return r;
}

}  // namespace ifkit::test
