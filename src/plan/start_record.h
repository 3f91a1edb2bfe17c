// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/start_record.h: what a start did to the host, kept as data until the stop that undoes
// it (planStopRecorded, plan.h), and its text form.
//
//   auto plan = planStart(def, live);                       // applied whole
//   StartRecord record = recordStart(def, *plan);           // kept beside the host
//   std::string text = record.serialize();
//   ...
//   auto back = StartRecord::parse(text);                   // at stop
//   Plan stop = planStopRecorded(*back, host.snapshot().value());
//
// A record holds every step the start applied with its undo (the undo computed before the step,
// so the record says what was there before: the old MTU, MAC, master), the DHCP clients it
// started, the master the start left each member and slave of the definition with, and the
// ethernet interfaces of the definition, which stop takes down. It needs no definition: an
// interface undefined after its start still stops as it started.
//
// Text, one line each: "interface NAME", then "step OP" followed by that step's "undo OP" lines
// (OP as host::opText writes it), "dhcp NAME", "dhcp-from NAME", "member NAME MASTER",
// "nic NAME".
#pragma once

#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "ifkit/error.h"
#include "plan/plan.h"

namespace ifkit::plan {

// A member or slave of the definition, and the bridge or bond the start left it in.
struct Membership {
  std::string name;
  std::string master;

  bool operator==(const Membership&) const = default;
};

struct StartRecord {
  std::string name;                      // the top-level interface
  std::vector<Step> steps;               // in the order they were applied
  std::vector<std::string> dhcpClients;  // links where the start ran ifkit's DHCP client
  // Members whose DHCP client the start stopped, keeping the lease for the top-level interface's
  // client: stop hands it back to them.
  std::vector<std::string> dhcpHandedOver;
  std::vector<Membership> members;
  std::vector<std::string> nics;  // the definition's ethernet interfaces

  // A later start of the same interface (after it went down without ifkit's stop): its steps
  // come after ours, so a stop undoes the later start first, then what is left of this one.
  void append(const StartRecord& later);

  std::string serialize() const;
  // INTERNAL_ERROR "malformed start record line: ..." for a line serialize() does not write.
  static Result<StartRecord> parse(const std::string& text);

  bool operator==(const StartRecord&) const = default;
};

// The record of `plan`, applied whole, as the start of `def`.
StartRecord recordStart(const conf::InterfaceDef& def, const Plan& plan);

}  // namespace ifkit::plan
