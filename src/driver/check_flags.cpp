// SPDX-License-Identifier: LGPL-2.1-or-later
// checkFlags: refuse unknown flag bits with libvirt's exact error.
#include "driver/check_flags.h"

#include <cstdio>
#include <string>

namespace ifkit::driver {

Status checkFlags(unsigned flags, unsigned allowed, std::string_view function,
                  ErrorDomain domain) {
  const unsigned unknown = flags & ~allowed;
  if (unknown == 0) return Status::success();
  char hex[16];
  std::snprintf(hex, sizeof hex, "%x", unknown);
  Error e = makeBareError(ErrorNumber::InvalidArg, domain,
                          "unsupported flags (0x" + std::string(hex) + ") in function " +
                              std::string(function));
  // What libvirt's argument checks put in the fields that travel on the wire.
  e.str1 = std::string(function);
  e.str2 = "flags";
  e.int1 = 0;
  e.int2 = 0;
  return e;
}

}  // namespace ifkit::driver
