// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/live_index.cpp: one walk over a LiveState, then lookups by hash.
#include "host/live_index.h"

namespace ifkit::host {
namespace {

template <class T>
std::span<const T* const> find(const std::unordered_map<int, std::vector<const T*>>& map, int key) {
  auto it = map.find(key);
  if (it == map.end()) return {};
  return it->second;
}

}  // namespace

LiveIndex::LiveIndex(std::shared_ptr<const LiveState> state) : state_(std::move(state)) {
  for (const Link& l : state_->links) {
    byName_.emplace(l.name, &l);
    byIndex_.emplace(l.index, &l);
    if (l.masterIndex != 0) portsByMaster_[l.masterIndex].push_back(&l);
  }
  for (const Address& a : state_->addresses) addressesByLink_[a.index].push_back(&a);
  for (const Route& r : state_->defaultRoutes) routesByLink_[r.oifIndex].push_back(&r);
}

LiveIndex LiveIndex::borrowing(const LiveState& state) {
  // An owner-less shared_ptr: the aliasing constructor with an empty owner never deletes.
  return LiveIndex(std::shared_ptr<const LiveState>(std::shared_ptr<const void>(), &state));
}

const Link* LiveIndex::linkByName(std::string_view name) const {
  auto it = byName_.find(name);
  return it == byName_.end() ? nullptr : it->second;
}

const Link* LiveIndex::linkByIndex(int index) const {
  auto it = byIndex_.find(index);
  return it == byIndex_.end() ? nullptr : it->second;
}

std::span<const Link* const> LiveIndex::portsOf(int masterIndex) const {
  return find(portsByMaster_, masterIndex);
}

std::span<const Address* const> LiveIndex::addressesOf(int index) const {
  return find(addressesByLink_, index);
}

std::span<const Route* const> LiveIndex::defaultRoutesVia(int index) const {
  return find(routesByLink_, index);
}

}  // namespace ifkit::host
