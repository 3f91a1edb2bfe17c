// SPDX-License-Identifier: LGPL-2.1-or-later
// ConnectionState: what every Connection and Interface handle of one connection shares.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "driver/interface_driver.h"
#include "ifkit/error.h"

namespace ifkit::detail {

struct ConnectionState {
  std::string uri;
  bool readOnly = false;
  std::unique_ptr<driver::InterfaceDriver> driver;
};

// libvirt's check at the top of every public function that changes something: on a read-only
// connection, "operation forbidden: read only access prevents virInterfaceDefineXML"
// (code 29, domain VIR_FROM_INTERFACE), naming the public function.
Status denyIfReadOnly(const ConnectionState& conn, std::string_view publicFunction);

}  // namespace ifkit::detail
