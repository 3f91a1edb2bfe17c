// SPDX-License-Identifier: LGPL-2.1-or-later
// The user's character set (LC_CTYPE from the environment), taken only where it matters.
//
// virsh sets its whole locale at start; ifkit needs only the character set, and only for what it
// measures or edits beyond ASCII: a table's column widths (table.h) and the terminal's line
// editing (line_reader.h). Loading a locale costs half a millisecond to a millisecond of every
// process here, more than a listing's own work, and ASCII is the same in every locale; so it is
// taken the first time a table cell holds a byte beyond ASCII, or a terminal is edited. The other
// categories (LC_NUMERIC above all) stay "C": what ifkit prints must not change with the user's
// language.
#pragma once

namespace ifkit::cli {

// Sets LC_CTYPE from the environment once per process; later calls do nothing.
void adoptUsersCharacterSet();

}  // namespace ifkit::cli
