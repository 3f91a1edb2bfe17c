// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/view.cpp: NetlinkHost::view, readLinkNow and readSpeedMbps, reading less than
// a snapshot.
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <cerrno>

#include "host/answer_freshness.h"
#include "host/host_error.h"
#include "host/netlink/ethtool_speed.h"
#include "host/netlink/ethtool_speeds_dump.h"
#include "host/netlink/message.h"
#include "host/netlink/netlink_host.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {

void NetlinkHost::forgetViewIfChanged() {
  // A script's questions come tens of microseconds apart: one look serves those that follow it
  // closely (host/answer_freshness.h). apply() drops view_, so this host's own changes are seen.
  if (view_ && freshEnough(lastDrained_)) return;
  // Asked before reading, so that a change racing with the dumps that follow is announced after
  // them and makes the next call read again.
  const bool changed = !watch_ || watch_->changedSinceLastAsked();
  if (changed) {
    view_.reset();
    speeds_.reset();
  }
  lastDrained_ = std::chrono::steady_clock::now();
}

Result<std::shared_ptr<const LiveState>> NetlinkHost::view() {
  forgetViewIfChanged();
  if (view_ && !viewHasLinksOnly_) return view_;
  LiveState fresh;
  Dumps which = Dumps::All;
  if (view_) {  // the links, unchanged since: the addresses and routes are what is missing
    fresh.links = view_->links;
    which = Dumps::AddressesAndRoutes;
  }
  if (int err = dumpInto(fresh, which))
    return hostError("read the interfaces of network namespace '" + ns_.label() + "'", err);
  view_ = std::make_shared<const LiveState>(std::move(fresh));
  viewHasLinksOnly_ = false;
  return view_;
}

Result<std::shared_ptr<const LiveState>> NetlinkHost::viewOfLinks() {
  forgetViewIfChanged();
  if (view_) return view_;
  LiveState fresh;
  if (int err = dumpInto(fresh, Dumps::Links))
    return hostError("read the interfaces of network namespace '" + ns_.label() + "'", err);
  view_ = std::make_shared<const LiveState>(std::move(fresh));
  viewHasLinksOnly_ = true;
  return view_;
}

Result<std::optional<Link>> NetlinkHost::readLinkNow(const std::string& name) {
  // The kernel's names are at most 15 bytes; a longer one would be refused as EINVAL, not ENODEV.
  if (name.empty() || name.size() >= IFNAMSIZ) return std::optional<Link>();
  ifinfomsg ifi{};
  Message m(RTM_GETLINK, 0, ifi);
  m.putString(IFLA_IFNAME, name);
  m.putU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  NlMsg request = m.take();
  if (!request) return hostError("read link '" + name + "'", ENOMEM);
  std::optional<Link> link;
  int err = sock_.get(request.get(), [&](const nlmsghdr* reply) { link = readLink(reply); });
  if (err == ENODEV) return std::optional<Link>();
  if (err)
    return hostError("read link '" + name + "' of network namespace '" + ns_.label() + "'", err);
  return link;
}

std::optional<std::uint32_t> NetlinkHost::readSpeedMbps(const Link& link) {
  // Asked only of links that are up, as /sys/class/net/X/speed answers only for those.
  if (!link.up || link.kind == LinkKind::Loopback) return std::nullopt;
  // The dump answers for the view's links; one the view does not have (read by readLinkNow
  // after it) is asked of alone.
  if (speedsByDump_ && view_ && !speeds_) {
    speeds_ = dumpSpeedsMbps(genlFd_.get());
    if (!speeds_) speedsByDump_ = false;  // never again: its socket may hold an unread reply
  }
  if (speeds_ && view_ && link.index > 0) {
    const auto found = speeds_->find(link.index);
    if (found == speeds_->end()) return std::nullopt;
    return found->second;
  }
  return nl::readSpeedMbps(ioctlFd_.get(), link.name);
}

}  // namespace ifkit::host::nl
