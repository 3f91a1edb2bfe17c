// SPDX-License-Identifier: LGPL-2.1-or-later
// A definition claims its bridge members and bond slaves at every depth, never a VLAN's parent.
#include "conf/claimed_interfaces.h"

#include <gtest/gtest.h>

#include "conf/interface_xml.h"

namespace ifkit::conf {
namespace {

using Names = std::vector<std::string>;

Names claimsOf(const std::string& xml) {
  auto def = parseInterfaceXml(xml);
  EXPECT_TRUE(def.ok()) << xml;
  return def ? claimedInterfaces(*def) : Names{"(unparsed)"};
}

TEST(ClaimedInterfaces, ABridgeClaimsItsMembersAndTheirSlavesAtEveryDepth) {
  EXPECT_EQ(claimsOf("<interface type='bridge' name='br0'><bridge>"
                     "<interface type='bond' name='bond0'><bond>"
                     "<interface type='ethernet' name='eth0'/>"
                     "<interface type='ethernet' name='eth1'/></bond></interface>"
                     "<interface type='ethernet' name='eth2'/>"
                     "<interface type='vlan' name='eth3.10'><vlan tag='10'>"
                     "<interface name='eth3'/></vlan></interface>"
                     "</bridge></interface>"),
            (Names{"bond0", "eth0", "eth1", "eth2", "eth3.10"}));
}

TEST(ClaimedInterfaces, ABondClaimsItsSlavesAndAVlanOrANicNothing) {
  EXPECT_EQ(claimsOf("<interface type='bond' name='bond0'><bond>"
                     "<interface type='ethernet' name='eth0'/>"
                     "<interface type='ethernet' name='eth0'/></bond></interface>"),
            (Names{"eth0", "eth0"}));
  EXPECT_EQ(claimsOf("<interface type='vlan' name='eth0.10'><vlan tag='10'>"
                     "<interface name='eth0'/></vlan></interface>"),
            Names{});
  EXPECT_EQ(claimsOf("<interface type='ethernet' name='eth0'/>"), Names{});
}

}  // namespace
}  // namespace ifkit::conf
