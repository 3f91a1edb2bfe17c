// SPDX-License-Identifier: LGPL-2.1-or-later
// ifupdown's runtime bookkeeping: which interfaces it believes it configured.
//
// ifup records an interface it brought up in two files of its state folder (/run/network, or
// `--state-dir`): a "NAME=LOGICAL" line in `ifstate`, which `ifquery --state` and `ifdown -a`
// read, and `ifstate.NAME` ("LOGICAL\n"; ifdown leaves it holding an empty line). Checked with
// ifupdown 0.8.41 (tests/system/ifupdown_host_test.cpp):
//   - once ifkit took eth0 over (its stanza out of ifupdown's files), the record stays:
//     `ifquery --state` still lists eth0 as ifupdown's, and `ifdown -a` (networking.service's
//     stop) says "ignoring unknown interface eth0=eth0" and drops it. It touches nothing: with
//     no stanza it has nothing to run. Forgotten as part of the release (the line and the file
//     gone; nothing run, the link as it is), ifupdown's view is right from the start.
//   - given back while the interface runs with ifupdown's configuration (iface-unbridge puts the
//     addresses back on the NIC) and with no record of it (forgotten, or after a reboot):
//     `ifdown eth0` says "interface eth0 not configured" and `ifup eth0` fails ("Address already
//     assigned"), so ifupdown can neither take it down nor bring it up. Recorded again, ifdown
//     takes it down and ifup brings it up, as ifupdown's own.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"

namespace ifkit::native::ifupdown {

inline constexpr const char* kStateFolder = "/run/network";

// Makes ifupdown forget that it configured `names`: their lines out of `ifstate`, their
// `ifstate.NAME` files gone. Nothing when the state folder does not exist (ifupdown never ran).
Status forgetConfigured(const ConfigRoot& root, const std::vector<std::string>& names);

// Records `names` as configured by ifupdown, as ifup does, where no line records them yet.
// Nothing when the state folder does not exist.
Status markConfigured(const ConfigRoot& root, const std::vector<std::string>& names);

}  // namespace ifkit::native::ifupdown
