// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan.h: from a definition and the live host to the ordered operations that start or
// stop it, each with its undo; the planner's whole public face.
//
//   auto plan = planStart(def, host.snapshot().value());
//   if (!plan) return plan.error();            // the host cannot take this definition
//   std::cout << formatPlan(*plan);            // --dry-run: one describe() line per operation
//   std::vector<HostOp> ops = plan->ops();
//   for (std::size_t i = 0; i < ops.size(); ++i) {
//     if (Status st = host.apply(ops[i]); !st.ok()) {
//       for (const HostOp& back : planUndo(*plan, i)) (void)host.apply(back);  // best effort
//       return st.error();
//     }
//   }
//   auto differences = verifyStart(def, host.snapshot().value(), dhcpRunning);  // verify_start.h
//   if (!differences.empty()) { /* undo all: planUndo(*plan, ops.size()) */ }
//
// Plans are plain values, computed by pure functions: the same inputs give the same plan, in the
// same order, every time. Nothing here touches a host.
//
// What start does (planStart):
//   1. Creates the bridges, bonds and VLANs of the definition that the host lacks, inner ones
//      first (a bond before the bridge it is a port of, a VLAN's parent before the VLAN), in the
//      definition's order otherwise. A new bridge gets its stp and delay (seconds in libvirt,
//      centiseconds for the kernel), a new bond its mode and its MII or ARP monitor.
//   2. Settings, inner interfaces first: bridge and bond settings of a device that already
//      exists where they differ; the MTU on every interface of the tree that is not a bond
//      slave (libvirt's nested interfaces inherit the top-level MTU; a bond sets its slaves'
//      MTU itself, and puts their own back when it lets them go); the MAC of an ethernet
//      interface that is not a bond slave, the link brought down first if it is up (NICs refuse
//      a MAC change while running); IPv6 autoconf of the top-level interface when the definition
//      has an ipv6 protocol (before the link comes up, so no router advertisement is acted on
//      with the wrong setting).
//   3. Enslaves members to their bridge and slaves to their bond, bringing a bond slave down
//      first (the kernel refuses to enslave a running link; the bond opens it again); a bond
//      slave that phase 6 takes over is enslaved last (see there).
//   4. Brings up, inner first, every interface of the tree that is down, and the parent of a
//      VLAN when that parent is outside the definition and down (a VLAN carries nothing over a
//      parent that is down; this is what initscripts' ifup did for libvirt's netcf backend).
//   5. Adds the top-level addresses the host lacks (after the link is up: bringing a link down
//      flushes its IPv6 addresses), then the default route via each protocol's gateway.
//   6. Takes the members over: a member or slave that carries global addresses or default
//      routes (the NIC the host is reached through, about to become a port) hands them to the
//      top-level interface. Its configured addresses and IPv4 leases are added there (IPv6
//      without duplicate address detection: the address is in use on this segment; those the
//      definition does not name move too, or whoever reaches the host through them is cut off),
//      its default routes are replaced by the definition's of the same family or moved with
//      their metric and origin, and last its addresses are removed (a port carries no IP). A
//      bridge or bond made over such a member (or a bridge over such a bond) is given that
//      member's MAC, so that neighbours' ARP caches and a DHCP server's lease stay valid. Such a
//      bond slave is brought down and enslaved only then, after its addresses are removed: the
//      host is cut off from bringing it down (which flushes its IPv6 addresses and routes)
//      until the bond has it, and not while the bond and the bridge are made and opened. Each
//      step's undo, played last first by a stop, gives the member back to itself, up, with its
//      addresses and routes, before the bridge or bond lets the rest go.
//   DHCP has no host operation yet: a protocol with <dhcp/> is listed in Plan::dhcp.
//   After the plan is applied whole, the driver reads the host again and checks the definition
//   holds (verifyStart, verify_start.h: what is checked, and what a real kernel changes on its
//   own that is not a difference); a difference undoes the start, as a refusal does.
//
// An interface that already exists is adjusted, not replaced: start changes only what differs
// from the definition, and what the definition leaves out (extra addresses, extra bridge ports,
// bond settings it does not name, IPv6 autoconf without an ipv6 protocol) stays as it is. A
// definition the host already matches plans nothing.
//
// A missing address prefix defaults to the classful length for IPv4 (8, 16 or 24 for classes
// A, B and C; 32 otherwise) and to 64 for IPv6: what initscripts' ipcalc and ifup gave
// libvirt's netcf backend for an address without one.
//
// What stop does, from the record of the start (planStopRecorded, start_record.h): undoes what
// that start did and nothing else. The record holds each step the start applied with its undo;
// stop walks them last first, against a fresh snapshot, and for each step whose effect is still
// in place (the bridge it made is there, the member still has the master it was given, the MTU
// still the one it set, the address it added still there) plays the undo operations that still
// have something to do: the devices start made are deleted, the members it enslaved released,
// the old MTU and MAC put back, the addresses and default routes it added removed, the links it
// brought up taken down, the addresses and routes it took from a member given back. What was there before start (a bridge, an address, a member) stays; a
// step undone by hand meanwhile (a device deleted, an address removed, a member released) is
// skipped rather than refused; a member or slave someone has put under another master since is
// theirs, and nothing start did to it is undone; a device is deleted only while it is a bridge,
// bond or VLAN, never a NIC nor a veth, whatever the record says. The DHCP clients the
// start ran are stopped; then the top-level interface is down, and so are the definition's
// ethernet interfaces that are up without a master (an undo that would bring one of them up is
// left out: it would only flap), except a NIC whose addresses the start took over: it is given
// back as it was, up, and the host is reached through it again; such a NIC, when it is a
// bridge's port, leaves the bridge first, before the reverse walk gives it its addresses back
// (an ARP request sent through a port is answered to the bridge). A device stop deletes keeps its settings until then (putting
// its MTU back first would only cost an operation).
//
// What stop does without a record (planStop: an interface started by hand, or by an ifkit before
// records, or whose record is lost), for a top-level interface that exists (else the plan is
// empty): removes the default routes via the definition's gateways and the definition's
// addresses; brings the top-level interface down; releases every member and slave of the
// definition from its bridge or bond; deletes the definition's bridges, bonds and VLANs that
// exist, outer ones first (deleting every virtual device the definition names, whoever made it:
// nothing says who did); brings down the ethernet interfaces of the tree that are still up. It
// never deletes a physical NIC (nor a veth), and leaves a VLAN's parent from outside the
// definition, and the MTU and MAC start gave a NIC, as they are (nothing in the definition or
// the host says what they were).
//
// Errors, before any operation: the conf::checkForHost error (VIR_ERR_XML_ERROR) for values no
// host can take, and at start for what ifkit cannot do (DHCPv6); otherwise
// VIR_ERR_OPERATION_FAILED, with the errno the kernel would have answered in Error::sysErrno,
// for a definition this host cannot take: a member or VLAN parent that is missing (ENODEV), a
// name taken by a link of another kind (EEXIST), a member attached to a master outside the
// definition (EBUSY), a bond whose mode differs and cannot change under its slaves (EBUSY), a
// VLAN MTU above its parent's (ERANGE), a default route of the family at the kernel's metric
// via another gateway (EEXIST), an interface named twice (EINVAL). OPERATION_FAILED and not
// OPERATION_INVALID: the interface is not in the wrong state (that is the driver's check, start
// of an active interface), the host lacks what the definition needs, exactly as if the kernel
// had refused the operation; the driver maps both the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "host/dhcp/dhcp_identity.h"
#include "host/host_op.h"
#include "host/live_state.h"
#include "ifkit/error.h"

