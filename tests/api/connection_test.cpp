// SPDX-License-Identifier: LGPL-2.1-or-later
// The public API's own rules: opening URIs, read-only connections, handles, flags.
#include <gtest/gtest.h>

#include "ifkit/ifkit.h"

namespace ifkit {
namespace {

constexpr const char* kEth1Xml =
    "<interface type='ethernet' name='eth1'>\n"
    "  <start mode='onboot'/>\n"
    "  <mtu size='1492'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.168.0.5' prefix='24'/>\n"
    "    <route gateway='192.168.0.1'/>\n"
    "  </protocol>\n"
    "  <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "</interface>\n";

Connection openTest(bool readOnly = false) {
  auto conn = Connection::open("test:///default", readOnly);
  EXPECT_TRUE(conn.ok()) << (conn.ok() ? "" : conn.error().message);
  return std::move(conn).value();
}

void expectError(const Error& e, ErrorNumber number, ErrorDomain domain, std::string_view msg) {
  EXPECT_EQ(e.number, number);
  EXPECT_EQ(e.domain, domain);
  EXPECT_EQ(e.message, msg);
}

TEST(Open, TestDefaultIsSeededWithActiveEth1) {
  Connection conn = openTest();
  EXPECT_EQ(conn.uri(), "test:///default");
  EXPECT_FALSE(conn.isReadOnly());
  auto all = conn.listAllInterfaces(0);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name(), "eth1");
  EXPECT_EQ((*all)[0].macString(), "aa:bb:cc:dd:ee:ff");
  EXPECT_TRUE((*all)[0].isActive().value());
  EXPECT_EQ((*all)[0].xmlDesc(0).value(), kEth1Xml);
}

TEST(Open, QueryStringIsAccepted) {
  EXPECT_TRUE(Connection::open("test:///default?x=1").ok());
  EXPECT_TRUE(Connection::open("test:/default").ok());
}

TEST(Open, UnknownSchemeHasNoDriver) {
  auto conn = Connection::open("foo:///bar");
  ASSERT_FALSE(conn.ok());
  expectError(conn.error(), ErrorNumber::NoConnect, ErrorDomain::None,
              "no connection driver available for foo:///bar");
}

TEST(Open, UriWithoutSchemeNamesNoDriver) {
  auto conn = Connection::open("foo");
  ASSERT_FALSE(conn.ok());
  expectError(conn.error(), ErrorNumber::NoConnect, ErrorDomain::None,
              "no connection driver available for URI 'foo' does not include a driver name");
}

TEST(Open, UrisNoDriverServesFailWithNoConnect) {
  for (const char* uri : {"ifkit:///nowhere", "ifkit://host/system", "test://host/default",
                          "TEST:///default", "foo:///bar"}) {
    auto conn = Connection::open(uri);
    ASSERT_FALSE(conn.ok()) << uri;
    EXPECT_EQ(conn.error().number, ErrorNumber::NoConnect) << uri;
    EXPECT_EQ(conn.error().message, std::string("no connection driver available for ") + uri);
  }
}

TEST(Open, DaemonUriWithoutADaemonNamesTheSocketItTried) {
  for (const char* uri : {"interface+unix:///system?socket=/nonexistent/sock",
                          "interface:///system?socket=/nonexistent/sock"}) {
    auto conn = Connection::open(uri);
    ASSERT_FALSE(conn.ok()) << uri;
    EXPECT_EQ(conn.error().number, ErrorNumber::SystemError) << uri;
    EXPECT_EQ(conn.error().message,
              "Failed to connect socket to '/nonexistent/sock': No such file or directory");
  }
}

TEST(Open, TestWithoutPathAsksForOne) {
  for (const char* uri : {"test:", "test://", "test:///"}) {
    auto conn = Connection::open(uri);
    ASSERT_FALSE(conn.ok()) << uri;
    expectError(conn.error(), ErrorNumber::InvalidArg, ErrorDomain::Test,
                "invalid argument: testOpen: supply a path or use test:///default");
  }
}

TEST(Open, TestFilesAreNotSupported) {
  auto conn = Connection::open("test:///etc/world.xml");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().number, ErrorNumber::ConfigUnsupported);
}

