// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/live_state.cpp: the lookups that follow ifindex references inside a LiveState.
#include "host/live_state.h"

#include <linux/if_addr.h>

#include <algorithm>

namespace ifkit::host {

bool Address::permanent() const { return (flags & IFA_F_PERMANENT) != 0; }

const Link* LiveState::linkByName(std::string_view name) const {
  auto it = std::find_if(links.begin(), links.end(), [&](const Link& l) { return l.name == name; });
  return it == links.end() ? nullptr : &*it;
}

const Link* LiveState::linkByIndex(int index) const {
  auto it =
      std::find_if(links.begin(), links.end(), [&](const Link& l) { return l.index == index; });
  return it == links.end() ? nullptr : &*it;
}

std::vector<const Link*> LiveState::portsOf(int masterIndex) const {
  std::vector<const Link*> out;
  if (masterIndex == 0) return out;
  for (const Link& l : links)
    if (l.masterIndex == masterIndex) out.push_back(&l);
  return out;
}

std::vector<const Address*> LiveState::addressesOf(int index) const {
  std::vector<const Address*> out;
  for (const Address& a : addresses)
    if (a.index == index) out.push_back(&a);
  return out;
}

std::vector<const Route*> LiveState::defaultRoutesVia(int index) const {
  std::vector<const Route*> out;
  for (const Route& r : defaultRoutes)
    if (r.oifIndex == index) out.push_back(&r);
  return out;
}

}  // namespace ifkit::host
