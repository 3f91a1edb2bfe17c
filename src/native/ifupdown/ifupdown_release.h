// SPDX-License-Identifier: LGPL-2.1-or-later
// Making ifupdown leave interfaces alone, in its own files, and what it takes to undo that.
//
// The iface stanzas of the released interfaces are cut out of the files they are in, each
// replaced by a one-line comment that says where its configuration went; their names are
// taken off auto, allow-*, no-auto-down and no-scripts lines (a line left with no name goes).
// Templates named by `inherits` stay: other stanzas may use them. ifup then knows nothing of
// the interfaces, at boot or on hotplug, and `ifup -a` leaves them to ifkit.
#pragma once

#include <string>
#include <vector>

#include "native/file_edit.h"
#include "native/ifupdown/interfaces_tree.h"

namespace ifkit::native::ifupdown {

// One edit per file that mentions any of `names`, in the tree's order; none when no file does.
std::vector<FileEdit> releaseFromIfupdown(const InterfacesTree& tree,
                                          const std::vector<std::string>& names);

}  // namespace ifkit::native::ifupdown
