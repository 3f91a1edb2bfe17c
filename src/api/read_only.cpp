// SPDX-License-Identifier: LGPL-2.1-or-later
// denyIfReadOnly: the read-only guard of the public functions that change something.
#include "api/connection_state.h"

namespace ifkit::detail {

Status denyIfReadOnly(const ConnectionState& conn, std::string_view publicFunction) {
  if (!conn.readOnly) return Status::success();
  return makeError(ErrorNumber::OperationDenied, ErrorDomain::Interface,
                   "read only access prevents " + std::string(publicFunction));
}

}  // namespace ifkit::detail
