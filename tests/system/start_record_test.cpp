// SPDX-License-Identifier: LGPL-2.1-or-later
// Stop undoes what start did, on a real kernel: start keeps a record of its operations (under
// /run/ifkit/started/<netns inode>/), and stop puts back exactly what start changed, leaving
// what was there before, whatever the definition says. `ip -j` is the oracle.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "driver/system/start_record_directory.h"
#include "host/netlink/netns.h"
#include "host_view.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::TestNetns;

class StartRecordTest : public ::testing::Test {
 protected:
  StartRecordTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-rec-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    ns_.ip("link add eth0 type veth peer name eth0-peer");  // the stand-in NIC
    ns_.ip("link set eth0-peer up");
  }
  ~StartRecordTest() override { fs::remove_all(store_); }

  std::string uri() const { return test::systemUri(ns_.name(), store_); }
  Connection open() const { return Connection::open(uri()).value(); }
  // Where the system driver keeps the record of `name`'s start in this namespace.
  fs::path recordOf(const std::string& name) const {
    struct stat st {};
    EXPECT_EQ(::stat(("/run/netns/" + ns_.name()).c_str(), &st), 0);
    return fs::path("/run/ifkit/started") / std::to_string(st.st_ino) / name;
  }
  // The link's global addresses, as "192.0.2.1/24", in the kernel's order.
  std::vector<std::string> addressesOf(const std::string& link) const {
    std::vector<std::string> out;
    for (const auto& a : ns_.ipJson("addr show " + link)[0]["addr_info"].items())
      if (a["scope"].str() == "global")
        out.push_back(a["local"].str() + "/" + std::to_string(a["prefixlen"].integer()));
    return out;
  }
  bool exists(const std::string& link) const {
    return test::runCommand("ip -n " + ns_.name() + " link show " + link).exitCode == 0;
  }
  std::string destroyDryRun(const std::string& name) const {
    auto r = test::runCommand(std::string(IFKIT_BIN) + " -c '" + uri() +
                              "' 'iface-destroy --dry-run " + name + "'");
    EXPECT_EQ(r.exitCode, 0) << r.output;
    return r.output;
  }

  TestNetns ns_;
  fs::path store_;
};

// br0 over eth0 with two addresses, of which br0 already has the first.
constexpr const char* kBridgeTwoAddresses =
    "<interface type='bridge' name='br0'>"
    "<protocol family='ipv4'><ip address='198.51.100.1' prefix='24'/>"
    "<ip address='192.0.2.1' prefix='24'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

// The bridge and the address an administrator made before start.
void makeBridgeByHand(const TestNetns& ns) {
  ns.ip("link add br0 type bridge");
  ns.ip("addr add 198.51.100.1/24 dev br0");
}

// "I stop an interface whose bridge and address were there before I started it: they stay,
// only what start added goes."
TEST_F(StartRecordTest, StopLeavesTheBridgeAndAddressThatWereThereBeforeStart) {
  makeBridgeByHand(ns_);
  Connection conn = open();
  auto br0 = conn.defineXML(kBridgeTwoAddresses);
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  Status started = br0->create();
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(addressesOf("br0"), (std::vector<std::string>{"198.51.100.1/24", "192.0.2.1/24"}));

  Status stopped = br0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  ASSERT_TRUE(exists("br0")) << "stop deleted a bridge it did not make";
  const auto bridge = ns_.ipJson("-d link show br0")[0];
  EXPECT_EQ(bridge["linkinfo"]["info_kind"].str(), "bridge");
  EXPECT_FALSE(bridge["flags"].contains("UP"));
  EXPECT_EQ(addressesOf("br0"), std::vector<std::string>{"198.51.100.1/24"});
  const auto nic = ns_.ipJson("link show eth0")[0];
  EXPECT_FALSE(nic.has("master"));
  EXPECT_FALSE(nic["flags"].contains("UP"));
  EXPECT_FALSE(*br0->isActive());
  EXPECT_FALSE(fs::exists(recordOf("br0"))) << "a stop drops the record it undid";
}

// "I stop a NIC whose MTU and MAC start changed: it gets its own back."
TEST_F(StartRecordTest, StopGivesTheNicItsMtuAndMacBack) {
  const auto before = ns_.ipJson("link show eth0")[0];
  ASSERT_EQ(before["mtu"].integer(), 1500);
  Connection conn = open();
  auto eth0 = conn.defineXML(
      "<interface type='ethernet' name='eth0'><mac address='52:54:00:aa:bb:cc'/>"
      "<mtu size='1400'/><protocol family='ipv4'><ip address='192.0.2.7' prefix='24'/>"
      "</protocol></interface>");
  ASSERT_TRUE(eth0.ok()) << eth0.error().message;
  ASSERT_TRUE(eth0->create().ok());
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["mtu"].integer(), 1400);
  EXPECT_EQ(ns_.ipJson("link show eth0")[0]["address"].str(), "52:54:00:aa:bb:cc");

  Status stopped = eth0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  const auto after = ns_.ipJson("link show eth0")[0];
  EXPECT_EQ(after["mtu"].integer(), 1500);
  EXPECT_EQ(after["address"].str(), before["address"].str());
  EXPECT_FALSE(after["flags"].contains("UP"));
  EXPECT_TRUE(addressesOf("eth0").empty());
}

