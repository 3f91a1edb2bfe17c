// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/libvirtd_in_netns.h: libvirt's own libvirtd, with its interface driver only (the
// udev backend), running inside a test namespace: an oracle for what libvirt lists and describes.
//
//   TestNetns ns;
//   LibvirtdInNetns libvirtd(ns);        // throws if it does not come up within 10 s
//   runProcess({"/usr/bin/virsh", "-c", libvirtd.uri(), "iface-list --all"}, env);
//
// It runs with a private configuration (auth none, its sockets, log and pid file in a temporary
// directory) and with the directory's state/ bound over /run/libvirt in the mount namespace
// `ip netns exec` makes for it (which also shows it the namespace's /sys, where udev looks), so
// it leaves nothing on the host. The destructor stops it (SIGTERM, then SIGKILL after 5 s) and
// removes the directory, also when the test failed.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "test_netns.h"

namespace ifkit::test {

class LibvirtdInNetns {
 public:
  explicit LibvirtdInNetns(const TestNetns& ns);
  ~LibvirtdInNetns();
  LibvirtdInNetns(const LibvirtdInNetns&) = delete;
  LibvirtdInNetns& operator=(const LibvirtdInNetns&) = delete;

  // libvirt's URI for its local interface driver, through this daemon's socket.
  std::string uri() const;
  // The daemon's log (its errors, when a comparison goes wrong).
  std::string log() const;

 private:
  void stop();

  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

}  // namespace ifkit::test
