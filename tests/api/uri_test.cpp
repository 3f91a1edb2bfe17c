// SPDX-License-Identifier: LGPL-2.1-or-later
// parseUri: the parts of a connection URI that choose the driver.
#include "api/uri.h"

#include <gtest/gtest.h>

namespace ifkit::api {
namespace {

TEST(Uri, EmptyAuthorityHasNoServer) {
  Uri u = parseUri("test:///default");
  EXPECT_EQ(u.scheme, "test");
  EXPECT_FALSE(u.server);
  EXPECT_EQ(u.path, "/default");
  EXPECT_EQ(u.query, "");
}

TEST(Uri, ServerUserAndPortAreSplit) {
  Uri u = parseUri("interface+ssh://root@host.example:22/system?socket=/run/x#frag");
  EXPECT_EQ(u.scheme, "interface+ssh");
  EXPECT_EQ(u.server, "host.example");
  EXPECT_EQ(u.path, "/system");
  EXPECT_EQ(u.query, "socket=/run/x");
}

TEST(Uri, NoSchemeIsAPath) {
  Uri u = parseUri("foo");
  EXPECT_FALSE(u.scheme);
  EXPECT_EQ(u.path, "foo");
  EXPECT_FALSE(parseUri("1x:/y").scheme);  // a scheme starts with a letter
}

TEST(Uri, SchemeWithoutAuthority) {
  Uri u = parseUri("test:/default");
  EXPECT_EQ(u.scheme, "test");
  EXPECT_FALSE(u.server);
  EXPECT_EQ(u.path, "/default");
  EXPECT_EQ(parseUri("test:").path, "");
  EXPECT_EQ(parseUri("test://").path, "");
}

}  // namespace
}  // namespace ifkit::api
