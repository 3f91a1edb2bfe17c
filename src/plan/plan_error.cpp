// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_error.cpp: builds the planner's errors.
#include "plan/plan_error.h"

namespace ifkit::plan {

Error planError(const std::string& detail, int err) {
  Error e = makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface, detail);
  e.sysErrno = err;
  return e;
}

}  // namespace ifkit::plan
