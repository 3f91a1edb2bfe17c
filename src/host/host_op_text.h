// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/host_op_text.h: host operations as text that reads back exactly, for records that
// outlive the process (what a start did, kept until the stop that undoes it).
//
//   std::string line = opText(op::SetMtu{"eth0", 1500});  // "set-mtu eth0 mtu=1500"
//   std::optional<HostOp> back = parseOpText(line);        // == op::SetMtu{"eth0", 1500}
//
// describe() (host_op.h) words an operation for people; this form is for ifkit to read again.
// A line is the operation's word, the interface's name, then key=value fields, separated by
// single spaces: names never hold whitespace (the kernel refuses them). Bridge and bond settings
// are the same fields a restore point writes for a link (plan/restore/restore_point.h), written
// and read by the functions below, so the two records cannot drift apart.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/host_op.h"
#include "util/text_builder.h"

namespace ifkit::host {

std::string opText(const HostOp& op);
// nullopt for a line that is not one opText() writes (unknown word or field, bad value, a
// required field missing).
std::optional<HostOp> parseOpText(std::string_view line);

// " key=value" for every setting that is set, in a fixed order: stp, delay (centiseconds) for a
// bridge; mode, miimon, updelay, downdelay, carrier, arpinterval, arpvalidate, arptargets (a
// comma-separated list, empty for none) for a bond. Modes and ARP validation are the kernel's
// numbers.
void writeFields(TextBuilder& out, const BridgeParams& params);
void writeFields(TextBuilder& out, const BondParams& params);

// One field read into `params` when `key` is one of its settings.
enum class FieldRead { Read, NotMine, Malformed };
FieldRead readField(BridgeParams& params, std::string_view key, std::string_view value);
FieldRead readField(BondParams& params, std::string_view key, std::string_view value);

// The settings of `params`, the unset ones at BridgeInfo's and BondInfo's defaults: the inverse
// of paramsOf() (host_op.h) for params that set every field.
BridgeInfo infoOf(const BridgeParams& params);
BondInfo infoOf(const BondParams& params);

}  // namespace ifkit::host
