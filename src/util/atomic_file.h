// SPDX-License-Identifier: LGPL-2.1-or-later
// Atomic, durable replacement of one file in a directory.
//
//   UniqueFd dir = ...;                       // an open directory
//   Status st = writeFileAtomically(dir.get(), "br0.xml", text);
//
// The content goes to a temporary file in the same directory, which is fsync'ed, renamed over
// the target and followed by an fsync of the directory: after a crash at any point the target
// holds either its old bytes or its new bytes, never a torn mix, and once the call returns the
// new bytes survive a power loss. A temporary file left by a crash starts with ".tmp-" and is
// never mistaken for a target; removeAbandonedTempFiles clears those of writers that died.
#pragma once

#include <string_view>

#include "ifkit/error.h"
#include "util/system_error.h"

namespace ifkit {

inline constexpr std::string_view kTempFilePrefix = ".tmp-";

// Whether a write must survive a power loss. `Volatile` is for files that describe what a reboot
// resets anyway (the kernel's state, under /run): still atomic (temporary file and rename), never
// torn, but without the fsyncs, which cost a millisecond each where /run is not a tmpfs.
enum class Durability { Durable, Volatile };

Status writeFileAtomically(int dirFd, std::string_view name, std::string_view content,
                           Durability durability = Durability::Durable);

// Removes `name` from the directory and, when Durable, makes the removal durable (fsync of the
// directory). A name that is already absent is not an error.
Status removeFileDurably(int dirFd, std::string_view name,
                         Durability durability = Durability::Durable);

// Removes the temporary files that writers killed in the middle of writeFileAtomically left in
// the directory: only names it makes (".tmp-TARGET-PID-RANDOM"), only regular files, only those
// whose process is gone (another process's write may be under way in a directory shared without
// a lock), never this process's own. Best effort: what cannot be removed stays for the next time.
void removeAbandonedTempFiles(int dirFd);

}  // namespace ifkit
