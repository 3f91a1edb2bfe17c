// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ethtool_speeds_dump.cpp: the family's id, then one LINKMODES_GET dump.
//
// Written on the raw socket rather than with libnl-genl: two small requests, and one more shared
// library would cost every ifkit process its loading (README "Performance").
#include "host/netlink/ethtool_speeds_dump.h"

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "host/netlink/attr.h"

namespace ifkit::host::nl {
namespace {

// A request: the netlink and generic netlink headers, then attributes appended in order.
class GenlRequest {
 public:
  GenlRequest(std::uint16_t family, std::uint16_t flags, std::uint8_t cmd, std::uint8_t version) {
    nlmsghdr nh{};
    nh.nlmsg_type = family;
    nh.nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | flags);
    nh.nlmsg_seq = 1;
    genlmsghdr gh{};
    gh.cmd = cmd;
    gh.version = version;
    append(&nh, sizeof nh);
    append(&gh, sizeof gh);
  }
  // An attribute with its payload; returns its offset, for a nest to be closed later.
  std::size_t put(std::uint16_t type, const void* data, std::size_t size) {
    const std::size_t at = bytes_.size();
    nlattr a{};
    a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + size);
    a.nla_type = type;
    append(&a, sizeof a);
    append(data, size);
    bytes_.resize(NLMSG_ALIGN(bytes_.size()));
    return at;
  }
  void closeNest(std::size_t at) {
    const auto len = static_cast<std::uint16_t>(bytes_.size() - at);
    std::memcpy(bytes_.data() + at + offsetof(nlattr, nla_len), &len, sizeof len);
  }
  const std::vector<char>& bytes() {
    const auto len = static_cast<std::uint32_t>(bytes_.size());
    std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_len), &len, sizeof len);
    return bytes_;
  }

 private:
  void append(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }
  std::vector<char> bytes_;
};

bool sendRequest(int fd, GenlRequest& request) {
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  const std::vector<char>& bytes = request.bytes();
  for (;;) {
    const ssize_t n = ::sendto(fd, bytes.data(), bytes.size(), 0,
                               reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
    if (n < 0 && errno == EINTR) continue;
    return n == static_cast<ssize_t>(bytes.size());
  }
}

std::uint32_t u32At(const char* data) {
  std::uint32_t v;
  std::memcpy(&v, data, sizeof v);
  return v;
}

// Reads the replies to the last request until its end (an ack, an error, or the end of a dump),
// handing each message's attributes (after the generic netlink header) to `visit`. False on an
// error from the kernel or the socket.
template <class Visit>
bool receiveReplies(int fd, bool dump, Visit visit) {
  // The kernel fills a dump's datagrams up to the reader's buffer, at most 32 KiB each.
  std::vector<char> buffer(65536);
  for (;;) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    std::size_t left = static_cast<std::size_t>(n);
    const char* at = buffer.data();
    while (left >= sizeof(nlmsghdr)) {
      nlmsghdr h;
      std::memcpy(&h, at, sizeof h);
      if (h.nlmsg_len < sizeof h || h.nlmsg_len > left) return false;
      // A dump's end carries its error: a dump cut short is no answer.
      if (h.nlmsg_type == NLMSG_DONE)
        return h.nlmsg_len < NLMSG_LENGTH(sizeof(int)) || u32At(at + NLMSG_HDRLEN) == 0;
      if (h.nlmsg_type == NLMSG_ERROR) {
        nlmsgerr e;
        if (h.nlmsg_len < NLMSG_LENGTH(sizeof e)) return false;
        std::memcpy(&e, at + NLMSG_HDRLEN, sizeof e);
        return e.error == 0;
      }
      if (h.nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN)) {
        const std::size_t header = NLMSG_HDRLEN + GENL_HDRLEN;
        visit(at + header, h.nlmsg_len - header);
      }
      if (!dump) return true;
      const std::size_t step = NLMSG_ALIGN(h.nlmsg_len);
      if (step >= left) break;
      at += step;
      left -= step;
    }
  }
}

// The id the kernel gave the "ethtool" family, 0 without one.
std::uint16_t ethtoolFamily(int fd) {
  GenlRequest request(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
  request.put(CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME, sizeof ETHTOOL_GENL_NAME);
  if (!sendRequest(fd, request)) return 0;
  std::uint16_t id = 0;
  const bool ok = receiveReplies(fd, false, [&](const char* attrs, std::size_t size) {
    forEachAttr(attrs, static_cast<int>(size), [&](const nlattr* a) {
      if (attrType(a) == CTRL_ATTR_FAMILY_ID)
        if (auto value = attrU16(a)) id = *value;
    });
  });
  return ok ? id : 0;
}

}  // namespace

std::optional<std::unordered_map<int, std::uint32_t>> dumpSpeedsMbps(int genlFd) {
  if (genlFd < 0) return std::nullopt;
  const std::uint16_t family = ethtoolFamily(genlFd);
  if (family == 0) return std::nullopt;
  GenlRequest request(family, NLM_F_DUMP, ETHTOOL_MSG_LINKMODES_GET, ETHTOOL_GENL_VERSION);
  // Compact bit sets: the modes come with every reply, and only the speed is read.
  const std::size_t header = request.put(ETHTOOL_A_LINKMODES_HEADER | NLA_F_NESTED, nullptr, 0);
  const std::uint32_t flags = ETHTOOL_FLAG_COMPACT_BITSETS;
  request.put(ETHTOOL_A_HEADER_FLAGS, &flags, sizeof flags);
  request.closeNest(header);
  if (!sendRequest(genlFd, request)) return std::nullopt;
  std::unordered_map<int, std::uint32_t> speeds;
  const bool ok = receiveReplies(genlFd, true, [&](const char* attrs, std::size_t size) {
    int index = 0;
    std::optional<std::uint32_t> speed;
    forEachAttr(attrs, static_cast<int>(size), [&](const nlattr* a) {
      if (attrType(a) == ETHTOOL_A_LINKMODES_HEADER)
        forEachAttr(attrPayload(a), attrLength(a), [&](const nlattr* inner) {
          if (attrType(inner) == ETHTOOL_A_HEADER_DEV_INDEX)
            if (auto value = attrU32(inner)) index = static_cast<int>(*value);
        });
      else if (attrType(a) == ETHTOOL_A_LINKMODES_SPEED)
        if (auto value = attrU32(a)) speed = *value;
    });
    // As the ioctl's reader: no speed is 0 or SPEED_UNKNOWN.
    if (index > 0 && speed && *speed != 0 && *speed != static_cast<std::uint32_t>(SPEED_UNKNOWN))
      speeds.emplace(index, *speed);
  });
  if (!ok) return std::nullopt;
  return speeds;
}

}  // namespace ifkit::host::nl
