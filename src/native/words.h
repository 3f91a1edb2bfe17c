// SPDX-License-Identifier: LGPL-2.1-or-later
// Blanks and words as the managers' files separate them: ifupdown's stanzas and options, and
// systemd's settings and lists, both split on blanks (space, tab, and the rarer \r \f \v).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ifkit::native {

bool isBlank(char c);
// Without the blanks at either end.
std::string_view trimBlanks(std::string_view text);
// The blank-separated words, none empty.
std::vector<std::string> splitWords(std::string_view text);

}  // namespace ifkit::native
