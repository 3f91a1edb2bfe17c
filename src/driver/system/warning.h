// SPDX-License-Identifier: LGPL-2.1-or-later
// Warnings of the system driver: on stderr, where libvirt's own warnings go by default (a
// daemon's reach its journal). For what a call got past without failing: a damaged record set
// aside, a store file that a listing left out, a manager's file that ifkit cannot read.
#pragma once

#include <string_view>

namespace ifkit::driver {

// Said every time: something this call did or met (a record set aside, a note of a start).
void printWarning(std::string_view message);

// A condition that stays until somebody changes a file (a damaged definition, a manager's file
// that ifkit cannot read), met by every listing: said once, and again only after
// kStandingWarningRepeat, so that a daemon's journal gets it once, not once per listing (the
// read-only socket is open to every local user, and a listing costs them nothing).
void printStandingWarning(std::string_view message);
inline constexpr int kStandingWarningRepeatSeconds = 3600;

}  // namespace ifkit::driver
