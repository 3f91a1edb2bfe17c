// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's behaviour, claim by claim, as libvirt 9.0's test:///default shows it.
#include <gtest/gtest.h>

#include <algorithm>

#include "ifkit/ifkit.h"

namespace ifkit {
namespace {

constexpr const char* kBr0 =
    "<interface type='bridge' name='br0'>\n"
    "  <bridge>\n"
    "    <interface type='ethernet' name='eth0'>\n"
    "      <mac address='aa:bb:cc:00:00:01'/>\n"
    "    </interface>\n"
    "  </bridge>\n"
    "</interface>\n";

std::string ethernet(std::string_view name, std::string_view mac) {
  return "<interface type='ethernet' name='" + std::string(name) + "'>\n  <mac address='" +
         std::string(mac) + "'/>\n</interface>\n";
}

class TestDriver : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = Connection::open("test:///default");
    ASSERT_TRUE(c.ok()) << c.error().message;
    conn_ = std::move(c).value();
  }
  Connection& conn() { return *conn_; }
  Interface define(const std::string& xml) {
    auto iface = conn().defineXML(xml);
    EXPECT_TRUE(iface.ok()) << (iface.ok() ? "" : iface.error().message);
    return std::move(iface).value();
  }
  std::vector<std::string> names(unsigned flags) {
    std::vector<std::string> out;
    auto list = conn().listAllInterfaces(flags);  // kept: value() of a temporary would dangle
    for (const Interface& i : list.value()) out.push_back(i.name());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::optional<Connection> conn_;
};

using Names = std::vector<std::string>;

void expectFlagsError(const Error& e, std::string_view text) {
  EXPECT_EQ(e.number, ErrorNumber::InvalidArg);
  EXPECT_EQ(e.domain, ErrorDomain::Test);
  EXPECT_EQ(e.message, text);
}

TEST_F(TestDriver, ListingsFilterByActiveState) {
  define(kBr0);
  EXPECT_EQ(names(0), (Names{"br0", "eth1"}));
  EXPECT_EQ(names(kListInterfacesActive | kListInterfacesInactive), (Names{"br0", "eth1"}));
  EXPECT_EQ(names(kListInterfacesActive), (Names{"eth1"}));
  EXPECT_EQ(names(kListInterfacesInactive), (Names{"br0"}));
  EXPECT_EQ(conn().numOfInterfaces().value(), 1);
  EXPECT_EQ(conn().listInterfaces().value(), (Names{"eth1"}));
  EXPECT_EQ(conn().numOfDefinedInterfaces().value(), 1);
  EXPECT_EQ(conn().listDefinedInterfaces().value(), (Names{"br0"}));
}

TEST_F(TestDriver, UnknownFlagBitsAreRefusedFirst) {
  expectFlagsError(conn().listAllInterfaces(0x4).error(),
                   "unsupported flags (0x4) in function testConnectListAllInterfaces");
  expectFlagsError(conn().defineXML("not even xml", 0x2).error(),
                   "unsupported flags (0x2) in function testInterfaceDefineXML");
  // Only the unknown bits are named.
  expectFlagsError(conn().defineXML(kBr0, 0x3).error(),
                   "unsupported flags (0x2) in function testInterfaceDefineXML");
  Interface eth1 = conn().lookupByName("eth1").value();
  expectFlagsError(eth1.create(0x10).error(),
                   "unsupported flags (0x10) in function testInterfaceCreate");
  expectFlagsError(eth1.destroy(0x1).error(),
                   "unsupported flags (0x1) in function testInterfaceDestroy");
  expectFlagsError(conn().changeBegin(0x8).error(),
                   "unsupported flags (0x8) in function testInterfaceChangeBegin");
  expectFlagsError(conn().changeCommit(0x8).error(),
                   "unsupported flags (0x8) in function testInterfaceChangeCommit");
  expectFlagsError(conn().changeRollback(0x8).error(),
                   "unsupported flags (0x8) in function testInterfaceChangeRollback");
  // Nothing happened: eth1 is still active and no transaction was opened.
  EXPECT_TRUE(eth1.isActive().value());
  EXPECT_EQ(conn().changeCommit(0).error().number, ErrorNumber::OperationInvalid);
}

TEST_F(TestDriver, FlagErrorsCarryLibvirtsExtraFields) {
  const Error e = conn().lookupByName("eth1")->xmlDesc(kInterfaceXmlInactive).error();
  EXPECT_EQ(e.str1, "testInterfaceGetXMLDesc");
  EXPECT_EQ(e.str2, "flags");
  EXPECT_EQ(e.int1, 0);
  EXPECT_EQ(e.int2, 0);
  EXPECT_EQ(e.level, ErrorLevel::Error);
}

TEST_F(TestDriver, InactiveXmlIsRefused) {
  auto xml = conn().lookupByName("eth1")->xmlDesc(kInterfaceXmlInactive);
  ASSERT_FALSE(xml.ok());
  expectFlagsError(xml.error(), "unsupported flags (0x1) in function testInterfaceGetXMLDesc");
}

TEST_F(TestDriver, LiveXmlIsTheFormattedDefinition) {
  Interface br0 = define(kBr0);
  EXPECT_EQ(br0.xmlDesc(0).value(), kBr0);
  ASSERT_TRUE(br0.create(0).ok());
  EXPECT_EQ(br0.xmlDesc(0).value(), kBr0);
}

TEST_F(TestDriver, LookupByNameIsExact) {
  auto miss = conn().lookupByName("ETH1");
  ASSERT_FALSE(miss.ok());
  EXPECT_EQ(miss.error().number, ErrorNumber::NoInterface);
  EXPECT_EQ(miss.error().domain, ErrorDomain::Test);
  EXPECT_EQ(miss.error().message, "Interface not found: no interface with matching name 'ETH1'");
}

TEST_F(TestDriver, LookupByMacIgnoresCase) {
  auto iface = conn().lookupByMACString("AA:bb:CC:dd:EE:ff");
  ASSERT_TRUE(iface.ok());
  EXPECT_EQ(iface->name(), "eth1");
  EXPECT_EQ(iface->macString(), "aa:bb:cc:dd:ee:ff");  // the stored spelling, not the query's
}

TEST_F(TestDriver, LookupByMacMissNamesTheMac) {
  auto miss = conn().lookupByMACString("00:00:00:00:00:01");
  ASSERT_FALSE(miss.ok());
  EXPECT_EQ(miss.error().number, ErrorNumber::NoInterface);
  EXPECT_EQ(miss.error().message,
            "Interface not found: no interface with matching mac '00:00:00:00:00:01'");
}

TEST_F(TestDriver, SharedMacIsAnErrorNotAGuess) {
  define(ethernet("vlan-like", "AA:BB:CC:DD:EE:FF"));
  auto both = conn().lookupByMACString("aa:bb:cc:dd:ee:ff");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().number, ErrorNumber::MultipleInterfaces);
  EXPECT_EQ(both.error().domain, ErrorDomain::Test);
  EXPECT_EQ(both.error().message, "multiple matching interfaces found");
}