// "I deleted one of the bridge's members and removed its address by hand while it ran: stop
// still succeeds, and undoes the rest (the other member's MTU, the bridge)."
TEST_F(StartRecordTest, StopSucceedsWhenPartsOfTheStartWereUndoneByHand) {
  ns_.ip("link add eth1 type veth peer name eth1-peer");
  Connection conn = open();
  auto br0 = conn.defineXML(
      "<interface type='bridge' name='br0'><mtu size='1400'/>"
      "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
      "<bridge stp='off'><interface type='ethernet' name='eth0'/>"
      "<interface type='ethernet' name='eth1'/></bridge></interface>");
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  ASSERT_TRUE(br0->create().ok());
  ns_.ip("link del eth1");
  ns_.ip("addr del 192.0.2.1/24 dev br0");

  Status stopped = br0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(exists("br0"));
  const auto nic = ns_.ipJson("link show eth0")[0];
  EXPECT_FALSE(nic.has("master"));
  EXPECT_FALSE(nic["flags"].contains("UP"));
  EXPECT_EQ(nic["mtu"].integer(), 1500);
  EXPECT_FALSE(fs::exists(recordOf("br0")));
}

// "The record is lost (or the interface was started by an older ifkit): stop takes down what
// the definition describes, as it always did."
TEST_F(StartRecordTest, StopWithoutARecordGoesByTheDefinition) {
  makeBridgeByHand(ns_);
  Connection conn = open();
  auto br0 = conn.defineXML(kBridgeTwoAddresses);
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  ASSERT_TRUE(br0->create().ok());
  ASSERT_TRUE(fs::exists(recordOf("br0")));
  ASSERT_TRUE(fs::remove(recordOf("br0")));

  Status stopped = br0->destroy();
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  EXPECT_FALSE(exists("br0")) << "the definition's bridge is deleted, whoever made it";
  const auto nic = ns_.ipJson("link show eth0")[0];
  EXPECT_FALSE(nic.has("master"));
  EXPECT_FALSE(nic["flags"].contains("UP"));
}

// "iface-destroy --dry-run shows the stop that would run: the record's, else the definition's."
TEST_F(StartRecordTest, DestroyDryRunShowsTheRecordsPlan) {
  makeBridgeByHand(ns_);
  Connection conn = open();
  auto br0 = conn.defineXML(kBridgeTwoAddresses);
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  ASSERT_TRUE(br0->create().ok());
  const std::string before = test::hostView(ns_);
  EXPECT_EQ(destroyDryRun("br0"),
            "remove address 192.0.2.1/24 from 'br0'\n"
            "bring down 'br0'\n"
            "bring down 'eth0'\n"
            "release 'eth0' from its master\n"
            "\n");
  ASSERT_TRUE(fs::remove(recordOf("br0")));
  EXPECT_EQ(destroyDryRun("br0"),
            "remove address 198.51.100.1/24 from 'br0'\n"
            "remove address 192.0.2.1/24 from 'br0'\n"
            "bring down 'br0'\n"
            "release 'eth0' from its master\n"
            "delete 'br0'\n"
            "bring down 'eth0'\n"
            "\n");
  EXPECT_EQ(test::hostView(ns_), before);
}

// "A transaction rolled back leaves no record of a start it undid: a later stop of an interface
// made by hand with the same name does not take it for ifkit's."
TEST_F(StartRecordTest, RollbackDropsTheRecordOfAStartItUndid) {
  Connection conn = open();
  auto br0 = conn.defineXML(kBridgeTwoAddresses);
  ASSERT_TRUE(br0.ok()) << br0.error().message;
  ASSERT_TRUE(conn.changeBegin().ok());
  ASSERT_TRUE(br0->create().ok());
  ASSERT_TRUE(fs::exists(recordOf("br0")));
  ASSERT_TRUE(conn.changeRollback().ok());
  EXPECT_FALSE(exists("br0"));
  EXPECT_FALSE(fs::exists(recordOf("br0")));
}

// Records found under another namespace's cookie (a namespace that had this inode number
// before) are not this one's: none is read, and the next save drops them.
// The directory is kept open between records; one that someone removed meanwhile is made again,
// rather than records going into a directory that no longer has a name.
// A records folder of its own under a temporary run directory, for a namespace of its own.
class StartRecordDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    run_ = fs::temp_directory_path() /
           ("ifkit-run-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    auto netns = host::nl::Netns::openByName(ns_.name());
    ASSERT_TRUE(netns.ok()) << netns.error().message;
    netns_.emplace(std::move(*netns));
    auto records = driver::StartRecordDirectory::open(*netns_, run_.string());
    ASSERT_TRUE(records.ok()) << records.error().message;
    records_ = std::move(*records);
  }
  void TearDown() override { fs::remove_all(run_); }

  TestNetns ns_;
  fs::path run_;
  std::optional<host::nl::Netns> netns_;
  std::unique_ptr<driver::StartRecordDirectory> records_;
};

