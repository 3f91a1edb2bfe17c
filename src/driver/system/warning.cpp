// SPDX-License-Identifier: LGPL-2.1-or-later
// One line on stderr per warning.
#include "driver/system/warning.h"

#include <cstdio>

namespace ifkit::driver {

void printWarning(std::string_view message) {
  // After what the program printed before it, when both go to one terminal or file.
  std::fflush(stdout);
  std::fprintf(stderr, "warning: %.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace ifkit::driver
