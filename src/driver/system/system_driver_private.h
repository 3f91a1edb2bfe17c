// SPDX-License-Identifier: LGPL-2.1-or-later
// Private to the system driver's files: what they share (one driver, split by job).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/interface_def.h"
#include "driver/system/plan_application.h"
#include "driver/system/system_driver.h"
#include "host/host_backend.h"
#include "host/live_state.h"
#include "native/native_definition.h"
#include "plan/restore/restore_point.h"
#include "store/store.h"
#include "util/optional_box.h"

namespace ifkit::driver {

inline constexpr ErrorDomain kDomain = ErrorDomain::Interface;

// The shortest transaction timeout, in milliseconds: changeBeginWithTimeout refuses 0 seconds.
inline constexpr long long kShortestTimeoutMs = 1000;

// libvirt's netcf wording for a name nobody knows.
inline Error noSuchName(std::string_view name) {
  return makeError(ErrorNumber::NoInterface, kDomain,
                   "no interface with matching name '" + std::string(name) + "'");
}

// A file of the store that holds no readable definition (damaged, or not ifkit's), worded for
// the user with the file's path: "operation failed: cannot read the definition in
// '/etc/ifkit/interfaces/br0.xml': XML error: ...". The errno, if any, is kept.
Error unreadableDefinition(const store::DefinitionStore& store, std::string_view file,
                           const Error& why);

// The DHCP side of a transaction (system_dhcp_restore.cpp). The links of `live` where ifkit's
// DHCP client runs, for the restore point taken at begin.
std::vector<std::string> runningDhcpClients(host::HostBackend& host, const host::LiveState& live);
// At rollback, before the restore's operations: stops the clients that did not run at begin
// (their hook removes the leased address and route, which no restore point holds).
Status stopDhcpClientsStartedSince(host::HostBackend& host, const plan::RestorePoint& begin);
// After them: starts the clients that ran at begin and do not now, on the links that exist.
Status startDhcpClientsStoppedSince(host::HostBackend& host, const plan::RestorePoint& begin,
                                    const store::DefinitionStore& store);

// One start on its way: planned, applying, or applied and waiting to be verified.
struct SystemDriver::Starting {
  std::size_t index;               // into the caller's list, and its results
  std::unique_ptr<Change> change;  // never moves: `run` refers to its plan while a Starting does
  bool mayHaveRecord = true;                  // false: none was found when the batch began
  std::optional<plan::StartRecord> previous;  // the finished record this start's replaces
  std::unique_ptr<PlanApplication> run;       // null once over, failed or not; kept until verified
};

// A listing makes thousands, most of them a link with no definition: what an entry may have
// besides is boxed (util/optional_box.h), so that an entry takes 80 bytes, not 680.
struct SystemDriver::Entry {
  std::string name;
  const host::Link* link = nullptr;  // points into `live`
  OptionalBox<conf::InterfaceDef> definition;
  OptionalBox<Error> definitionError;  // why NAME.xml exists but could not be read
  // No definition of ifkit's, but the host's own manager configures it (native_owners.h).
  OptionalBox<native::NativeDefinition> native;
  std::shared_ptr<const host::LiveState> live;  // the whole host's state; keeps `link` valid

  bool active() const { return link != nullptr && link->up; }
  // The MAC as a listing hands it over; a link's is written into `text`, which the view needs.
  std::string_view mac(host::MacAddress::Text& text) const {
    if (link != nullptr) {
      if (!link->mac) return {};
      text = link->mac->text();
      return text.view();
    }
    if (definition) return definition->mac().value_or("");
    return native ? native->def.mac().value_or("") : std::string_view();
  }
  std::string mac() const {
    host::MacAddress::Text text;
    return std::string(mac(text));
  }
  InterfaceRef ref() const { return {name, mac()}; }
};

}  // namespace ifkit::driver
