// SPDX-License-Identifier: LGPL-2.1-or-later
// The text form of a DHCP identity: written and read back, and nothing else read.
#include "host/dhcp/dhcp_identity.h"

#include <gtest/gtest.h>

namespace ifkit::host {
namespace {

TEST(DhcpIdentity, IsReadBackAsItWasWritten) {
  const DhcpIdentity networkd{"ff4e0d4f0c00020000ab110033bdeb", "10.99.0.59"};
  EXPECT_EQ(formatDhcpIdentity(networkd),
            "client-id ff4e0d4f0c00020000ab110033bdeb\naddress 10.99.0.59\n");
  EXPECT_EQ(parseDhcpIdentity(formatDhcpIdentity(networkd)), networkd);
  // dhclient's default: no client identifier at all.
  const DhcpIdentity none{"", "192.0.2.7"};
  EXPECT_EQ(formatDhcpIdentity(none), "client-id none\naddress 192.0.2.7\n");
  EXPECT_EQ(parseDhcpIdentity(formatDhcpIdentity(none)), none);
}

TEST(DhcpIdentity, ADamagedFileIsNone) {
  EXPECT_EQ(parseDhcpIdentity(""), std::nullopt);
  EXPECT_EQ(parseDhcpIdentity("client-id ff4e\n"), std::nullopt);
  EXPECT_EQ(parseDhcpIdentity("client-id FF4E\naddress 10.0.0.1\n"), std::nullopt);
  EXPECT_EQ(parseDhcpIdentity("client-id ff4\naddress 10.0.0.1\n"), std::nullopt);
  EXPECT_EQ(parseDhcpIdentity("client-id ff4e\naddress 2001:db8::1\n"), std::nullopt);
  EXPECT_EQ(parseDhcpIdentity("client-id ff4e\naddress 10.0.0.1\nmore\n"), std::nullopt);
  EXPECT_EQ(parseDhcpIdentity("client-id ff;e\naddress 10.0.0.1\n"), std::nullopt);
}

}  // namespace
}  // namespace ifkit::host