TEST(Open, EachConnectionGetsItsOwnWorld) {
  Connection a = openTest();
  Connection b = openTest();
  ASSERT_TRUE(a.lookupByName("eth1")->undefine().ok());
  EXPECT_FALSE(a.lookupByName("eth1").ok());
  EXPECT_TRUE(b.lookupByName("eth1").ok());
}

TEST(ReadOnly, EveryChangeIsDeniedWithThePublicFunctionName) {
  Connection conn = openTest(/*readOnly=*/true);
  EXPECT_TRUE(conn.isReadOnly());
  auto denied = [](std::string_view fn) {
    return "operation forbidden: read only access prevents " + std::string(fn);
  };
  auto def = conn.defineXML(kEth1Xml);
  ASSERT_FALSE(def.ok());
  expectError(def.error(), ErrorNumber::OperationDenied, ErrorDomain::Interface,
              denied("virInterfaceDefineXML"));
  Interface eth1 = conn.lookupByName("eth1").value();
  expectError(eth1.undefine().error(), ErrorNumber::OperationDenied, ErrorDomain::Interface,
              denied("virInterfaceUndefine"));
  expectError(eth1.create(0).error(), ErrorNumber::OperationDenied, ErrorDomain::Interface,
              denied("virInterfaceCreate"));
  expectError(eth1.destroy(0).error(), ErrorNumber::OperationDenied, ErrorDomain::Interface,
              denied("virInterfaceDestroy"));
  expectError(conn.changeBegin(0).error(), ErrorNumber::OperationDenied, ErrorDomain::Interface,
              denied("virInterfaceChangeBegin"));
  expectError(conn.changeCommit(0).error(), ErrorNumber::OperationDenied, ErrorDomain::Interface,
              denied("virInterfaceChangeCommit"));
  expectError(conn.changeRollback(0).error(), ErrorNumber::OperationDenied,
              ErrorDomain::Interface, denied("virInterfaceChangeRollback"));
  // Nothing changed, and reading still works.
  EXPECT_TRUE(eth1.isActive().value());
  EXPECT_EQ(eth1.xmlDesc(0).value(), kEth1Xml);
  EXPECT_EQ(conn.numOfInterfaces().value(), 1);
}

TEST(ReadOnly, ReadOnlyIsCheckedBeforeFlags) {
  // libvirt's public function checks read-only access before the driver sees the flags.
  Connection conn = openTest(/*readOnly=*/true);
  auto def = conn.defineXML(kEth1Xml, 0x2);
  ASSERT_FALSE(def.ok());
  EXPECT_EQ(def.error().number, ErrorNumber::OperationDenied);
}

TEST(Handle, KeepsItsConnectionAlive) {
  std::optional<Interface> eth1;
  {
    Connection conn = openTest();
    eth1 = conn.lookupByName("eth1").value();
  }
  EXPECT_TRUE(eth1->isActive().value());
  EXPECT_EQ(eth1->connection().uri(), "test:///default");
  // The handle's connection is the same world, not a fresh one.
  ASSERT_TRUE(eth1->destroy(0).ok());
  EXPECT_FALSE(eth1->connection().lookupByName("eth1")->isActive().value());
}

TEST(Handle, CapturesNameAndMacAtLookup) {
  Connection conn = openTest();
  Interface eth1 = conn.lookupByName("eth1").value();
  ASSERT_TRUE(conn.defineXML("<interface type='ethernet' name='eth1'>"
                             "<mac address='00:11:22:33:44:55'/></interface>")
                  .ok());
  EXPECT_EQ(eth1.macString(), "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(conn.lookupByName("eth1")->macString(), "00:11:22:33:44:55");
}

TEST(Handle, FailsOnceTheInterfaceIsGone) {
  Connection conn = openTest();
  Interface eth1 = conn.lookupByName("eth1").value();
  ASSERT_TRUE(eth1.undefine().ok());
  auto active = eth1.isActive();
  ASSERT_FALSE(active.ok());
  expectError(active.error(), ErrorNumber::NoInterface, ErrorDomain::Test,
              "Interface not found: no interface with matching name 'eth1'");
  EXPECT_EQ(eth1.create(0).error().number, ErrorNumber::NoInterface);
  EXPECT_EQ(eth1.undefine().error().number, ErrorNumber::NoInterface);
}

}  // namespace
}  // namespace ifkit
