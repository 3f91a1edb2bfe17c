// SPDX-License-Identifier: LGPL-2.1-or-later
// One owner per interface among the system driver's definitions (definition_owners.h): a bridge or
// bond defined over an interface replaces that interface's definition in one step, a second owner
// is refused with the store left byte for byte as it was, and boot, given a store edited by hand,
// names both files and starts what the rule says. Over the memory host: no root, no kernel.
#include "driver/system/definition_owners.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "conf/interface_xml.h"
#include "driver/system/system_driver.h"
#include "host/memory/memory_host.h"
#include "live_fixture.h"
#include "store/parsed_cache.h"

namespace ifkit::driver {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHost =
    "link lo loopback up\n"
    "link eth0 ethernet mac=52:54:00:00:00:01\n"
    "link eth1 ethernet mac=52:54:00:00:00:02\n"
    "link wan0 ethernet mac=52:54:00:00:00:03\n";

constexpr const char* kEth0 =
    "<interface type='ethernet' name='eth0'><start mode='onboot'/><protocol family='ipv4'>"
    "<ip address='192.0.2.5' prefix='24'/><route gateway='192.0.2.254'/></protocol></interface>";
constexpr const char* kBr0 =
    "<interface type='bridge' name='br0'><start mode='onboot'/><protocol family='ipv4'>"
    "<ip address='192.0.2.5' prefix='24'/><route gateway='192.0.2.254'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

class DefinitionOwnersTest : public ::testing::Test {
 protected:
  DefinitionOwnersTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-owners-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    auto host = std::make_unique<host::memory::MemoryHost>(plan::test::readLiveFixture(kHost));
    host_ = host.get();
    driver_ = std::make_unique<SystemDriver>(std::move(host),
                                             store::DefinitionStore::open(store_).value(),
                                             std::make_unique<MemoryStartRecords>());
  }
  ~DefinitionOwnersTest() override { fs::remove_all(store_); }

  Status define(const std::string& xml) {
    auto defined = driver_->defineXML(xml, 0);
    if (!defined) return std::move(defined).error();
    return Status();
  }
  // Every file of the store directory but its locks, with its bytes.
  std::map<std::string, std::string> files() const {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(store_)) {
      const std::string name = entry.path().filename().string();
      if (name == ".lock" || name == ".host-changes.lock" || name == store::kParsedCacheFile)
        continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      out[name] = bytes.str();
    }
    return out;
  }
  static std::string canonical(const std::string& xml) {
    return conf::formatInterfaceXml(conf::parseInterfaceXml(xml).value());
  }
  void writeByHand(const std::string& name, const std::string& xml) {
    std::ofstream(store_ / (name + ".xml"), std::ios::binary) << canonical(xml);
  }
  std::string masterOf(const std::string& link) const {
    const host::Link* l = host_->state().linkByName(link);
    const host::Link* m = l ? host_->state().linkByIndex(l->masterIndex) : nullptr;
    return m ? m->name : "";
  }

  fs::path store_;
  host::memory::MemoryHost* host_ = nullptr;  // owned by driver_
  std::unique_ptr<SystemDriver> driver_;
};

TEST_F(DefinitionOwnersTest, ABridgeOverADefinedInterfaceReplacesItsDefinition) {
  ASSERT_TRUE(define(kEth0).ok());
  ASSERT_TRUE(define(kBr0).ok());
  EXPECT_EQ(files(), (std::map<std::string, std::string>{{"br0.xml", canonical(kBr0)}}));
  // Undefining the bridge does not bring the member's definition back.
  ASSERT_TRUE(driver_->undefine({"br0", ""}).ok());
  EXPECT_TRUE(files().empty());
}

// At any depth: a bridge over a bond claims the bond's slaves, and replaces their definitions
// and the bond's own in the same step; a damaged file of a claimed name goes too.
TEST_F(DefinitionOwnersTest, ABridgeOverABondReplacesTheBondsAndItsSlavesDefinitions) {
  ASSERT_TRUE(define("<interface type='bond' name='bond0'><bond mode='active-backup'>"
                     "<interface type='ethernet' name='eth0'/></bond></interface>")
                  .ok());
  std::ofstream(store_ / "eth1.xml") << "<interface type='ethernet' name='eth1'";  // damaged
  ASSERT_TRUE(define("<interface type='ethernet' name='wan0'><mtu size='1400'/></interface>").ok());
  const std::string bridge =
      "<interface type='bridge' name='br0'><bridge><interface type='bond' name='bond0'>"
      "<bond mode='active-backup'><interface type='ethernet' name='eth0'/>"
      "<interface type='ethernet' name='eth1'/></bond></interface></bridge></interface>";
  ASSERT_TRUE(define(bridge).ok());
  auto left = files();
  EXPECT_EQ(left.size(), 2u);
  EXPECT_EQ(left["br0.xml"], canonical(bridge));
  EXPECT_EQ(left.count("wan0.xml"), 1u);  // not claimed: left alone
}

