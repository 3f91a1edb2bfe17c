// SPDX-License-Identifier: LGPL-2.1-or-later
// Warnings of the system driver: on stderr, where libvirt's own warnings go by default (a
// daemon's reach its journal). For what a call got past without failing: a damaged record set
// aside, a store file that a listing left out.
#pragma once

#include <string_view>

namespace ifkit::driver {

void printWarning(std::string_view message);

}  // namespace ifkit::driver
