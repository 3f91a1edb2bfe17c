// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/dhcp_server.h: dnsmasq as a DHCP server (no DNS) on one link of a test namespace.
//
//   TestNetns server, client;
//   client.ip("link add eth0 type veth peer name srv0 netns " + server.name());
//   server.ip("addr add 10.99.0.1/24 dev srv0");
//   server.ip("link set srv0 up");
//   DhcpServer dnsmasq(server, "srv0");   // leases 10.99.0.50-60/24, router 10.99.0.1
//
// The server runs until the object goes.
#pragma once

#include <sys/types.h>

#include <string>

#include "test_netns.h"

namespace ifkit::test {

class DhcpServer {
 public:
  // `leaseFile`: where dnsmasq keeps its leases ("expiry MAC address name client-id" lines), for
  // a test to read which client holds what, and for a server started again to remember them.
  DhcpServer(const TestNetns& server, const std::string& link,
             const std::string& leaseFile = "/dev/null");
  ~DhcpServer();
  DhcpServer(const DhcpServer&) = delete;
  DhcpServer& operator=(const DhcpServer&) = delete;

 private:
  pid_t pid_ = -1;
};

}  // namespace ifkit::test
