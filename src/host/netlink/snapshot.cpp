// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/snapshot.cpp: NetlinkHost::snapshot, three dumps read into one LiveState.
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/message.h"
#include "host/netlink/netlink_host.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {
namespace {

// A dump that raced with a change (NLM_F_DUMP_INTR) is read again, that class alone: a namespace
// whose links just came up keeps changing its IPv6 addresses for a second or two (duplicate
// address detection on every link), and a host with thousands of links takes milliseconds per
// dump, so a few quick tries are not always enough. Between tries the wait grows by 1 ms:
// at most 20 tries, about 0.2 s in all, then the kernel's EINTR is the answer.
constexpr int kDumpAttempts = 20;

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

int NetlinkHost::dumpInto(LiveState& st, Dumps which) {
  NlMsg links = linkDumpRequest(), addrs = addressDumpRequest(), routes = routeDumpRequest();
  if (!links || !addrs || !routes) return ENOMEM;
  auto consistent = [this](nl_msg* request, auto clear, auto read) {
    int err = 0;
    for (int attempt = 0; attempt < kDumpAttempts; ++attempt) {
      if (attempt > 0) ::usleep(static_cast<useconds_t>(attempt) * 1000);
      clear();
      err = sock_.dump(request, read);
      if (err != EINTR) break;
    }
    return err;
  };
  // Room for as many links as the last dump found (netlink_host.h): growing the vector link by
  // link moves and touches every link again at each doubling.
  if (which != Dumps::AddressesAndRoutes) st.links.reserve(lastLinkCount_);
  if (which != Dumps::AddressesAndRoutes)
    if (int err = consistent(
            links.get(), [&] { st.links.clear(); },
            [&](const nlmsghdr* reply) {
              if (auto l = readLink(reply)) st.links.push_back(std::move(*l));
            }))
      return err;
  if (which != Dumps::AddressesAndRoutes) lastLinkCount_ = st.links.size();
  if (which == Dumps::Links) return 0;
  if (int err = consistent(
          addrs.get(), [&] { st.addresses.clear(); },
          [&](const nlmsghdr* reply) {
            if (auto a = readAddress(reply)) st.addresses.push_back(*a);
          }))
    return err;
  if (int err = consistent(
          routes.get(),
          [&] {
            st.defaultRoutes.clear();
            st.staticRoutes.clear();
          },
          [&](const nlmsghdr* reply) {
            readDefaultRoutes(reply, st.defaultRoutes);
            readStaticRoutes(reply, st.staticRoutes);
          }))
    return err;
  keepOnlySomebodysPrefixRoutes(st);
  return 0;
}

Result<LiveState> NetlinkHost::snapshot() {
  LiveState st;
  if (int err = dumpInto(st, Dumps::All))
    return hostError("read the interfaces of network namespace '" + ns_.label() + "'", err);
  return st;
}

}  // namespace ifkit::host::nl
