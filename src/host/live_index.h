// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/live_index.h: the lookups of a LiveState in logarithmic time, for a picture that is
// asked many questions.
//
// LiveState's own lookups (linkByName, portsOf, ...) walk its vectors: right for one question,
// quadratic for the live XML of every one of 12,000 links. A LiveIndex sorts pointers into them
// once and searches those; its answers are in the same order as LiveState's (the kernel's dump
// order).
//
//   host::LiveIndex index(view);                 // view: std::shared_ptr<const LiveState>
//   if (const Link* br = index.linkByName("br0"))
//     for (const Link* port : index.portsOf(br->index)) std::cout << port->name << '\n';
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "host/live_state.h"

namespace ifkit::host {

class LiveIndex {
 public:
  explicit LiveIndex(std::shared_ptr<const LiveState> state);
  // Indexes a state the caller keeps alive for the index's whole life.
  static LiveIndex borrowing(const LiveState& state);

  const LiveState& state() const { return *state_; }
  const std::shared_ptr<const LiveState>& shared() const { return state_; }

  const Link* linkByName(std::string_view name) const;
  const Link* linkByIndex(int index) const;
  std::span<const Link* const> portsOf(int masterIndex) const;  // bridge ports, bond slaves
  std::span<const Address* const> addressesOf(int index) const;
  std::span<const Route* const> defaultRoutesVia(int index) const;

 private:
  std::shared_ptr<const LiveState> state_;
  // Pointers into state_, each list sorted by what it is searched by, equal keys in the dump's
  // order. Sorted lists rather than hash maps, whose every entry is a node of its own: a listing
  // of 750 links wrote 90 KiB of index, 22 pages that a process pays a fault each for (10 us
  // and more in a VM); these lists are 8 bytes an entry.
  std::vector<const Link*> byName_;
  std::vector<const Link*> byIndex_;
  std::vector<const Link*> portsByMaster_;  // the links that have a master
  std::vector<const Address*> addressesByLink_;
  std::vector<const Route*> routesByLink_;
};

}  // namespace ifkit::host