TEST_F(StartRecordDirectoryTest, ADirectoryRemovedMeanwhileIsMadeAgain) {
  auto& records = records_;
  const fs::path& run = run_;
  plan::StartRecord record;
  record.name = "br0";
  record.steps.push_back({host::op::CreateBridge{"br0", {}}, {host::op::DeleteLink{"br0"}}});
  ASSERT_TRUE(records->save(record).ok());
  fs::remove_all(run);
  record.name = "br1";
  ASSERT_TRUE(records->save(record).ok());
  EXPECT_TRUE(fs::exists(fs::path(records->path()) / "br1"));
  auto back = records->load("br1");
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->record, record);
  fs::remove_all(run);
}

TEST_F(StartRecordDirectoryTest, RecordsOfAnEarlierNamespaceWithTheSameInodeAreNotRead) {
  auto& records = records_;
  const fs::path& run = run_;
  auto& netns = netns_;
  plan::StartRecord record;
  record.name = "br0";
  record.steps.push_back({host::op::CreateBridge{"br0", {}}, {host::op::DeleteLink{"br0"}}});
  ASSERT_TRUE(records->save(record).ok());
  auto back = records->load("br0");
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->record, record);

  // What a namespace finds when an earlier one with its inode left records: another cookie.
  // Not a fixed number: cookies count the namespaces made since boot, so any number is some
  // namespace's, this one's included.
  const fs::path cookieFile = fs::path(records->path()) / "netns:cookie";
  std::uint64_t ours = 0;
  std::ifstream(cookieFile) >> ours;
  ASSERT_NE(ours, 0u);
  std::ofstream(cookieFile) << ours + 1;
  auto later = driver::StartRecordDirectory::open(*netns, run.string());
  ASSERT_TRUE(later.ok()) << later.error().message;
  back = (*later)->load("br0");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_FALSE(back->has_value());
  record.name = "br1";
  ASSERT_TRUE((*later)->save(record).ok());
  EXPECT_FALSE(fs::exists(fs::path((*later)->path()) / "br0"));
  auto all = (*later)->loadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name, "br1");
  fs::remove_all(run);
}

// A start under way is kept beside the record of the earlier start of the same interface, which
// stands until the new one is finished (one rename) and stands again if the new one is dropped.
// The files are what another ifkit process, or a person, finds in the folder.
TEST_F(StartRecordDirectoryTest, AStartUnderWayIsKeptBesideTheEarlierRecordUntilItIsFinished) {
  auto& records = records_;
  plan::StartRecord earlier;
  earlier.name = "br0";
  earlier.steps.push_back({host::op::SetMtu{"br0", 9000}, {host::op::SetMtu{"br0", 1500}}});
  plan::StartRecord kept = earlier;
  kept.steps.push_back({host::op::SetUp{"br0", true}, {host::op::SetUp{"br0", false}}});
  ASSERT_TRUE(records->save(earlier).ok());
  ASSERT_TRUE(records->saveUnfinished(kept).ok());

  const fs::path dir = records->path();
  auto fileText = [&](const std::string& file) {
    std::ifstream in(dir / file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  EXPECT_EQ(fileText("br0"), earlier.serialize());
  EXPECT_EQ(fileText("br0:unfinished"), kept.serialize());
  auto loaded = records->load("br0");
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->state, driver::RecordState::Unfinished);
  EXPECT_EQ((*loaded)->record, kept);
  auto names = records->names();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::set<std::string>{"br0"});

  // Dropped (the start undone): the earlier record is the interface's again, as it was.
  ASSERT_TRUE(records->dropUnfinished("br0").ok());
  EXPECT_FALSE(fs::exists(dir / "br0:unfinished"));
  loaded = records->load("br0");
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->state, driver::RecordState::Finished);
  EXPECT_EQ((*loaded)->record, earlier);

  // Finished: the new record replaces the earlier one.
  ASSERT_TRUE(records->saveUnfinished(kept).ok());
  ASSERT_TRUE(records->finish("br0").ok());
  EXPECT_FALSE(fs::exists(dir / "br0:unfinished"));
  EXPECT_EQ(fileText("br0"), kept.serialize());
  loaded = records->load("br0");
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->state, driver::RecordState::Finished);

  // A damaged unfinished record is set aside; the finished one is read.
  std::ofstream(dir / "br0:unfinished") << "interface br0\nstep this is no operation\n";
  loaded = records->load("br0");
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->record, kept);
  EXPECT_FALSE(fs::exists(dir / "br0:unfinished"));

  // remove() takes both.
  ASSERT_TRUE(records->saveUnfinished(kept).ok());
  ASSERT_TRUE(records->remove("br0").ok());
  EXPECT_FALSE(fs::exists(dir / "br0"));
  EXPECT_FALSE(fs::exists(dir / "br0:unfinished"));
}

}  // namespace
}  // namespace ifkit
