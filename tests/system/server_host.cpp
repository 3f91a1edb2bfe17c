// SPDX-License-Identifier: LGPL-2.1-or-later
// The namespaces of ServerHost, made with `ip` as an administrator would.
#include "server_host.h"

#include <chrono>
#include <thread>

#include "reachability_probe.h"

namespace ifkit::test {

// The NIC and its cable: eth0 in the host, lan0 in the LAN with the gateway's addresses.
void ServerHost::plugNic() const {
  host_.ip("link add eth0 address 52:54:00:12:34:56 type veth peer name lan0 netns " +
           lan_.name());
  lan_.ip("addr add 192.0.2.1/24 dev lan0");
  lan_.ip("addr add 2001:db8::1/64 dev lan0 nodad");
  lan_.ip("link set lan0 up");
}

ServerHost::ServerHost() {
  plugNic();
  lan_.ip("link set lo up");
  host_.ip("link set lo up");
  host_.ip("addr add 192.0.2.5/24 dev eth0");
  host_.ip("addr add 2001:db8::5/64 dev eth0 nodad");
  host_.ip("link set eth0 up");
  host_.ip("route add default via 192.0.2.1 dev eth0");
  host_.ip("-6 route add default via 2001:db8::1 dev eth0");
}

void ServerHost::reboot() {
  // Every link of the namespace goes with it (the veth's LAN end too), and its routes.
  host_.makeAnew();
  // The kernel tears a deleted namespace down in the background: the cable's LAN end goes a
  // moment later.
  for (int i = 0; i < 250 && runCommand("ip -n " + lan_.name() + " link show lan0").exitCode == 0;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  plugNic();
  host_.ip("link set lo up");
}

std::string ServerHost::nicMac() const {
  return host_.ipJson("link show eth0")[0]["address"].str();
}

void ServerHost::addGuestTap(const std::string& name, const std::string& bridge) const {
  host_.ip("tuntap add " + name + " mode tap");
  host_.ip("link set " + name + " master " + bridge + " up");
}

bool ServerHost::lanReaches(const std::string& address) const {
  ReachabilityProbe probe(host_.name(), lan_.name(), address);
  return probe.waitForAnswers(1, std::chrono::seconds(5));
}

}  // namespace ifkit::test
