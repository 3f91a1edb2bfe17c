// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/route_socket.cpp: sending rtnetlink requests and reading acks and dumps.
#include "host/netlink/route_socket.h"

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <optional>

#include "host/host_error.h"
#include "host/netlink/ack_reader.h"

namespace ifkit::host::nl {
namespace {

// Requests coalesced into one sendmsg; the kernel refuses a send larger than its sndbuf.
constexpr size_t kSendChunkBytes = 32 * 1024;
// Acks queue in our receive buffer until read; past its size the kernel drops them (ENOBUFS) and
// their results would be lost. A success ack costs well under 1 KiB of buffer: 64 in flight fits
// the default 208 KiB with room to spare.
constexpr size_t kMaxInFlight = 64;

}  // namespace

int errnoFromNle(int nle) {
  switch (nle < 0 ? -nle : nle) {
    case NLE_NOMEM:
      return ENOMEM;
    case NLE_BAD_SOCK:
      return EBADF;
    case NLE_MSG_TRUNC:
      return EMSGSIZE;
    case NLE_MSG_OVERFLOW:
      return ENOBUFS;
    case NLE_DUMP_INTR:
      return EINTR;
    case NLE_PERM:
      return EPERM;
    case NLE_AGAIN:
      return EAGAIN;
    case NLE_INTR:
      return EINTR;
    default:
      return EIO;
  }
}

Result<RouteSocket> RouteSocket::openHere() {
  NlSock sock(nl_socket_alloc());
  if (!sock) return hostError("allocate a netlink socket", ENOMEM);
  if (int rc = nl_connect(sock.get(), NETLINK_ROUTE); rc < 0)
    return hostError("open a netlink route socket", errnoFromNle(rc));
  // Error acks carry only the request's header, not the whole request: smaller, and all we read.
  int one = 1;
  int fd = nl_socket_get_fd(sock.get());
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
                   sizeof one);  // best effort: without it the acks are just larger
  // Strict checking lets a dump request filter (routes of the main table only); without it
  // (kernels before 4.20) filters are ignored and the readers filter instead.
  (void)setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);  // best effort
  return RouteSocket(std::move(sock));
}

std::uint32_t RouteSocket::takeOwnSeq() {
  const std::uint32_t seq = nextOwnSeq_++;
  if (nextOwnSeq_ == 0) nextOwnSeq_ = 0x80000000u;
  return seq;
}

int RouteSocket::request(nl_msg* msg) { return requestAll(std::span(&msg, 1)).front(); }

std::vector<int> RouteSocket::requestAll(std::span<nl_msg* const> msgs) {
  std::vector<int> results(msgs.size(), 0);
  AckWait acks;

  std::vector<char> chunk;
  size_t next = 0;
  while (next < msgs.size()) {
    // Fill one sendmsg with as many requests as the chunk and the in-flight limit allow.
    chunk.clear();
    size_t first = next;
    while (next < msgs.size() && next - first < kMaxInFlight) {
      nlmsghdr* h = nlmsg_hdr(msgs[next]);
      h->nlmsg_flags |= NLM_F_ACK;
      address(h);
      if (!chunk.empty() && chunk.size() + h->nlmsg_len > kSendChunkBytes) break;
      acks.expect(h->nlmsg_seq, next);
      const char* bytes = reinterpret_cast<const char*>(h);
      chunk.insert(chunk.end(), bytes, bytes + NLMSG_ALIGN(h->nlmsg_len));
      ++next;
    }
    // The transport failed (not a kernel ack): whatever is unanswered or unsent shares its fate.
    auto failRest = [&](int err) {
      for (auto& [seq, slot] : acks.unanswered()) results[slot] = err;
      for (size_t i = next; i < msgs.size(); ++i) results[i] = err;
      return results;
    };
    if (int sent = nl_sendto(sock_.get(), chunk.data(), chunk.size()); sent < 0)
      return failRest(errnoFromNle(sent));
    if (int err = acks.receive(nl_socket_get_fd(sock_.get()), results); err) return failRest(err);
  }
  return results;
}

