// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: the readers of the kernel's replies (host/netlink/readers.h). ifkit reads
// links, addresses and routes by hand (host/netlink/attr.h): whatever bytes a reply holds, a
// reader gives a value or nothing, never reads past the message, never crashes.
// Seeds: fuzz/seeds/netlink_replies, replies of a real kernel (a bridge and its port, a veth, a
// vxlan, addresses of both families and with a peer, a multipath default route, an IPv6
// default route, prefix and static routes); host_test checks each is read as the kernel meant.
#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "host/netlink/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The receive loop hands on a message only as nlmsg_ok() accepts it: a header whose length
  // covers the header and fits the bytes received. The input, whole, is that message.
  if (size < sizeof(nlmsghdr) || size > UINT32_MAX) return 0;
  std::vector<std::uint32_t> aligned((size + 3) / 4);  // as the kernel's buffers are aligned
  std::memcpy(aligned.data(), data, size);
  auto* h = reinterpret_cast<nlmsghdr*>(aligned.data());
  h->nlmsg_len = static_cast<std::uint32_t>(size);
  using namespace ifkit::host;
  (void)nl::readLink(h);
  (void)nl::readAddress(h);
  std::vector<Route> routes;
  nl::readDefaultRoutes(h, routes);
  std::vector<StaticRoute> statics;
  nl::readStaticRoutes(h, statics);
  return 0;
}
