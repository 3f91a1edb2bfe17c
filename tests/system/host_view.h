// SPDX-License-Identifier: LGPL-2.1-or-later
// The kernel's view of a test namespace, as comparable text: `ip -j` output with what changes by
// itself removed (normalize_ip_json.py), for "the host is as it was" assertions.
#pragma once

#include <string>

#include "test_netns.h"

namespace ifkit::test {

// `ip -n NS -j IP_ARGS`, normalized. Fails the test if the command does.
std::string normalizedIp(const TestNetns& ns, const std::string& ipArgs);

// Links with their addresses (`-d addr show`) and the IPv4 and IPv6 routes, normalized; checks
// that the view is real (it names eth0), since two failed commands would compare equal.
std::string hostView(const TestNetns& ns);

}  // namespace ifkit::test
