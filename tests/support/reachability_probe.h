// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/support/reachability_probe.h: what a person connected to a host over its NIC feels while
// the host's network changes: the longest time without an answer.
//
// A UDP echo server in the host's network namespace, and a sender in a peer namespace (the LAN)
// that sends a numbered datagram to the host's address every `interval` and notes when answers
// come back. The gap is the longest time between two answers (or from the last answer to the
// end, if the host stopped answering), so a change that cuts the host off for 2 s shows as 2 s
// even though the host answers again later.
//
//   ReachabilityProbe probe("host-ns", "lan-ns", "192.0.2.5");
//   ASSERT_TRUE(probe.waitForAnswers(3, 2s));       // reachable before the change
//   runTheChange();
//   ASSERT_TRUE(probe.waitForAnswers(3, 2s));       // reachable after it
//   ReachabilityProbe::Result r = probe.stop();     // r.longestGap: what the change cost
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace ifkit::test {

class ReachabilityProbe {
 public:
  using Clock = std::chrono::steady_clock;

  struct Result {
    Clock::duration longestGap{};
    long sent = 0;
    long answered = 0;
    std::string error;  // a probe that could not run (a namespace, a socket), else empty
  };

  // `hostNetns` and `peerNetns` are names under /run/netns; `target` an IPv4 or IPv6 address of
  // the host. Throws std::runtime_error if a namespace or socket cannot be had.
  ReachabilityProbe(const std::string& hostNetns, const std::string& peerNetns,
                    const std::string& target,
                    std::chrono::milliseconds interval = std::chrono::milliseconds(10));
  ~ReachabilityProbe();
  ReachabilityProbe(const ReachabilityProbe&) = delete;
  ReachabilityProbe& operator=(const ReachabilityProbe&) = delete;

  // Whether `count` more answers arrive within `timeout`.
  bool waitForAnswers(long count, Clock::duration timeout) const;
  // Stops both sides (idempotent) and returns what the sender saw.
  Result stop();

 private:
  void echo(int netnsFd);
  void send(int netnsFd);

  std::string target_;
  std::chrono::milliseconds interval_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> port_{0};  // the echo server's, once bound
  std::atomic<long> answered_{0};
  mutable std::mutex mutex_;  // guards result_ and lastAnswer_
  Result result_;
  Clock::time_point lastAnswer_{};
  std::string error_;  // a failure in a thread, reported by stop()
  std::thread echoThread_;
  std::thread sendThread_;
};

}  // namespace ifkit::test
