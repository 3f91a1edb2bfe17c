// SPDX-License-Identifier: LGPL-2.1-or-later
// readFile: a whole file as text, with libvirt's messages when that fails.
#pragma once

#include <string>

#include "ifkit/error.h"

namespace ifkit::cli {

// At most 10 MiB, virsh's limit for XML files. Errors read "Failed to open file 'x': No such
// file or directory" or "Failed to read file 'x': Is a directory" (VIR_ERR_SYSTEM_ERROR).
Result<std::string> readFile(const std::string& path);

}  // namespace ifkit::cli
