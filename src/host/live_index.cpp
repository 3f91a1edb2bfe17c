// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/live_index.cpp: one walk over a LiveState, then lookups by binary search.
#include "host/live_index.h"

#include <algorithm>

namespace ifkit::host {
namespace {

// Pointers to `items` that `keep` keeps, sorted by `key`; equal keys stay in the items' order.
template <class T, class Key, class Keep>
std::vector<const T*> sortedBy(const std::vector<T>& items, Key key, Keep keep) {
  std::vector<const T*> out;
  out.reserve(items.size());
  for (const T& item : items)
    if (keep(item)) out.push_back(&item);
  std::stable_sort(out.begin(), out.end(),
                   [&](const T* a, const T* b) { return key(a) < key(b); });
  return out;
}

template <class T, class Key>
std::vector<const T*> sortedBy(const std::vector<T>& items, Key key) {
  return sortedBy(items, key, [](const T&) { return true; });
}

// The entries of `sorted` whose key is `value`.
template <class T, class Value, class Key>
std::span<const T* const> equalRange(const std::vector<const T*>& sorted, const Value& value,
                                     Key key) {
  // Not std::ranges::equal_range: clang 14 (the fuzz build) cannot compile libstdc++ 12's
  // subrange.
  const auto first = std::partition_point(sorted.begin(), sorted.end(),
                                          [&](const T* item) { return key(item) < value; });
  const auto last = std::partition_point(first, sorted.end(),
                                         [&](const T* item) { return !(value < key(item)); });
  return {first, last};
}

constexpr auto kName = [](const Link* l) { return std::string_view(l->name); };
constexpr auto kIndex = [](const Link* l) { return l->index; };
constexpr auto kMaster = [](const Link* l) { return l->masterIndex; };
constexpr auto kAddressLink = [](const Address* a) { return a->index; };
constexpr auto kRouteLink = [](const Route* r) { return r->oifIndex; };

// The first entry whose key is `value`, if any.
template <class Value, class Key>
const Link* first(const std::vector<const Link*>& sorted, const Value& value, Key key) {
  auto found = equalRange(sorted, value, key);
  return found.empty() ? nullptr : found.front();
}

}  // namespace

LiveIndex::LiveIndex(std::shared_ptr<const LiveState> state)
    : state_(std::move(state)),
      byName_(sortedBy(state_->links, kName)),
      byIndex_(sortedBy(state_->links, kIndex)),
      portsByMaster_(sortedBy(state_->links, kMaster,
                              [](const Link& l) { return l.masterIndex != 0; })),
      addressesByLink_(sortedBy(state_->addresses, kAddressLink)),
      routesByLink_(sortedBy(state_->defaultRoutes, kRouteLink)) {}

LiveIndex LiveIndex::borrowing(const LiveState& state) {
  // An owner-less shared_ptr: the aliasing constructor with an empty owner never deletes.
  return LiveIndex(std::shared_ptr<const LiveState>(std::shared_ptr<const void>(), &state));
}

const Link* LiveIndex::linkByName(std::string_view name) const {
  return first(byName_, name, kName);
}

const Link* LiveIndex::linkByIndex(int index) const { return first(byIndex_, index, kIndex); }

std::span<const Link* const> LiveIndex::portsOf(int masterIndex) const {
  if (masterIndex == 0) return {};  // "no master" is not a master
  return equalRange(portsByMaster_, masterIndex, kMaster);
}

std::span<const Address* const> LiveIndex::addressesOf(int index) const {
  return equalRange(addressesByLink_, index, kAddressLink);
}

std::span<const Route* const> LiveIndex::defaultRoutesVia(int index) const {
  return equalRange(routesByLink_, index, kRouteLink);
}

}  // namespace ifkit::host
