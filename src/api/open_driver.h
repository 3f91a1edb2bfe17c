// openDriver: the driver that serves a connection URI.
#pragma once

#include <memory>
#include <string_view>

#include "driver/interface_driver.h"
#include "ifkit/error.h"

namespace ifkit::api {

// test:///default gets a fresh test driver. Every other URI fails, with libvirt's wording,
// until its driver exists (ifkit:///system, interface+unix://...).
Result<std::unique_ptr<driver::InterfaceDriver>> openDriver(std::string_view uri);

}  // namespace ifkit::api
