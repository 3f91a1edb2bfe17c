// SPDX-License-Identifier: LGPL-2.1-or-later
// systemUri: the ifkit:///system URI a test opens, with an empty root for the host's network
// managers' files.
//
// Without root= the system driver reads the managers' files of the machine the tests run on
// (/etc/network/interfaces, /etc/systemd/network, /etc/netplan, NetworkManager's keyfiles): on a
// CI host whose /etc configures interfaces, every listing would show them. A test that does not
// test the root itself opens the driver through this, on a root that stays empty.
#pragma once

#include <filesystem>
#include <string>

namespace ifkit::test {

// An empty folder of this test process's own (made at the first call, removed at exit): the
// managers' files are read under it, and nothing is ever written there, since no manager
// configures anything ifkit could take over.
const std::filesystem::path& emptyManagersRoot();

// ifkit:///system?netns=NETNS&store=STORE&root=<emptyManagersRoot()>; no netns= when `netns` is
// empty (the test's own namespace: inside the VM).
std::string systemUri(const std::string& netns, const std::filesystem::path& store);

}  // namespace ifkit::test
