// SPDX-License-Identifier: LGPL-2.1-or-later
// The libvirt function behind each REMOTE procedure of libvirt 9.0, and the error domain of the
// libvirt source file that holds it: what libvirtd names when a connection's driver lacks the
// procedure ("this function is not supported by the connection driver: virDomainLookupByName",
// code 3, domain 20; ../shared/spec/libvirt-rpc.md §7).
//
//   if (auto fn = procedureFunction(23)) makeError(ErrorNumber::NoSupport, fn->domain, fn->name);
//
// Numbers libvirt 9.0 does not define, and its server-to-client events (libvirtd has no handler
// for them), have none: those are "unknown procedure".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "ifkit/error.h"

namespace ifkit::daemon {

struct ProcedureFunction {
  std::string_view name;  // "virDomainLookupByName"
  ErrorDomain domain;     // the VIR_FROM_* its source file reports in
};

std::optional<ProcedureFunction> procedureFunction(std::int32_t procedure);

}  // namespace ifkit::daemon
