// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ack_reader.cpp: AckWait, acks read with recvmmsg.
#include "host/netlink/ack_reader.h"

#include <linux/netlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace ifkit::host::nl {
namespace {

// Room for one ack. A success ack is 36 bytes, and so is an error ack with NETLINK_CAP_ACK (the
// request's header only); without it (older kernels) the whole request follows, cut off here:
// the header that names the request and the errno come first.
constexpr std::size_t kSlotBytes = 128;
constexpr std::size_t kAckBytes = NLMSG_HDRLEN + sizeof(nlmsgerr);

}  // namespace

void AckWait::expect(std::uint32_t seq, std::size_t slot) { slotBySeq_[seq] = slot; }

void AckWait::record(std::uint32_t seq, int err, std::vector<int>& results) {
  auto it = slotBySeq_.find(seq);
  if (it == slotBySeq_.end()) return;  // not a request of this wait
  results[it->second] = err;
  slotBySeq_.erase(it);
}

int AckWait::receive(int fd, std::vector<int>& results) {
  buffer_.resize(kMaxPerReceive * kSlotBytes);
  std::array<iovec, kMaxPerReceive> iov{};
  std::array<mmsghdr, kMaxPerReceive> msgs{};
  while (!slotBySeq_.empty()) {
    const std::size_t slots = std::min(slotBySeq_.size(), kMaxPerReceive);
    for (std::size_t i = 0; i < slots; ++i) {
      iov[i] = {buffer_.data() + i * kSlotBytes, kSlotBytes};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    // Waits for the first ack, then takes what else has arrived.
    const int got =
        ::recvmmsg(fd, msgs.data(), static_cast<unsigned>(slots), MSG_WAITFORONE, nullptr);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno;
    // Nothing, from a blocking receive: the socket can give no more (shut down, it reads as
    // empty datagrams). Netlink never does this; a wait for acks that cannot come must not spin.
    if (std::none_of(msgs.begin(), msgs.begin() + got, [](const mmsghdr& m) { return m.msg_len; }))
      return EPIPE;
    for (int i = 0; i < got; ++i) {
      const char* at = static_cast<const char*>(iov[i].iov_base);
      std::size_t left = msgs[i].msg_len;
      const bool cutOff = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
      // Each message of the datagram in turn; of one cut off, what arrived of it.
      while (left >= kAckBytes) {
        nlmsghdr h;
        std::memcpy(&h, at, sizeof h);
        if (h.nlmsg_len < NLMSG_HDRLEN || (h.nlmsg_len > left && !cutOff)) break;  // malformed
        if (h.nlmsg_type == NLMSG_ERROR && h.nlmsg_len >= kAckBytes) {
          nlmsgerr e;
          std::memcpy(&e, at + NLMSG_HDRLEN, sizeof e);
          record(h.nlmsg_seq, -e.error, results);  // e.error: 0, or the kernel's negative errno
        }
        const std::size_t step = NLMSG_ALIGN(h.nlmsg_len);
        if (step >= left) break;
        at += step;
        left -= step;
      }
    }
  }
  return 0;
}

}  // namespace ifkit::host::nl
