// SPDX-License-Identifier: LGPL-2.1-or-later
// The quoting forms of `echo`: for a POSIX shell, for XML, and split on commas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ifkit::cli {

// As is when safe, else in single quotes ('it'\''s'); the empty string gives ''.
std::string quoteForShell(std::string_view s);
// & < > " ' as entities.
std::string escapeForXml(std::string_view s);
// Pieces between commas, ",," standing for a literal comma; "" gives no piece at all.
std::vector<std::string> splitOnCommas(std::string_view s);

}  // namespace ifkit::cli
