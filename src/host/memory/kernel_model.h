// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/memory/kernel_model.h: a LiveState that HostOps change the way the Linux kernel would.
//
// KernelModel is the simulation behind MemoryHost: it answers each operation with the errno the
// kernel would answer (0 for success) and, on success, changes the state with the kernel's side
// effects. A refused operation changes nothing (the kernel's netlink requests are atomic in the
// cases modelled here).
//
//   KernelModel k(live);
//   int err = k.apply(op::CreateBridge{"br0", {}});   // 0; br0 gets the next ifindex and a MAC
//   err = k.apply(op::DeleteLink{"eth0"});            // EOPNOTSUPP: a NIC cannot be deleted
//
// What is modelled (and what is not) is listed in memory_host.h, the public face.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "host/host_op.h"
#include "host/live_state.h"

namespace ifkit::host::memory {

class KernelModel {
 public:
  // Takes `initial` as the kernel's state; derived fields (operState, carrier) are recomputed
  // from it, so the snapshot of a fresh model may differ from `initial` in those only.
  explicit KernelModel(LiveState initial);

  // 0 on success, else the errno the kernel would answer; a refusal leaves the state unchanged.
  int apply(const HostOp& op);

  const LiveState& state() const { return st_; }

 private:
  // What the kernel keeps about a link that the LiveState does not show.
  struct Hidden {
    bool mtuByUser = false;      // bridge: MTU set explicitly, so no longer the ports' minimum
    bool macByUser = false;      // bridge: MAC set explicitly, so no longer the lowest port MAC
    bool macFromSlave = false;   // bond: MAC taken from its first slave
    bool cable = true;           // NIC stand-in: carrier whenever it is up
    std::uint32_t slaveMtu = 0;  // bond slave: MTU before it was enslaved
    std::optional<MacAddress> slaveMac;  // bond slave: MAC before it was enslaved
  };

  struct Apply;  // the visitor, one member per operation (kernel_model.cpp)

  Link* find(const std::string& name);
  Link* findIndex(int index);
  Link& addLink(Link link);
  MacAddress generateMac();
  void eraseLink(int index);
  void releaseFromMaster(Link& port);
  void flushOnDown(int index);
  void derive();

  LiveState st_;
  std::map<int, Hidden> hidden_;
  int nextIndex_ = 1;
  std::uint32_t macCounter_ = 0;
};

}  // namespace ifkit::host::memory
