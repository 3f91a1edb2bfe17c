// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/ack_reader_test.cpp: AckWait reading acks from a datagram socket pair, where the
// test writes what the kernel would (the kernel's own acks are batch_test.cpp's).
#include "host/netlink/ack_reader.h"

#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace ifkit::host::nl {
namespace {

class AckReader : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, fds_), 0); }
  void TearDown() override {
    ::close(fds_[0]);
    if (fds_[1] >= 0) ::close(fds_[1]);
  }

  // One datagram: an NLMSG_ERROR for the request `seq`, with `error` (0 or a negative errno),
  // followed by `echoed` bytes of the request, as the kernel sends without NETLINK_CAP_ACK.
  void sendAck(std::uint32_t seq, int error, std::size_t echoed = 0) {
    std::vector<char> bytes(NLMSG_HDRLEN + sizeof(nlmsgerr) + echoed, 'x');
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(bytes.size());
    h.nlmsg_type = NLMSG_ERROR;
    h.nlmsg_seq = seq;
    nlmsgerr e{};
    e.error = error;
    e.msg.nlmsg_seq = seq;
    e.msg.nlmsg_len = static_cast<std::uint32_t>(sizeof(nlmsghdr) + echoed);
    std::memcpy(bytes.data(), &h, sizeof h);
    std::memcpy(bytes.data() + NLMSG_HDRLEN, &e, sizeof e);
    ASSERT_EQ(::send(fds_[1], bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  }

  void sendDone(std::uint32_t seq) {
    char bytes[NLMSG_HDRLEN + sizeof(int)] = {};
    nlmsghdr h{};
    h.nlmsg_len = sizeof bytes;
    h.nlmsg_type = NLMSG_DONE;
    h.nlmsg_flags = NLM_F_MULTI;
    h.nlmsg_seq = seq;
    std::memcpy(bytes, &h, sizeof h);
    ASSERT_EQ(::send(fds_[1], bytes, sizeof bytes, 0), static_cast<ssize_t>(sizeof bytes));
  }

  int fds_[2] = {-1, -1};
};

TEST_F(AckReader, EachAckGoesToItsRequestInWhateverOrderTheyCome) {
  AckWait wait;
  wait.expect(10, 0);
  wait.expect(11, 1);
  wait.expect(12, 2);
  sendAck(12, -EEXIST);
  sendAck(10, 0);
  sendAck(11, -ENODEV);
  std::vector<int> results(3, -1);
  EXPECT_EQ(wait.receive(fds_[0], results), 0);
  EXPECT_EQ(results, (std::vector<int>{0, ENODEV, EEXIST}));
  EXPECT_EQ(wait.pending(), 0u);
}

TEST_F(AckReader, WhatIsNotAnAckOfThisWaitIsPassedOver) {
  AckWait wait;
  wait.expect(20, 0);
  sendDone(7);           // the end of an abandoned dump
  sendAck(19, -EINVAL);  // a late ack of an earlier batch
  sendAck(20, -EPERM);
  std::vector<int> results(1, -1);
  EXPECT_EQ(wait.receive(fds_[0], results), 0);
  EXPECT_EQ(results[0], EPERM);
}

TEST_F(AckReader, AnErrorAckThatCarriesTheWholeRequestStillGivesItsErrno) {
  // Without NETLINK_CAP_ACK the request comes back after the error, larger than a slot.
  AckWait wait;
  wait.expect(30, 0);
  wait.expect(31, 1);
  sendAck(30, -EINVAL, 1000);
  sendAck(31, 0);
  std::vector<int> results(2, -1);
  EXPECT_EQ(wait.receive(fds_[0], results), 0);
  EXPECT_EQ(results, (std::vector<int>{EINVAL, 0}));
}

TEST_F(AckReader, MoreAcksThanOneReceiveTakesAreAllRead) {
  constexpr std::uint32_t kAcks = 3 * AckWait::kMaxPerReceive + 5;
  AckWait wait;
  for (std::uint32_t i = 0; i < kAcks; ++i) wait.expect(100 + i, i);
  // A writer of its own: a socket pair queues only a few datagrams before the sender waits.
  std::thread kernel([&] {
    for (std::uint32_t i = 0; i < kAcks; ++i) sendAck(100 + i, i % 7 == 0 ? -EBUSY : 0);
  });
  std::vector<int> results(kAcks, -1);
  EXPECT_EQ(wait.receive(fds_[0], results), 0);
  kernel.join();
  for (std::uint32_t i = 0; i < kAcks; ++i) EXPECT_EQ(results[i], i % 7 == 0 ? EBUSY : 0) << i;
}

TEST_F(AckReader, AFailedReceiveLeavesTheUnansweredExpected) {
  AckWait wait;
  wait.expect(40, 0);
  wait.expect(41, 1);
  sendAck(40, 0);
  ::close(fds_[1]);  // the other end gone: the receive after the first ack fails, not waits
  fds_[1] = -1;
  ASSERT_EQ(::shutdown(fds_[0], SHUT_RD), 0);
  std::vector<int> results(2, -1);
  // A shut-down socket reads as empty (no datagram), which no ack can follow: an error, at once.
  EXPECT_EQ(wait.receive(fds_[0], results), EPIPE);
  EXPECT_EQ(results[0], 0);
  ASSERT_EQ(wait.unanswered().size(), 1u);
  EXPECT_EQ(wait.unanswered().begin()->first, 41u);
}

}  // namespace
}  // namespace ifkit::host::nl
