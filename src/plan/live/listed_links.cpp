// SPDX-License-Identifier: LGPL-2.1-or-later
// Which kernel links are listed on their own, and which are tun/tap devices.
#include "plan/live/listed_links.h"

namespace ifkit::plan {

bool isTunOrTap(const host::Link& link) { return link.kindName == "tun"; }

bool isListedOnItsOwn(const host::LiveIndex& live, const host::Link& link) {
  if (link.kind == host::LinkKind::Loopback || isTunOrTap(link)) return false;
  if (link.masterIndex == 0) return true;
  const host::Link* master = live.linkByIndex(link.masterIndex);
  return master == nullptr || (!master->bridge() && !master->bond());
}

}  // namespace ifkit::plan
