// SPDX-License-Identifier: LGPL-2.1-or-later
// The DHCP identities ifkit's client presents (host/dhcp/dhcp_identity.h): found when a start
// takes over a link whose address is another client's lease, kept beside the definition so that
// every later start and boot presents the same one, forgotten with the definition.
//
//   attachDhcpIdentities(plan, live, store, &root);   // planning a start: kept, else found
//   keepDhcpIdentities(store, plan);                  // applying it: kept before the client runs
//   forgetDhcpIdentity(store, "br0");                 // undefining br0
//
// Kept in the store's folder as ".dhcp-identity-NAME" (a dot: the store's own file, never read
// as a definition), written atomically and durably.
#pragma once

#include <optional>
#include <string>

#include "host/live_state.h"
#include "ifkit/error.h"
#include "native/config_files.h"
#include "plan/plan.h"
#include "store/store.h"

namespace ifkit::driver {

// For each IPv4 DHCP client the plan starts: the identity kept for its link; else, when the plan
// makes ports of that link and a port carries an address that another client of the host
// (networkd, NetworkManager, dhclient: native/dhcp_leases.h, read under `root`) holds a lease
// of, that client's identity and address. Without a root, or a lease found, nothing changes.
void attachDhcpIdentities(plan::Plan& plan, const host::LiveState& live,
                          const store::DefinitionStore& store, const native::ConfigRoot* root);
// The identity kept for `name`, if any (a damaged file is none).
std::optional<host::DhcpIdentity> keptDhcpIdentity(const store::DefinitionStore& store,
                                                   const std::string& name);
// Writes the identities of the plan's starts that the store does not hold yet.
Status keepDhcpIdentities(const store::DefinitionStore& store, const plan::Plan& plan);
// Removes the identity kept for `name`, if any.
Status forgetDhcpIdentity(const store::DefinitionStore& store, const std::string& name);

}  // namespace ifkit::driver
