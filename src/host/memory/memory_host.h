// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/memory/memory_host.h: a simulated host for unit tests, with failures on demand.
//
// MemoryHost is a HostBackend (host/host_backend.h) that keeps a LiveState in memory and applies
// HostOps to it as the kernel would, answering with the same errors the netlink backend gives
// (OPERATION_FAILED, "cannot <describe(op)>: <strerror>", sysErrno = the kernel's errno). It
// needs no root and no kernel, so planner and driver tests can start, stop and roll back against
// it, and check a half-applied start by making one operation fail.
//
//   MemoryHost host(live);                       // live: a LiveState fixture
//   host.failNth(2, EPERM);                      // the third operation from now fails
//   host.failWhen([](const HostOp& op) { return std::holds_alternative<op::SetMtu>(op); },
//                 EINVAL);                       // every MTU change fails
//   host.ignoreWhen([](const HostOp& op) { return std::holds_alternative<op::SetMac>(op); });
//                                                // every MAC change "succeeds", changing nothing
//   Status st = host.apply(op::CreateBridge{"br0", {}});
//   LiveState now = host.snapshot().value();
//
// What the simulation models, as the kernel does it:
//   - Links: a new bridge or bond gets the next ifindex (never reused) and a generated MAC
//     (02:00:5e:..., deterministic); a VLAN takes its parent's MAC and MTU; bridges start with
//     STP off and a 15 s forward delay, bonds in balance-rr with miimon 100; new links have IPv6
//     with accept_ra=1, autoconf=1, forwarding=0 (net.ipv6.conf.default's defaults). Names are
//     checked (EINVAL) and unique (EEXIST); VLAN ids 4095 and up are refused (ERANGE), a second
//     VLAN with the same id on a parent (EEXIST).
//   - Only bridges, bonds and VLANs can be deleted; Ethernet, veth (the NIC stand-ins),
//     loopback and other kinds answer EOPNOTSUPP. Deleting a link releases its ports, deletes
//     the VLANs on it, and removes its addresses and routes.
//   - Masters: a bond takes only a slave that is down (EPERM), opens it, sets its MTU to its own
//     and gives it its MAC (or, for the first slave, takes the slave's); releasing restores the
//     slave's MTU and MAC and closes it. No bridge in a bridge (ELOOP), no loops (EBUSY). A
//     bridge's MTU is its ports' minimum (1500 with none) and its MAC the lowest port MAC, until
//     either is set explicitly.
//   - MTU: 68..65535 (EINVAL); a VLAN no larger than its parent (ERANGE); a bond sets its
//     slaves' MTU; a parent's smaller MTU shrinks its VLANs.
//   - MAC: refused on a NIC stand-in that is up (EBUSY), invalid (zero, multicast) addresses
//     refused (EADDRNOTAVAIL).
//   - Up/down: down drops the link's IPv6 addresses (keep_addr_on_down=0) and its routes.
//     operState and carrier are derived: a NIC is up with carrier when administratively up (its
//     cable is assumed plugged unless the initial state showed it up without carrier); a bridge
//     or bond when up with a port or slave up; a VLAN is lowerlayerdown when its parent is.
//   - Bridge: forward delay within 2..30 s while STP is on (ERANGE). Bond: a mode change needs
//     no slaves (ENOTEMPTY) and the bond down (EBUSY); miimon and arp_interval exclude each other.
//   - Addresses: EEXIST for one already there, EACCES for IPv6 where IPv6 is off,
//     EADDRNOTAVAIL to remove one that is not there; removing the last IPv4 address removes the
//     link's IPv4 routes. Routes: the link must be up (ENETDOWN) and the gateway on a subnet of
//     one of its addresses (or IPv6 link-local) (ENETUNREACH); one default route per family at
//     the kernel's default metric (EEXIST); removing a missing one: ESRCH.
//   - IPv6 autoconf sets accept_ra and autoconf together, as the netlink backend does; a link
//     without IPv6 answers ENODEV.
// Not modelled: link-local and SLAAC addresses (no routers here), DHCP, carrier changes,
// the IPv6 minimum MTU, bridge port states and timers.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "host/host_backend.h"
#include "host/memory/kernel_model.h"

namespace ifkit::host::memory {

class MemoryHost final : public HostBackend {
 public:
  explicit MemoryHost(LiveState initial = {}) : kernel_(std::move(initial)) {}

  Result<LiveState> snapshot() override { return kernel_.state(); }
  // One operation: OPERATION_FAILED with the kernel's errno when refused or made to fail.
  Status apply(const HostOp& op) override;
  // Each operation in order, one Status each; a failure does not stop the later ones, as with
  // the netlink backend.
  std::vector<Status> applyBatch(std::span<const HostOp> ops) override;

  // The n-th operation from now (0 = the next one) fails with `err` and changes nothing.
  void failNth(std::size_t n, int err);
  // Every operation for which `match` is true fails with `err`, until clearFailures().
  void failWhen(std::function<bool(const HostOp&)> match, int err);
  // Every operation for which `match` is true is answered success and changes nothing, until
  // clearFailures(): a driver that takes a setting and ignores it, or another program that puts
  // it back at once. Only a look at the host again (verify after apply) tells.
  void ignoreWhen(std::function<bool(const HostOp&)> match);
  void clearFailures();

  // Operations offered so far (applied, refused, made to fail or ignored).
  std::size_t opsSeen() const { return seen_; }
  // The operations that succeeded (ignored ones too: so they were answered), in order.
  const std::vector<HostOp>& journal() const { return journal_; }
  const LiveState& state() const { return kernel_.state(); }

 private:
  struct Rule {
    std::optional<std::size_t> at;             // an opsSeen() value
    std::function<bool(const HostOp&)> match;  // when `at` is unset
    int err = 0;                               // 0: answered success without effect
  };
  std::optional<int> injected(const HostOp& op) const;

  KernelModel kernel_;
  std::vector<Rule> rules_;
  std::vector<HostOp> journal_;
  std::size_t seen_ = 0;
};

}  // namespace ifkit::host::memory
