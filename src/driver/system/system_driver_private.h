// Private to the system driver's files: what they share (one driver, split by job).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "conf/interface_def.h"
#include "driver/system/system_driver.h"
#include "host/live_state.h"
#include "store/store.h"

namespace ifkit::driver {

inline constexpr ErrorDomain kDomain = ErrorDomain::Interface;

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

// The problem of the store's NAME.xml when it exists but cannot be read; nullopt otherwise.
std::optional<Error> definitionProblem(const store::DefinitionStore& store, std::string_view name);

// What a lookup of `name` that found nothing says: definitionProblem, else libvirt's "no
// interface with matching name".
Error unknownName(const store::DefinitionStore& store, std::string_view name);

struct SystemDriver::Entry {
  std::string name;
  const host::Link* link = nullptr;             // points into `live`
  std::optional<conf::InterfaceDef> definition;
  std::shared_ptr<const host::LiveState> live;  // the whole host's state; keeps `link` valid

  bool active() const { return link != nullptr && link->up; }
  std::string mac() const {
    if (link != nullptr) return link->mac ? link->mac->toString() : std::string();
    return definition ? definition->mac().value_or("") : std::string();
  }
  InterfaceRef ref() const { return {name, mac()}; }
};

}  // namespace ifkit::driver