TEST_F(TestDriver, InterfacesWithoutMacNeverMatchAMac) {
  // libvirt 9.0 counts MAC-less interfaces as matches (a NULL compare); ifkit does not.
  define(kBr0);
  auto eth1 = conn().lookupByMACString("aa:bb:cc:dd:ee:ff");
  ASSERT_TRUE(eth1.ok()) << eth1.error().message;
  EXPECT_EQ(eth1->name(), "eth1");
  EXPECT_EQ(conn().lookupByName("br0")->macString(), "");
}

TEST_F(TestDriver, DefineReplacesAndKeepsActiveState) {
  Interface eth1 = define(ethernet("eth1", "00:11:22:33:44:55"));
  EXPECT_TRUE(eth1.isActive().value());
  EXPECT_EQ(eth1.xmlDesc(0).value(), ethernet("eth1", "00:11:22:33:44:55"));
  EXPECT_EQ(names(0), (Names{"eth1"}));
  Interface fresh = define(ethernet("eth2", "00:11:22:33:44:56"));
  EXPECT_FALSE(fresh.isActive().value());
}

TEST_F(TestDriver, DefineReportsTheParsersError) {
  auto bad = conn().defineXML("<interface name='x'/>");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().number, ErrorNumber::XmlError);
  EXPECT_EQ(bad.error().message,
            "XML error: Missing required attribute 'type' in element 'interface'");
  EXPECT_EQ(names(0), (Names{"eth1"}));
}

