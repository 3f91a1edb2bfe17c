// Private to the system driver's files: what they share (one driver, split by job).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "conf/interface_def.h"
#include "driver/system/system_driver.h"
#include "host/live_state.h"

namespace ifkit::driver {

inline constexpr ErrorDomain kDomain = ErrorDomain::Interface;

// libvirt's netcf wording for a name nobody knows.
inline Error noSuchName(std::string_view name) {
  return makeError(ErrorNumber::NoInterface, kDomain,
                   "no interface with matching name '" + std::string(name) + "'");
}

struct SystemDriver::Entry {
  std::string name;
  const host::Link* link = nullptr;  // points into `live`
  std::optional<conf::InterfaceDef> definition;
  std::optional<Error> definitionError;         // why NAME.xml exists but could not be read
  std::shared_ptr<const host::LiveState> live;  // the whole host's state; keeps `link` valid

  bool active() const { return link != nullptr && link->up; }
  std::string mac() const {
    if (link != nullptr) return link->mac ? link->mac->toString() : std::string();
    return definition ? definition->mac().value_or("") : std::string();
  }
  InterfaceRef ref() const { return {name, mac()}; }
};

}  // namespace ifkit::driver
