// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/support/idle_client.h: a local client that connects to a unix socket and says nothing,
// what a flood of idle clients is made of.
#pragma once

#include <string>

namespace ifkit::test {

// A socket connected to `path` that has said nothing; -1 if connect() failed. `nonBlocking`: a
// full backlog (a daemon that no longer accepts) fails the connect instead of hanging it.
int connectIdle(const std::string& path, bool nonBlocking = false);

}  // namespace ifkit::test
