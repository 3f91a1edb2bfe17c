// src/host/netlink/view.cpp: NetlinkHost::view and readLinkNow, reading less than a snapshot.
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/ethtool_speed.h"
#include "host/netlink/message.h"
#include "host/netlink/netlink_host.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {

Result<std::shared_ptr<const LiveState>> NetlinkHost::view() {
  // Asked before reading, so that a change racing with the dump below is announced after it
  // and makes the next call read again.
  const bool changed = !watch_ || watch_->changedSinceLastAsked();
  if (view_ && !changed) return view_;
  auto fresh = snapshot();
  if (!fresh) return std::move(fresh).error();
  view_ = std::make_shared<const LiveState>(std::move(*fresh));
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
  int err = sock_.get(request.get(), [&](nl_msg* reply) { link = readLink(reply); });
  if (err == ENODEV) return std::optional<Link>();
  if (err)
    return hostError("read link '" + name + "' of network namespace '" + ns_.label() + "'", err);
  if (link && link->up && link->kind != LinkKind::Loopback)
    link->speedMbps = readSpeedMbps(ioctlFd_.get(), link->name);
  return link;
}

}  // namespace ifkit::host::nl
