// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/server_host.h: a host whose NIC is as a server's is, and the LAN it is reached from.
//
// Two namespaces joined by a veth pair: in the host's, eth0 (the NIC) with 192.0.2.5/24 and
// 2001:db8::5/64 and the default routes via the LAN's gateway (192.0.2.1, 2001:db8::1); in the
// LAN's, lan0 with the gateway's addresses. Whoever administers the host reaches it from the LAN
// through exactly those addresses; a ReachabilityProbe measures what a change costs them.
//
//   ServerHost server;
//   ReachabilityProbe probe(server.host().name(), server.lan().name(), ServerHost::kHostV4);
//   server.addGuestTap("vnet0", "br0");            // a guest's tap on the bridge, as libvirt's
#pragma once

#include <string>

#include "test_netns.h"

namespace ifkit::test {

class ServerHost {
 public:
  static constexpr const char* kHostV4 = "192.0.2.5";
  static constexpr const char* kHostV6 = "2001:db8::5";
  static constexpr const char* kGatewayV4 = "192.0.2.1";
  static constexpr const char* kGatewayV6 = "2001:db8::1";

  ServerHost();

  const TestNetns& host() const { return host_; }
  const TestNetns& lan() const { return lan_; }
  // The NIC's MAC, as ip prints it.
  std::string nicMac() const;

  // A reboot: the host's namespace made anew, the NIC back unconfigured and down (its MAC is
  // fixed, as a NIC's is), the LAN as it was. What the host runs at boot is the caller's to run.
  void reboot();

  // A guest's tap, enslaved to `bridge` and up: what libvirt's qemu driver makes for a guest.
  void addGuestTap(const std::string& name, const std::string& bridge) const;
  // Whether the LAN reaches `address` of the host: an answer to a UDP probe within 5 s.
  bool lanReaches(const std::string& address) const;

 private:
  void plugNic() const;

  TestNetns host_;
  TestNetns lan_;
};

}  // namespace ifkit::test
