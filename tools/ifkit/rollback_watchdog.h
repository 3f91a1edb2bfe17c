// SPDX-License-Identifier: LGPL-2.1-or-later
// The helper that outlives `ifkit iface-begin --timeout` in local mode (ifkit:///system, where no
// daemon holds the transaction): ifkit itself, started again in the background, which calls in
// once the deadline has passed, so that the driver rolls the transaction back.
#pragma once

#include <string>

namespace ifkit::cli {

// Starts the watchdog for a transaction on `uri` due in `seconds`; it survives this process
// (own session, no terminal, no inherited output). False if it could not be started.
bool startRollbackWatchdog(const std::string& uri, unsigned seconds);

}  // namespace ifkit::cli