TEST_F(TestDriver, DefineWithValidateChecksTheSchema) {
  // A bond without slaves parses, but libvirt's schema wants at least one.
  const std::string bond = "<interface type='bond' name='bond0'><bond mode='active-backup'/>"
                           "</interface>";
  EXPECT_TRUE(conn().defineXML(bond, 0).ok());
  auto checked = conn().defineXML(bond, kInterfaceDefineValidate);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().number, ErrorNumber::XmlInvalidSchema);
}

TEST_F(TestDriver, StartAndStopCheckTheState) {
  Interface eth1 = conn().lookupByName("eth1").value();
  auto again = eth1.create(0);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().number, ErrorNumber::OperationInvalid);
  EXPECT_EQ(again.error().domain, ErrorDomain::Test);
  EXPECT_EQ(again.error().message, "Requested operation is not valid");
  ASSERT_TRUE(eth1.destroy(0).ok());
  EXPECT_FALSE(eth1.isActive().value());
  EXPECT_EQ(eth1.destroy(0).error().message, "Requested operation is not valid");
  ASSERT_TRUE(eth1.create(0).ok());
  EXPECT_TRUE(eth1.isActive().value());
}

TEST_F(TestDriver, ActiveInterfaceCanBeUndefined) {
  Interface eth1 = conn().lookupByName("eth1").value();
  ASSERT_TRUE(eth1.undefine().ok());
  EXPECT_EQ(names(0), Names{});
  EXPECT_EQ(conn().numOfInterfaces().value(), 0);
}

TEST_F(TestDriver, OneTransactionAtATime) {
  ASSERT_TRUE(conn().changeBegin(0).ok());
  auto second = conn().changeBegin(0);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().number, ErrorNumber::OperationInvalid);
  EXPECT_EQ(second.error().message,
            "Requested operation is not valid: there is another transaction running.");
}

TEST_F(TestDriver, CommitAndRollbackNeedATransaction) {
  auto commit = conn().changeCommit(0);
  ASSERT_FALSE(commit.ok());
  EXPECT_EQ(commit.error().message,
            "Requested operation is not valid: no transaction running, nothing to be committed.");
  auto rollback = conn().changeRollback(0);
  ASSERT_FALSE(rollback.ok());
  EXPECT_EQ(rollback.error().message,
            "Requested operation is not valid: no transaction running, nothing to rollback.");
  ASSERT_TRUE(conn().changeBegin(0).ok());
  ASSERT_TRUE(conn().changeCommit(0).ok());
  EXPECT_FALSE(conn().changeCommit(0).ok());  // the transaction is over
}

TEST_F(TestDriver, RollbackRestoresDefinitions) {
  ASSERT_TRUE(conn().changeBegin(0).ok());
  define(kBr0);
  define(ethernet("eth1", "00:11:22:33:44:55"));
  ASSERT_TRUE(conn().changeRollback(0).ok());
  EXPECT_EQ(names(0), (Names{"eth1"}));
  EXPECT_EQ(conn().lookupByName("eth1")->macString(), "aa:bb:cc:dd:ee:ff");
  EXPECT_FALSE(conn().changeRollback(0).ok());  // the transaction is over
}

TEST_F(TestDriver, RollbackRestoresUndefinedInterfaces) {
  ASSERT_TRUE(conn().changeBegin(0).ok());
  ASSERT_TRUE(conn().lookupByName("eth1")->undefine().ok());
  ASSERT_TRUE(conn().changeRollback(0).ok());
  EXPECT_EQ(names(0), (Names{"eth1"}));
}

TEST_F(TestDriver, RollbackRestoresActiveFlags) {
  // libvirt 9.0 rolls back to every interface inactive; ifkit returns to the snapshot.
  define(kBr0);
  ASSERT_TRUE(conn().changeBegin(0).ok());
  ASSERT_TRUE(conn().lookupByName("eth1")->destroy(0).ok());
  ASSERT_TRUE(conn().lookupByName("br0")->create(0).ok());
  ASSERT_TRUE(conn().changeRollback(0).ok());
  EXPECT_TRUE(conn().lookupByName("eth1")->isActive().value());
  EXPECT_FALSE(conn().lookupByName("br0")->isActive().value());
}

TEST_F(TestDriver, CommitKeepsTheChanges) {
  ASSERT_TRUE(conn().changeBegin(0).ok());
  define(kBr0);
  ASSERT_TRUE(conn().changeCommit(0).ok());
  EXPECT_EQ(names(0), (Names{"br0", "eth1"}));
}

}  // namespace
}  // namespace ifkit
