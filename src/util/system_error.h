// SPDX-License-Identifier: LGPL-2.1-or-later
// systemError: a failed system call as libvirt words it.
#pragma once

#include <string_view>

#include "ifkit/error.h"

namespace ifkit {

// "<what>: <strerror(err)>", code SYSTEM_ERROR, with sysErrno = err.
Error systemError(int err, std::string_view what, ErrorDomain domain);

}  // namespace ifkit
