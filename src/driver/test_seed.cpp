// SPDX-License-Identifier: LGPL-2.1-or-later
// The interfaces that a fresh test:///default connection holds, exactly as libvirt seeds them.
#include "driver/test_seed.h"

#include <string_view>
#include <utility>

#include "conf/interface_xml.h"

namespace ifkit::driver {
namespace {

struct SeedInterface {
  std::string_view xml;
  bool active;
};

// libvirt's built-in document for test:///default, byte for byte: one active ethernet, eth1.
// Its element order (mac before mtu) is not the formatter's; the parser does not mind.
constexpr SeedInterface kSeed[] = {
    {R"(<interface type="ethernet" name="eth1">
  <start mode="onboot"/>
  <mac address="aa:bb:cc:dd:ee:ff"/>
  <mtu size="1492"/>
  <protocol family="ipv4">
    <ip address="192.168.0.5" prefix="24"/>
    <route gateway="192.168.0.1"/>
  </protocol>
</interface>)",
     true},
};

}  // namespace

Result<TestState> makeTestSeed() {
  TestState state;
  for (const SeedInterface& seed : kSeed) {
    auto def = conf::parseInterfaceXml(seed.xml);
    if (!def) return std::move(def).error();
    std::string name = def->name;
    state.interfaces.insert_or_assign(std::move(name),
                                      TestInterface{std::move(def).value(), seed.active});
  }
  return state;
}

}  // namespace ifkit::driver
