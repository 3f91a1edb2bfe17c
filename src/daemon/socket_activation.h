// SPDX-License-Identifier: LGPL-2.1-or-later
// systemd socket activation (sd_listen_fds(3)): the listening sockets a service manager passed.
//
// Written by hand rather than linking libsystemd: the protocol is a stable handful of
// environment variables (LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES) and descriptors from 3 on.
#pragma once

#include <map>
#include <string>

namespace ifkit::daemon {

// Descriptor by name (FileDescriptorName= of the socket unit; "unknown" when unnamed), empty when
// this process was not socket-activated. The variables are cleared so children do not inherit
// them.
std::map<std::string, int> takeActivationSockets();

}  // namespace ifkit::daemon