// A define that would give an interface a second owner changes nothing, and says which
// definition owns it already, with its file.
TEST_F(DefinitionOwnersTest, ASecondOwnerIsRefusedAndTheStoreStaysAsItWas) {
  ASSERT_TRUE(define(kBr0).ok());
  const auto before = files();
  const std::string owned =
      "Requested operation is not valid: interface 'eth0' is already part "
      "of bridge 'br0', defined in '" +
      store_.string() + "/br0.xml'";
  struct Case {
    const char* what;
    std::string xml;
    std::string message;
  };
  const Case cases[] = {
      {"a second bridge",
       "<interface type='bridge' name='br1'><bridge>"
       "<interface type='ethernet' name='eth0'/></bridge></interface>",
       owned},
      {"a bond",
       "<interface type='bond' name='bond0'><bond>"
       "<interface type='ethernet' name='eth1'/><interface type='ethernet' name='eth0'/>"
       "</bond></interface>",
       owned},
      {"a bridge over a bond",
       "<interface type='bridge' name='br1'><bridge>"
       "<interface type='bond' name='bond0'><bond><interface type='ethernet' name='eth0'/>"
       "</bond></interface></bridge></interface>",
       owned},
      {"the member on its own", "<interface type='ethernet' name='eth0'/>", owned},
      {"a member twice",
       "<interface type='bridge' name='br1'><bridge>"
       "<interface type='ethernet' name='eth1'/><interface type='ethernet' name='eth1'/>"
       "</bridge></interface>",
       "Requested operation is not valid: interface 'eth1' appears twice in the definition "
       "of 'br1'"},
      {"a bridge in itself",
       "<interface type='bridge' name='br1'><bridge>"
       "<interface type='ethernet' name='br1'/></bridge></interface>",
       "Requested operation is not valid: interface 'br1' cannot be part of itself"},
  };
  for (const Case& c : cases) {
    Status st = define(c.xml);
    ASSERT_FALSE(st.ok()) << c.what;
    EXPECT_EQ(st.error().number, ErrorNumber::OperationInvalid) << c.what;
    EXPECT_EQ(st.error().message, c.message) << c.what;
    EXPECT_EQ(files(), before) << c.what;
  }
  // The owner itself may be defined again, over the same member or another.
  ASSERT_TRUE(define(kBr0).ok());
  ASSERT_TRUE(define("<interface type='bridge' name='br0'><bridge>"
                     "<interface type='ethernet' name='eth1'/></bridge></interface>")
                  .ok());
  ASSERT_TRUE(define("<interface type='ethernet' name='eth0'/>").ok());  // free again
}

TEST_F(DefinitionOwnersTest, ARollbackBringsTheMembersDefinitionBackAndTakesTheBridgeAway) {
  ASSERT_TRUE(define(kEth0).ok());
  const auto atBegin = files();
  ASSERT_TRUE(driver_->changeBegin(0).ok());
  ASSERT_TRUE(define(kBr0).ok());
  ASSERT_EQ(files().count("eth0.xml"), 0u);
  ASSERT_TRUE(driver_->changeRollback(0).ok());
  EXPECT_EQ(files(), atBegin);
}

// A store edited by hand: the member's own definition is left alone and its bridge starts; both
// files are named, and boot fails so that someone looks.
TEST_F(DefinitionOwnersTest, BootStartsTheBridgeOverAMemberDefinedTwiceAndNamesBothFiles) {
  writeByHand("eth0", kEth0);
  writeByHand("br0", kBr0);
  writeByHand("wan0",
              "<interface type='ethernet' name='wan0'><start mode='onboot'/>"
              "<mtu size='1400'/></interface>");
  auto report = driver_->boot();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->started, (std::vector<std::string>{"br0", "wan0"}));
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].first, "eth0");
  EXPECT_EQ(report->conflicts[0].second.message,
            "Requested operation is not valid: interface 'eth0' is part of bridge 'br0', defined "
            "in '" +
                store_.string() + "/br0.xml', and has a definition of its own in '" +
                store_.string() + "/eth0.xml', which boot leaves alone");
  EXPECT_EQ(masterOf("eth0"), "br0");
  EXPECT_TRUE(files().count("eth0.xml"));  // boot reports; the administrator decides
}

TEST_F(DefinitionOwnersTest, BootStartsNeitherOfTwoBridgesClaimingOneInterface) {
  writeByHand("br0", kBr0);
  writeByHand("br1",
              "<interface type='bridge' name='br1'><start mode='onboot'/><bridge>"
              "<interface type='ethernet' name='eth1'/><interface type='ethernet' "
              "name='eth0'/></bridge></interface>");
  writeByHand("wan0",
              "<interface type='ethernet' name='wan0'><start mode='onboot'/>"
              "<mtu size='1400'/></interface>");
  auto report = driver_->boot();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->started, std::vector<std::string>{"wan0"});
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].second.message,
            "Requested operation is not valid: interface 'eth0' is part of bridge 'br0', defined "
            "in '" +
                store_.string() + "/br0.xml', and of bridge 'br1', defined in '" + store_.string() +
                "/br1.xml': boot starts neither");
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_EQ(host_->state().linkByName("br1"), nullptr);
}

// What boot orders by, now that members are part of their bridges: a VLAN after its parent's
// own definition (the VLAN's name comes first, its start must not).
TEST_F(DefinitionOwnersTest, BootStartsAVlanAfterItsParentsDefinition) {
  ASSERT_TRUE(define("<interface type='vlan' name='vlan10'><start mode='onboot'/>"
                     "<vlan tag='10'><interface name='wan0'/></vlan></interface>")
                  .ok());
  ASSERT_TRUE(define("<interface type='ethernet' name='wan0'><start mode='onboot'/>"
                     "<mtu size='1400'/></interface>")
                  .ok());
  auto report = driver_->boot();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->started, (std::vector<std::string>{"wan0", "vlan10"}));
  EXPECT_TRUE(report->conflicts.empty());
}

}  // namespace
}  // namespace ifkit::driver