void RouteSocket::address(nlmsghdr* request) {
  request->nlmsg_flags |= NLM_F_REQUEST;
  request->nlmsg_pid = nl_socket_get_local_port(sock_.get());
  request->nlmsg_seq = takeOwnSeq();
}

int RouteSocket::send(nlmsghdr* request) {
  address(request);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(nl_socket_get_fd(sock_.get()), request, request->nlmsg_len, 0,
               reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel) < 0)
    return errno;
  return 0;
}

namespace {

// The errno of an NLMSG_ERROR (0 for an ack), or of an NLMSG_DONE (0 for a dump that worked).
int errnoOf(const nlmsghdr* h) {
  if (h->nlmsg_type == NLMSG_ERROR) {
    if (nlmsg_datalen(h) < static_cast<int>(sizeof(nlmsgerr))) return EBADMSG;
    return -static_cast<const nlmsgerr*>(nlmsg_data(h))->error;
  }
  // NLMSG_DONE carries the dump's error, negative, where it failed (old kernels put a length).
  if (nlmsg_datalen(h) < static_cast<int>(sizeof(int))) return 0;
  const int value = *static_cast<const int*>(nlmsg_data(h));
  return value < 0 ? -value : 0;
}

}  // namespace

int RouteSocket::receive(std::uint32_t seq,
                         const std::function<std::optional<int>(const nlmsghdr*)>& each) {
  if (!received_) received_ = std::make_unique_for_overwrite<char[]>(kReceiveBufferBytes);
  for (;;) {
    const ssize_t n = ::recv(nl_socket_get_fd(sock_.get()), received_.get(), kReceiveBufferBytes,
                             MSG_TRUNC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (static_cast<std::size_t>(n) > kReceiveBufferBytes) return EMSGSIZE;
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(received_.get()); nlmsg_ok(h, left);
         h = nlmsg_next(h, &left)) {
      if (h->nlmsg_seq != seq) continue;  // a stale answer: not ours
      if (std::optional<int> result = each(h)) return *result;
    }
  }
}

int RouteSocket::dump(nl_msg* request, const std::function<void(const nlmsghdr*)>& onReply) {
  // No NLM_F_ACK: the kernel ends a dump with NLMSG_DONE (its errno inside, if it failed), or
  // answers a refused one with NLMSG_ERROR.
  nlmsghdr* hdr = nlmsg_hdr(request);
  hdr->nlmsg_flags |= NLM_F_DUMP;
  if (int err = send(hdr)) return err;
  bool interrupted = false;
  return receive(hdr->nlmsg_seq, [&](const nlmsghdr* h) -> std::optional<int> {
    // Any message of the dump may carry the flag; read on to NLMSG_DONE regardless, so that no
    // reply of this dump is left for the next request.
    if (h->nlmsg_flags & NLM_F_DUMP_INTR) interrupted = true;
    if (h->nlmsg_type == NLMSG_ERROR) return errnoOf(h);
    if (h->nlmsg_type == NLMSG_DONE) {
      const int err = errnoOf(h);
      return err != 0 ? err : interrupted ? EINTR : 0;
    }
    if (h->nlmsg_type >= NLMSG_MIN_TYPE) onReply(h);  // not NLMSG_NOOP nor NLMSG_OVERRUN
    return std::nullopt;
  });
}

int RouteSocket::get(nl_msg* request, const std::function<void(const nlmsghdr*)>& onReply) {
  // Without NLM_F_ACK: the kernel answers a get with the object or with an error, never both,
  // so an ack would cost one more receive per question.
  nlmsghdr* hdr = nlmsg_hdr(request);
  if (int err = send(hdr)) return err;
  return receive(hdr->nlmsg_seq, [&](const nlmsghdr* h) -> std::optional<int> {
    if (h->nlmsg_type == NLMSG_ERROR) return errnoOf(h);
    onReply(h);
    return 0;
  });
}

}  // namespace ifkit::host::nl
