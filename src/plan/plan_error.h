// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_error.h: the error of a definition the host cannot take, worded once.
#pragma once

#include <string>

#include "ifkit/error.h"

namespace ifkit::plan {

// VIR_ERR_OPERATION_FAILED in the interface domain, "operation failed: <detail>", with the
// errno the kernel would have answered in sysErrno (plan.h says why OPERATION_FAILED).
Error planError(const std::string& detail, int err);

}  // namespace ifkit::plan
