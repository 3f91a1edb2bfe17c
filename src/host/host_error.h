// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/host_error.h: the one way a host backend reports that the kernel refused a change.
#pragma once

#include <string_view>

#include "ifkit/error.h"

namespace ifkit::host {

// VIR_ERR_OPERATION_FAILED in the interface domain, worded "operation failed: cannot <what>:
// <strerror(err)>", with sysErrno = err so the driver can map (operation, errno) further.
// `what` names the operation and the interface: "set MTU 9000 on 'eth0'".
Error hostError(std::string_view what, int err);

// The text of an errno, without touching strerror's shared buffer.
std::string errnoText(int err);

}  // namespace ifkit::host
