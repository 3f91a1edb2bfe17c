// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/host_error.cpp: builds the Error a kernel refusal turns into.
#include "host/host_error.h"

#include <cstring>
#include <string>

namespace ifkit::host {

std::string errnoText(int err) {
  // strerrordesc_np is glibc's thread-safe strerror: same text, no shared buffer.
  const char* text = strerrordesc_np(err);
  return text ? text : "Unknown error " + std::to_string(err);
}

Error hostError(std::string_view what, int err) {
  Error e = makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                      "cannot " + std::string(what) + ": " + errnoText(err));
  e.sysErrno = err;
  return e;
}

}  // namespace ifkit::host