namespace ifkit::plan {

// One operation and the operations that undo it, computed from the state the plan expects just
// before it (the previous MTU, MAC, master, up state, bridge or bond settings, and what the
// kernel drops as a side effect, such as the IPv6 addresses of a link brought down).
struct Step {
  host::HostOp op;
  std::vector<host::HostOp> undo;  // in order; empty when there is nothing to put back

  bool operator==(const Step&) const = default;
};

// A DHCP client the definition asks for (start) or that stopping ends; no HostOp does this yet.
struct DhcpRequest {
  std::string name;
  host::IpFamily family = host::IpFamily::V4;
  std::optional<bool> peerDns;
  bool start = true;  // false: stop it
  // A stop that keeps the lease: the client goes without releasing it, and its address and
  // route stay for the plan's steps to move to the link's new master, whose own client takes
  // the same lease over (the master has the link's MAC). Releasing it would cut the host off
  // and might lose the address to another client.
  bool handOver = false;
  // A start that continues the lease another DHCP client held for the address the link takes
  // over (or that an earlier start continued): the client presents that client's identity. Set
  // by the driver, which reads the other clients' files and keeps it; the planner leaves it out.
  std::optional<host::DhcpIdentity> identity = std::nullopt;

  bool operator==(const DhcpRequest&) const = default;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<DhcpRequest> dhcp;
  // What the user must know of a plan that does what was asked (a route moved live that the
  // definition cannot hold): dry-run prints them, a start warns with them.
  std::vector<std::string> notes;

  std::vector<host::HostOp> ops() const;
  bool empty() const { return steps.empty() && dhcp.empty(); }
  bool operator==(const Plan&) const = default;
};

Result<Plan> planStart(const conf::InterfaceDef& def, const host::LiveState& live);
Result<Plan> planStop(const conf::InterfaceDef& def, const host::LiveState& live);
struct StartRecord;  // start_record.h
Plan planStopRecorded(const StartRecord& record, const host::LiveState& live);

// The operations that put the host back after the first `applied` steps of `plan` succeeded and
// the next one failed: the undo of each applied step, last step first. A failed operation is
// taken to have changed nothing (each is one netlink request, and the kernel refuses those
// whole; a SetBond of several settings is the exception). Undo is exact for what plans change,
// with three limits: an accept_ra of 2 comes back as 1, a DHCP lease a member handed over comes
// back as a configured address, and a learnt IPv6 address (SLAAC) removed from a member is
// learnt again from the next router advertisement, not configured by the undo.
std::vector<host::HostOp> planUndo(const Plan& plan, std::size_t applied);

// The dry-run text: one line per operation, exactly as host::describe() prints it, then one
// "# " comment line per DHCP request ("# start DHCP (ipv4) on 'br0': no host operation yet").
std::string formatPlan(const Plan& plan);
// One describe() line per operation.
std::string formatOps(const std::vector<host::HostOp>& ops);

}  // namespace ifkit::plan
