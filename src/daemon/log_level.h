// SPDX-License-Identifier: LGPL-2.1-or-later
// The priorities of ifkitd's messages, numbered as libvirt's log_level and log_outputs number
// them (1 debug, 2 info, 3 warning, 4 error).
#pragma once

namespace ifkit::daemon {

enum class LogLevel { Debug = 1, Info = 2, Warning = 3, Error = 4 };

}  // namespace ifkit::daemon
