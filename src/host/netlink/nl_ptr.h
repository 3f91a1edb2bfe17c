// src/host/netlink/nl_ptr.h: owning pointers for libnl's objects, so none outlives its scope.
#pragma once

#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include <memory>

namespace ifkit::host::nl {

struct NlSockFree {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
struct NlMsgFree {
  void operator()(nl_msg* m) const { nlmsg_free(m); }
};
struct NlCbPut {
  void operator()(nl_cb* c) const { nl_cb_put(c); }
};

using NlSock = std::unique_ptr<nl_sock, NlSockFree>;
using NlMsg = std::unique_ptr<nl_msg, NlMsgFree>;
using NlCb = std::unique_ptr<nl_cb, NlCbPut>;

}  // namespace ifkit::host::nl
