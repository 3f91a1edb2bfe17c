// The namespaces of ServerHost, made with `ip` as an administrator would.
#include "server_host.h"

#include <chrono>

#include "reachability_probe.h"

namespace ifkit::test {

ServerHost::ServerHost() {
  host_.ip("link add eth0 type veth peer name lan0 netns " + lan_.name());
  lan_.ip("addr add 192.0.2.1/24 dev lan0");
  lan_.ip("addr add 2001:db8::1/64 dev lan0 nodad");
  lan_.ip("link set lan0 up");
  lan_.ip("link set lo up");
  host_.ip("link set lo up");
  host_.ip("addr add 192.0.2.5/24 dev eth0");
  host_.ip("addr add 2001:db8::5/64 dev eth0 nodad");
  host_.ip("link set eth0 up");
  host_.ip("route add default via 192.0.2.1 dev eth0");
  host_.ip("-6 route add default via 2001:db8::1 dev eth0");
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
  return probe.waitForAnswers(1, std::chrono::seconds(2));
}

}  // namespace ifkit::test
