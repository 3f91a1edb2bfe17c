// SPDX-License-Identifier: LGPL-2.1-or-later
// checkFlags: the first thing every driver entry point does (libvirt's virCheckFlags).
#pragma once

#include <string_view>

#include "ifkit/error.h"

namespace ifkit::driver {

// Fails with VIR_ERR_INVALID_ARG, "unsupported flags (0x2) in function testInterfaceDefineXML",
// when `flags` has a bit outside `allowed`. `function` is the driver's own entry point name, as
// libvirt prints it; `domain` is the driver's.
Status checkFlags(unsigned flags, unsigned allowed, std::string_view function, ErrorDomain domain);

}  // namespace ifkit::driver
