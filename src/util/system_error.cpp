// SPDX-License-Identifier: LGPL-2.1-or-later
// systemError: errno in libvirt's words.
#include "util/system_error.h"

#include <cstring>
#include <string>

namespace ifkit {

Error systemError(int err, std::string_view what, ErrorDomain domain) {
  std::string message(what);
  message += ": ";
  message += std::strerror(err);
  Error e = makeError(ErrorNumber::SystemError, domain, message);
  e.sysErrno = err;
  return e;
}

}  // namespace ifkit
