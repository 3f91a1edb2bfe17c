// SPDX-License-Identifier: LGPL-2.1-or-later
#include "character_set.h"

#include <clocale>

namespace ifkit::cli {

void adoptUsersCharacterSet() {
  // A function's static: set once, even if two threads ask (the CLI has one).
  [[maybe_unused]] static const bool adopted = std::setlocale(LC_CTYPE, "") != nullptr;
}

}  // namespace ifkit::cli
