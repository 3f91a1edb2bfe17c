// SPDX-License-Identifier: LGPL-2.1-or-later
// src/api/connection_driver.h: a Connection's driver, for ifkit's own layers above the API.
//
// The daemon answers a listing with each interface's name and MAC: building a public handle per
// interface (a shared reference to the connection each) to read those two strings back would
// double the work of a listing of thousands. What needs no public check (a listing: allowed on
// any connection) may go to the driver through this; everything else goes through Connection.
#pragma once

#include "driver/interface_driver.h"
#include "ifkit/connection.h"

namespace ifkit::detail {

struct ConnectionDriver {
  static driver::InterfaceDriver& of(const Connection& conn);
};

}  // namespace ifkit::detail
