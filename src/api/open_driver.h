// SPDX-License-Identifier: LGPL-2.1-or-later
// openDriver: the driver that serves a connection URI.
#pragma once

#include <memory>
#include <string_view>

#include "driver/interface_driver.h"
#include "ifkit/error.h"

namespace ifkit::api {

// test:///default gets a fresh test driver; interface:///system and interface+unix:///system
// reach a daemon (ifkitd, or libvirt's) over its unix socket. Every other URI fails, with
// libvirt's wording. `readOnly` is passed on to drivers that open a remote connection.
Result<std::unique_ptr<driver::InterfaceDriver>> openDriver(std::string_view uri,
                                                            bool readOnly = false);

}  // namespace ifkit::api
