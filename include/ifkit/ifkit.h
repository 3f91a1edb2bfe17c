// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit/ifkit.h: the whole public C++ API of ifkit in one include.
//
//   #include "ifkit/ifkit.h"
//   auto conn = ifkit::Connection::open("test:///default");
#pragma once

#include "ifkit/connection.h"  // IWYU pragma: export
#include "ifkit/error.h"       // IWYU pragma: export
#include "ifkit/flags.h"       // IWYU pragma: export
#include "ifkit/interface.h"   // IWYU pragma: export
