// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ack_reader.h: the kernel's acks to a batch of requests, read many per system
// call and matched to their requests by sequence number.
//
// Read past libnl: libnl reads one datagram per recvmsg and copies each message into an nl_msg of
// its own, which for a start of a thousand bridges was three thousand system calls and
// allocations for 36-byte answers; and it folds the kernel's errnos into its own codes.
//
//   AckWait wait;
//   wait.expect(seq, 0);                      // request 0 went out with sequence number `seq`
//   std::vector<int> results(1);
//   int err = wait.receive(fd, results);      // results[0]: 0, or the kernel's errno
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ifkit::host::nl {

class AckWait {
 public:
  // Acks read per system call at most (RouteSocket keeps as many requests in flight).
  static constexpr std::size_t kMaxPerReceive = 64;

  // The request at `slot` of the results was sent with sequence number `seq`.
  void expect(std::uint32_t seq, std::size_t slot);
  std::size_t pending() const { return slotBySeq_.size(); }

  // Reads from `fd` until every expected request has its ack, and writes each into `results` at
  // its slot: 0, or the kernel's positive errno. What is not an ack to an expected request (the
  // rest of an abandoned dump, a late ack of an earlier batch) is passed over. Returns 0, or the
  // errno of a receive that failed (the transport's, not an ack's); the requests still unanswered
  // then stay expected.
  int receive(int fd, std::vector<int>& results);

  // The sequence numbers still waiting for an ack, with their slots.
  const std::unordered_map<std::uint32_t, std::size_t>& unanswered() const { return slotBySeq_; }

 private:
  void record(std::uint32_t seq, int err, std::vector<int>& results);

  std::unordered_map<std::uint32_t, std::size_t> slotBySeq_;
  std::vector<char> buffer_;
};

}  // namespace ifkit::host::nl
