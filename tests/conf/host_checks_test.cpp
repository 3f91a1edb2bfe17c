// SPDX-License-Identifier: LGPL-2.1-or-later
// The real host refuses, at define time, what it could never apply (DEVIATIONS.md).
#include <gtest/gtest.h>

#include "conf/host_checks.h"
#include "conf/interface_xml.h"

namespace ifkit::conf {
namespace {

Status checkXml(const std::string& xml) {
  auto def = parseInterfaceXml(xml);
  EXPECT_TRUE(def.ok()) << def.error().message;
  return checkForHost(*def);
}

void expectRefused(const std::string& xml, const std::string& message) {
  Status st = checkXml(xml);
  ASSERT_FALSE(st.ok()) << xml;
  EXPECT_EQ(st.error().number, ErrorNumber::XmlError);
  EXPECT_EQ(st.error().domain, ErrorDomain::Interface);
  EXPECT_EQ(st.error().message, message);
}

TEST(HostChecks, AcceptsAFullValidBridge) {
  EXPECT_TRUE(checkXml(R"(<interface type='bridge' name='br0'>
      <start mode='onboot'/><mtu size='1500'/>
      <protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/><route gateway='192.0.2.254'/></protocol>
      <protocol family='ipv6'><ip address='2001:db8::1' prefix='64'/></protocol>
      <bridge stp='off' delay='0.01'>
        <interface type='ethernet' name='eth0'><mac address='52:54:00:AB:cd:01'/></interface>
        <interface type='vlan' name='eth1.42'><vlan tag='42'><interface name='eth1'/></vlan></interface>
      </bridge></interface>)").ok());
}

TEST(HostChecks, RefusesNamesTheKernelWouldRefuse) {
  expectRefused("<interface type='ethernet' name='a-very-long-name0'/>",
                "XML error: invalid value 'a-very-long-name0' for attribute 'name' of element "
                "'interface': not a kernel interface name (1 to 15 bytes, no '/', ':' or "
                "whitespace, not '.' or '..')");
  // The kernel's old alias syntax: `ip link add eth0:1 ...` fails with "Invalid argument".
  expectRefused("<interface type='ethernet' name='eth0:1'/>",
                "XML error: invalid value 'eth0:1' for attribute 'name' of element 'interface': "
                "not a kernel interface name (1 to 15 bytes, no '/', ':' or whitespace, not '.' "
                "or '..')");
  expectRefused(
      "<interface type='vlan' name='v'><vlan tag='1'><interface name='eth:0'/></vlan>"
      "</interface>",
      "XML error: invalid value 'eth:0' for attribute 'name' of element 'interface': "
      "not a kernel interface name (1 to 15 bytes, no '/', ':' or whitespace, not '.' "
      "or '..')");
  expectRefused(
      "<interface type='bridge' name='br0'><bridge><interface type='ethernet' "
      "name='eth0:1'/></bridge></interface>",
      "XML error: invalid value 'eth0:1' for attribute 'name' of element 'interface': "
      "not a kernel interface name (1 to 15 bytes, no '/', ':' or whitespace, not '.' "
      "or '..')");
  EXPECT_FALSE(checkXml("<interface type='ethernet' name='..'/>").ok());
  EXPECT_FALSE(checkXml("<interface type='ethernet' name='a/b'/>").ok());
  EXPECT_FALSE(checkXml("<interface type='ethernet' name=''/>").ok());
  EXPECT_FALSE(checkXml("<interface type='ethernet' name='br&#9;0'/>").ok());
  EXPECT_TRUE(checkXml("<interface type='ethernet' name='fifteen-bytes-x'/>").ok());
}

// Names dev_valid_name lets through but the kernel refuses when it makes the device (or turns
// into another name), and names the store would hide: refused when defined, not at start.
TEST(HostChecks, RefusesNamesTheKernelReservesOrTheStoreWouldHide) {
  for (const char* name : {"all", "default", "bonding_masters"})
    expectRefused(std::string("<interface type='bridge' name='") + name + "'><bridge/></interface>",
                  std::string("XML error: invalid value '") + name +
                      "' for attribute 'name' of element 'interface': a name the kernel reserves "
                      "('all' and 'default' for its sysctl folders, 'bonding_masters' for the "
                      "bonding driver)");
  expectRefused("<interface type='bridge' name='br%d'><bridge/></interface>",
                "XML error: invalid value 'br%d' for attribute 'name' of element 'interface': "
                "'%' makes the kernel choose another name");
  expectRefused("<interface type='bridge' name='.hidden'><bridge/></interface>",
                "XML error: invalid value '.hidden' for attribute 'name' of element 'interface': "
                "a name starting with '.' (the store keeps those for its own files)");
  expectRefused(
      "<interface type='vlan' name='config'><vlan tag='1'><interface name='eth0'/>"
      "</vlan></interface>",
      "XML error: invalid value 'config' for attribute 'name' of element 'interface': "
      "a name the kernel reserves for VLANs (/proc/net/vlan/config)");
  // Nested: a member the kernel could never have.
  expectRefused(
      "<interface type='bridge' name='br0'><bridge><interface type='ethernet' name='all'/>"
      "</bridge></interface>",
      "XML error: invalid value 'all' for attribute 'name' of element 'interface': a name the "
      "kernel reserves ('all' and 'default' for its sysctl folders, 'bonding_masters' for the "
      "bonding driver)");
  // The kernel's isspace holds the no-break space of Latin-1 (a lone 0xa0 byte).
  auto def = parseInterfaceXml("<interface type='ethernet' name='eth0'/>");
  ASSERT_TRUE(def.ok());
  def->name = std::string("a\xa0") + "c";
  EXPECT_FALSE(checkForHost(*def).ok());
  EXPECT_FALSE(isKernelInterfaceName(std::string("a\xa0") + "c"));
  // What the kernel takes: a NIC may be named ".x" or "config" (not a VLAN) and be a member.
  EXPECT_TRUE(checkXml("<interface type='bridge' name='config'><bridge><interface "
                       "type='ethernet' name='.nic'/></bridge></interface>")
                  .ok());
  EXPECT_TRUE(checkXml("<interface type='ethernet' name='alls'/>").ok());
}

// ifkit has no DHCPv6 client: a definition asking for one is refused when it is defined.
TEST(HostChecks, RefusesDhcpv6ButNotDhcpv4OrAutoconf) {
  expectRefused(
      "<interface type='ethernet' name='eth0'><protocol family='ipv6'><dhcp/>"
      "</protocol></interface>",
      "XML error: DHCPv6 is not supported by ifkit on this host (<dhcp/> in the ipv6 "
      "protocol of interface 'eth0')");
  EXPECT_TRUE(checkXml("<interface type='ethernet' name='eth0'><protocol family='ipv4'><dhcp/>"
                       "</protocol><protocol family='ipv6'><autoconf/></protocol></interface>")
                  .ok());
  // A stop needs only the values: the DHCPv6 one an older ifkit stored can still be stopped.
  auto def = parseInterfaceXml(
      "<interface type='ethernet' name='eth0'><protocol family='ipv6'><dhcp/></protocol>"
      "</interface>");
  ASSERT_TRUE(def.ok());
  EXPECT_TRUE(checkHostValues(*def).ok());
  EXPECT_FALSE(checkSupportedOnHost(*def).ok());
}

TEST(HostChecks, RefusesNestedBadNamesAndMacs) {
  expectRefused(
      "<interface type='bridge' name='br0'><bridge><interface type='ethernet' name='eth0'>"
      "<mac address='52:54:00:zz:00:01'/></interface></bridge></interface>",
      "XML error: invalid value '52:54:00:zz:00:01' for attribute 'address' of element 'mac': "
      "not a MAC address (six hex pairs separated by ':')");
}

TEST(HostChecks, RefusesAddressesOfTheWrongFamilyAndBadPrefixes) {
  expectRefused(
      "<interface type='ethernet' name='eth0'><protocol family='ipv4'>"
      "<ip address='2001:db8::1'/></protocol></interface>",
      "XML error: invalid value '2001:db8::1' for attribute 'address' of element 'ip': "
      "not an IPv4 address");
  expectRefused(
      "<interface type='ethernet' name='eth0'><protocol family='ipv4'>"
      "<ip address='192.0.2.1' prefix='33'/></protocol></interface>",
      "XML error: invalid value '33' for attribute 'prefix' of element 'ip': outside 1..32");
  EXPECT_FALSE(checkXml("<interface type='ethernet' name='eth0'><protocol family='ipv6'>"
                        "<ip address='2001:db8::1' prefix='-1'/></protocol></interface>").ok());
  EXPECT_FALSE(checkXml("<interface type='ethernet' name='eth0'><protocol family='ipv6'>"
                        "<route gateway='192.0.2.1'/></protocol></interface>").ok());
}

TEST(HostChecks, RefusesBadTagsDelaysTargetsAndMtu) {
  expectRefused("<interface type='vlan' name='v'><vlan tag='4096'><interface name='eth0'/></vlan></interface>",
                "XML error: invalid value '4096' for attribute 'tag' of element 'vlan': "
                "not a number in 0..4095");
  EXPECT_FALSE(checkXml("<interface type='vlan' name='v'><vlan tag='+1'><interface name='eth0'/></vlan></interface>").ok());
  EXPECT_FALSE(checkXml("<interface type='vlan' name='v'><vlan tag='1'><interface name='a b'/></vlan></interface>").ok());
  EXPECT_FALSE(checkXml("<interface type='bridge' name='br0'><bridge delay='-1'/></interface>").ok());
  EXPECT_FALSE(checkXml("<interface type='bond' name='bond0'><bond><arpmon interval='100' "
                        "target='gateway.example'/></bond></interface>").ok());
  expectRefused("<interface type='ethernet' name='eth0'><mtu size='67'/></interface>",
                "XML error: invalid value '67' for attribute 'size' of element 'mtu': "
                "below the minimum of 68");
}

}  // namespace
}  // namespace ifkit::conf
