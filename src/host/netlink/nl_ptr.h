// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/nl_ptr.h: owning pointers for libnl's objects, so none outlives its scope.
#pragma once

#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>

#include <memory>

namespace ifkit::host::nl {

struct NlSockFree {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
struct NlMsgFree {
  void operator()(nl_msg* m) const { nlmsg_free(m); }
};
struct NlAddrPut {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
struct RtnlLinkPut {
  void operator()(rtnl_link* l) const { rtnl_link_put(l); }
};
struct RtnlAddrPut {
  void operator()(rtnl_addr* a) const { rtnl_addr_put(a); }
};
struct RtnlRoutePut {
  void operator()(rtnl_route* r) const { rtnl_route_put(r); }
};

using NlSock = std::unique_ptr<nl_sock, NlSockFree>;
using NlMsg = std::unique_ptr<nl_msg, NlMsgFree>;
// libnl's objects are reference counted: these hold one reference and drop it.
using NlAddr = std::unique_ptr<nl_addr, NlAddrPut>;
using RtnlLink = std::unique_ptr<rtnl_link, RtnlLinkPut>;
using RtnlAddr = std::unique_ptr<rtnl_addr, RtnlAddrPut>;
using RtnlRoute = std::unique_ptr<rtnl_route, RtnlRoutePut>;

}  // namespace ifkit::host::nl
