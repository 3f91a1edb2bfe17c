// src/host/netlink/snapshot.cpp: NetlinkHost::snapshot, three dumps read into one LiveState.
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/ethtool_speed.h"
#include "host/netlink/message.h"
#include "host/netlink/netlink_host.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {
namespace {

// A dump that raced with a change (NLM_F_DUMP_INTR) is retried; this many tries, then give up.
constexpr int kDumpAttempts = 5;

NlMsg linkDumpRequest() {
  ifinfomsg ifi{};
  Message m(RTM_GETLINK, NLM_F_DUMP, ifi);
  // Statistics are the bulk of a link reply and ifkit shows none: leave them out.
  m.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  return m.take();
}

NlMsg addressDumpRequest() {
  ifaddrmsg ifa{};
  return Message(RTM_GETADDR, NLM_F_DUMP, ifa).take();
}

NlMsg routeDumpRequest() {
  rtmsg rtm{};
  Message m(RTM_GETROUTE, NLM_F_DUMP, rtm);
  // With strict checking on (RouteSocket asks for it) the kernel filters by table, sparing the
  // local table's two routes per address; without it the attribute is ignored and
  // readDefaultRoutes filters instead.
  m.putU32(RTA_TABLE, RT_TABLE_MAIN);
  return m.take();
}

}  // namespace

int NetlinkHost::dumpInto(LiveState& st) {
  NlMsg links = linkDumpRequest(), addrs = addressDumpRequest(), routes = routeDumpRequest();
  if (!links || !addrs || !routes) return ENOMEM;
  if (int err = sock_.dump(links.get(), [&](const nlmsghdr* h) {
        if (auto l = readLink(h)) st.links.push_back(std::move(*l));
      }))
    return err;
  if (int err = sock_.dump(addrs.get(), [&](const nlmsghdr* h) {
        if (auto a = readAddress(h)) st.addresses.push_back(*a);
      }))
    return err;
  return sock_.dump(routes.get(),
                    [&](const nlmsghdr* h) { readDefaultRoutes(h, st.defaultRoutes); });
}

Result<LiveState> NetlinkHost::snapshot() {
  LiveState st;
  int err = 0;
  for (int attempt = 0; attempt < kDumpAttempts; ++attempt) {
    st = LiveState();
    err = dumpInto(st);
    if (err != EINTR) break;
  }
  if (err) return hostError("read the interfaces of network namespace '" + ns_.label() + "'", err);
  for (Link& link : st.links) {
    if (link.up && link.kind != LinkKind::Loopback)
      link.speedMbps = readSpeedMbps(ioctlFd_.get(), link.name);
  }
  return st;
}

}  // namespace ifkit::host::nl
