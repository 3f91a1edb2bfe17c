// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading the lease another DHCP client holds for a link: networkd's, NetworkManager's internal
// client's and dhclient's files, as they write them, and only a lease of the link's address.
#include "native/dhcp_leases.h"

#include <gtest/gtest.h>

#include "temp_root.h"

namespace ifkit::native {
namespace {

using ifkit::test::TempRoot;

// As systemd-networkd 252 writes /run/systemd/netif/leases/IFINDEX (client id RFC 4361: type
// ff, IAID, DUID).
const char* kNetworkdLease =
    "# This is private data. Do not parse.\n"
    "ADDRESS=10.99.0.58\n"
    "NETMASK=255.255.255.0\n"
    "ROUTER=10.99.0.1\n"
    "SERVER_ADDRESS=10.99.0.1\n"
    "T1=1800\n"
    "T2=3150\n"
    "LIFETIME=3600\n"
    "CLIENTID=FF5F6DAAA800020000AB110033BDEBF95E192C\n";

// As ISC dhclient appends leases to dhclient.IFACE.leases: the last one of an interface counts.
const char* kDhclientLeases =
    "default-duid \"\\000\\001\\000\\001\";\n"
    "lease {\n"
    "  interface \"eth0\";\n"
    "  fixed-address 192.0.2.7;\n"
    "  option subnet-mask 255.255.255.0;\n"
    "  option dhcp-client-identifier 1:52:54:0:12:34:56;\n"
    "}\n"
    "lease {\n"
    "  interface \"eth1\";\n"
    "  fixed-address 198.51.100.9;\n"
    "}\n"
    "lease {\n"
    "  interface \"eth0\";\n"
    "  fixed-address 192.0.2.8;\n"
    "  option routers 192.0.2.1;\n"
    "  option dhcp-client-identifier \"host-a\";\n"
    "  renew 1 2026/12/07 02:00:00;\n"
    "}\n";

TEST(DhcpLeases, NetworkdsLeaseGivesItsClientIdentifierForItsAddressOnly) {
  EXPECT_EQ(networkdLeaseClientId(kNetworkdLease, "10.99.0.58"),
            "ff5f6daaa800020000ab110033bdebf95e192c");
  EXPECT_EQ(networkdLeaseClientId(kNetworkdLease, "10.99.0.59"), std::nullopt);
  EXPECT_EQ(networkdLeaseClientId("ADDRESS=10.99.0.58\n", "10.99.0.58"), std::nullopt);
}

TEST(DhcpLeases, DhclientsLastLeaseOfTheInterfaceCounts) {
  // "host-a" as bytes.
  EXPECT_EQ(dhclientLeaseClientId(kDhclientLeases, "eth0", "192.0.2.8"), "686f73742d61");
  // An older lease of eth0 is not the one it holds now.
  EXPECT_EQ(dhclientLeaseClientId(kDhclientLeases, "eth0", "192.0.2.7"), std::nullopt);
  // Without an identifier: dhclient sent none (its default), and so will the next client.
  EXPECT_EQ(dhclientLeaseClientId(kDhclientLeases, "eth1", "198.51.100.9"), "");
  EXPECT_EQ(dhclientLeaseClientId(kDhclientLeases, "eth2", "198.51.100.9"), std::nullopt);
  EXPECT_EQ(dhclientLeaseClientId("lease {\n  interface \"eth0\";\n  fixed-address 192.0.2.7;\n"
                                  "  option dhcp-client-identifier 1:52:54:0:12:34:56;\n}\n",
                                  "eth0", "192.0.2.7"),
            "01525400123456");
}

TEST(DhcpLeases, EachClientsFileIsFoundUnderTheRoot) {
  TempRoot root;
  const LeasedLink eth0{3, "eth0", "52:54:00:12:34:56", "10.99.0.58"};
  EXPECT_EQ(findPreviousDhcpLease(ConfigRoot(root.root()), eth0), std::nullopt);

  root.write("/var/lib/NetworkManager/internal-0f3b-4c2a-eth0.lease",
             "# This is private data. Do not parse.\nADDRESS=10.99.0.58\n");
  auto nm = findPreviousDhcpLease(ConfigRoot(root.root()), eth0);
  ASSERT_TRUE(nm);
  EXPECT_EQ(nm->client, "NetworkManager");
  EXPECT_EQ(nm->clientId, "01525400123456");  // its default, "mac"

  root.write("/run/systemd/netif/leases/3", kNetworkdLease);
  auto networkd = findPreviousDhcpLease(ConfigRoot(root.root()), eth0);
  ASSERT_TRUE(networkd);
  EXPECT_EQ(networkd->client, "systemd-networkd");
  EXPECT_EQ(networkd->path, "/run/systemd/netif/leases/3");
  EXPECT_EQ(networkd->clientId, "ff5f6daaa800020000ab110033bdebf95e192c");

  root.write("/var/lib/dhcp/dhclient.eth0.leases", kDhclientLeases);
  auto dhclient = findPreviousDhcpLease(ConfigRoot(root.root()),
                                        LeasedLink{4, "eth0", "52:54:00:12:34:56", "192.0.2.8"});
  ASSERT_TRUE(dhclient);
  EXPECT_EQ(dhclient->client, "dhclient");
  EXPECT_EQ(dhclient->clientId, "686f73742d61");
}

}  // namespace
}  // namespace ifkit::native
