// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/route_socket.cpp: sending rtnetlink requests and reading acks and dumps.
#include "host/netlink/route_socket.h"

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>

#include "host/host_error.h"
#include "host/netlink/ack_reader.h"

namespace ifkit::host::nl {
namespace {

// Kernel dump replies come in buffers of at most 32 KiB unless one object is larger (it is not,
// for the link, address and route dumps ifkit asks for without VF data); a 64 KiB receive buffer
// never truncates, which lets libnl skip its MSG_PEEK probe: one recvmsg per buffer, not two.
constexpr size_t kRecvBufSize = 64 * 1024;
// Requests coalesced into one sendmsg; the kernel refuses a send larger than its sndbuf.
constexpr size_t kSendChunkBytes = 32 * 1024;
// Acks queue in our receive buffer until read; past its size the kernel drops them (ENOBUFS) and
// their results would be lost. A success ack costs well under 1 KiB of buffer: 64 in flight fits
// the default 208 KiB with room to spare.
constexpr size_t kMaxInFlight = 64;

struct DumpState {
  const std::function<void(nl_msg*)>* onReply = nullptr;
  int kernelErrno = 0;
  bool interrupted = false;
};

int onDumpReply(nl_msg* msg, void* arg) {
  (*static_cast<DumpState*>(arg)->onReply)(msg);
  return NL_OK;
}

int onDumpError(sockaddr_nl*, nlmsgerr* e, void* arg) {
  static_cast<DumpState*>(arg)->kernelErrno = -e->error;
  return NL_STOP;
}

int onDumpInterrupted(nl_msg*, void* arg) {
  static_cast<DumpState*>(arg)->interrupted = true;
  return NL_OK;  // read on to NLMSG_DONE, so no stale replies are left for the next request
}

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
  nl_socket_disable_msg_peek(sock.get());
  if (int rc = nl_socket_set_msg_buf_size(sock.get(), kRecvBufSize); rc < 0)
    return hostError("size the netlink receive buffer", errnoFromNle(rc));
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
      // Numbered here, not by libnl (nl_complete_msg): its count of answered requests advances
      // only with the acks it reads itself, and would fall out of step with the dumps after.
      nlmsghdr* h = nlmsg_hdr(msgs[next]);
      h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
      h->nlmsg_pid = nl_socket_get_local_port(sock_.get());
      h->nlmsg_seq = takeOwnSeq();
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

int RouteSocket::dump(nl_msg* request, const std::function<void(nl_msg*)>& onReply) {
  NlCb cb(nl_cb_alloc(NL_CB_DEFAULT));
  if (!cb) return ENOMEM;
  DumpState state;
  state.onReply = &onReply;
  nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, onDumpReply, &state);
  nl_cb_err(cb.get(), NL_CB_CUSTOM, onDumpError, &state);
  nl_cb_set(cb.get(), NL_CB_DUMP_INTR, NL_CB_CUSTOM, onDumpInterrupted, &state);
  // libnl numbers a message only while its sequence number is unset: a request sent again (after
  // an interrupted dump) would carry its old number, and its replies would fail libnl's check.
  nlmsg_hdr(request)->nlmsg_seq = NL_AUTO_SEQ;
  if (int rc = nl_send_auto(sock_.get(), request); rc < 0) return errnoFromNle(rc);
  int rc = nl_recvmsgs(sock_.get(), cb.get());
  if (state.kernelErrno) return state.kernelErrno;
  if (rc < 0) return errnoFromNle(rc);
  return state.interrupted ? EINTR : 0;
}

int RouteSocket::get(nl_msg* request, const std::function<void(nl_msg*)>& onReply) {
  // Sent and read past libnl, without NLM_F_ACK: the kernel answers a get with the object or
  // with an error, never both, so an ack would cost one more receive per question; and libnl
  // counts a request as answered only at an ack or a dump's end, so its own sequence numbers
  // would fall out of step with the dumps and changes that follow on this socket.
  nlmsghdr* hdr = nlmsg_hdr(request);
  hdr->nlmsg_flags |= NLM_F_REQUEST;
  hdr->nlmsg_pid = nl_socket_get_local_port(sock_.get());
  hdr->nlmsg_seq = takeOwnSeq();
  const int fd = nl_socket_get_fd(sock_.get());
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd, hdr, hdr->nlmsg_len, 0, reinterpret_cast<const sockaddr*>(&kernel),
               sizeof kernel) < 0)
    return errno;
  getBuffer_.resize(kGetBufferBytes);
  for (;;) {
    ssize_t n = ::recv(fd, getBuffer_.data(), getBuffer_.size(), MSG_TRUNC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (static_cast<std::size_t>(n) > getBuffer_.size()) return EMSGSIZE;
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(getBuffer_.data()); nlmsg_ok(h, left);
         h = nlmsg_next(h, &left)) {
      if (h->nlmsg_seq != hdr->nlmsg_seq) continue;  // a stale answer: not ours
      if (h->nlmsg_type == NLMSG_ERROR) {
        if (nlmsg_datalen(h) < static_cast<int>(sizeof(nlmsgerr))) return EBADMSG;
        return -static_cast<const nlmsgerr*>(nlmsg_data(h))->error;
      }
      NlMsg reply(nlmsg_convert(h));
      if (!reply) return ENOMEM;
      onReply(reply.get());
      return 0;
    }
  }
}

}  // namespace ifkit::host::nl
