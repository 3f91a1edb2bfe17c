// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver over the memory host (src/host/memory): what start and stop report when the
// host refuses part-way, and what the start records make a stop do, checked against the
// simulated kernel's state. No root, no kernel.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <set>

#include "driver/system/system_driver.h"
#include "host/memory/memory_host.h"
#include "live_fixture.h"

namespace ifkit::driver {
namespace {

namespace fs = std::filesystem;
using host::memory::MemoryHost;

template <class Op>
bool is(const host::HostOp& op) {
  return std::holds_alternative<Op>(op);
}

// The memory host with a DHCP client that only records which links it runs for.
class MemoryHostWithDhcp final : public host::HostBackend {
 public:
  explicit MemoryHostWithDhcp(host::LiveState live) : kernel(std::move(live)) {}
  Result<host::LiveState> snapshot() override {
    ++snapshots;
    return kernel.snapshot();
  }
  Status apply(const host::HostOp& op) override { return kernel.apply(op); }
  std::vector<Status> applyBatch(std::span<const host::HostOp> ops) override {
    return kernel.applyBatch(ops);
  }
  bool dhcpRunning(const std::string& link) override { return clients.count(link) != 0; }
  Status startDhcp(const std::string& link) override {
    clients.insert(link);
    return Status();
  }
  Status stopDhcp(const std::string& link) override {
    clients.erase(link);
    return Status();
  }

  MemoryHost kernel;
  std::set<std::string> clients;
  int snapshots = 0;  // reads of the whole host
};

class MemoryDriverTest : public ::testing::Test {
 protected:
  MemoryDriverTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-drv-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    auto host = std::make_unique<MemoryHostWithDhcp>(
        plan::test::readLiveFixture("link lo loopback up\n"
                                    "link eth0 ethernet mac=52:54:00:00:00:01\n"));
    dhcp_ = host.get();
    host_ = &host->kernel;
    auto records = std::make_unique<MemoryStartRecords>();
    records_ = records.get();
    driver_ = std::make_unique<SystemDriver>(
        std::move(host), store::DefinitionStore::open(store_).value(), std::move(records));
  }
  ~MemoryDriverTest() override { fs::remove_all(store_); }

  // The memory host again, from `fixture`, keeping the driver and its store.
  void resetHost(const char* fixture) { *host_ = MemoryHost(plan::test::readLiveFixture(fixture)); }
  bool hasAddress(const std::string& link, const std::string& prefix) const {
    const host::Link* l = host_->state().linkByName(link);
    for (const host::Address& a : host_->state().addresses)
      if (l != nullptr && a.index == l->index && a.prefix.toString() == prefix) return true;
    return false;
  }
  std::string masterOf(const std::string& link) const {
    const host::Link* l = host_->state().linkByName(link);
    const host::Link* m = l ? host_->state().linkByIndex(l->masterIndex) : nullptr;
    return m ? m->name : "";
  }

  fs::path store_;
  MemoryHostWithDhcp* dhcp_ = nullptr;     // owned by driver_
  MemoryHost* host_ = nullptr;             // dhcp_'s kernel
  MemoryStartRecords* records_ = nullptr;  // owned by driver_
  std::unique_ptr<SystemDriver> driver_;
};

constexpr const char* kBridge =
    "<interface type='bridge' name='br0'>"
    "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

TEST_F(MemoryDriverTest, FailedStartWithAGoodUndoReportsOnlyTheRefusal) {
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  host_->failWhen(is<host::op::AddAddress>, EADDRNOTAVAIL);
  Status st = driver_->create({"br0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "operation failed: cannot add address 192.0.2.1/24 to 'br0': Cannot assign "
            "requested address");
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
}

// An undo the host refuses leaves it changed: the error says so, after the first refusal, and
// the other undos are still done.
TEST_F(MemoryDriverTest, FailedStartReportsEveryUndoTheHostRefusedToo) {
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  host_->failWhen(
      [](const host::HostOp& op) {
        return is<host::op::AddAddress>(op) || is<host::op::DeleteLink>(op);
      },
      EBUSY);
  Status st = driver_->create({"br0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(st.error().sysErrno, EBUSY);
  EXPECT_EQ(st.error().message,
            "operation failed: cannot add address 192.0.2.1/24 to 'br0': Device or resource "
            "busy; undo of delete 'br0' also failed: Device or resource busy");
  EXPECT_EQ(st.error().str2,
            "cannot add address 192.0.2.1/24 to 'br0': Device or resource busy; undo of delete "
            "'br0' also failed: Device or resource busy");
  // The bridge stays (its deletion was refused), the rest is back: eth0 released and down.
  ASSERT_NE(host_->state().linkByName("br0"), nullptr);
  const host::Link* eth0 = host_->state().linkByName("eth0");
  EXPECT_EQ(eth0->masterIndex, 0);
  EXPECT_FALSE(eth0->up);
}

TEST_F(MemoryDriverTest, FailedStopReportsTheUndoTheHostRefused) {
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  // Stop removes the address, takes br0 down, releases eth0, then fails to delete br0; putting
  // eth0 back under br0 is refused as well.
  host_->failWhen(
      [](const host::HostOp& op) {
        if (is<host::op::DeleteLink>(op)) return true;
        const auto* master = std::get_if<host::op::SetMaster>(&op);
        return master != nullptr && !master->master.empty();
      },
      EPERM);
  Status st = driver_->destroy({"br0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "operation failed: cannot delete 'br0': Operation not permitted; undo of attach "
            "'eth0' to 'br0' also failed: Operation not permitted");
  // The undos that worked did: br0 up with its address again.
  const host::Link* br0 = host_->state().linkByName("br0");
  ASSERT_NE(br0, nullptr);
  EXPECT_TRUE(br0->up);
  bool hasAddress = false;
  for (const host::Address& a : host_->state().addresses)
    hasAddress = hasAddress || (a.index == br0->index && a.prefix.toString() == "192.0.2.1/24");
  EXPECT_TRUE(hasAddress);
}

// A stop that fails after stopping the DHCP client starts it again: the host ends as it was.
TEST_F(MemoryDriverTest, FailedStopStartsTheDhcpClientItStoppedAgain) {
  ASSERT_TRUE(driver_
                  ->defineXML("<interface type='ethernet' name='eth0'>"
                              "<protocol family='ipv4'><dhcp/></protocol></interface>",
                              0)
                  .ok());
  ASSERT_TRUE(driver_->create({"eth0", ""}, 0).ok());
  ASSERT_TRUE(dhcp_->dhcpRunning("eth0"));
  host_->failWhen(is<host::op::SetUp>, EPERM);
  Status st = driver_->destroy({"eth0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "operation failed: cannot bring down 'eth0': Operation not permitted");
  EXPECT_TRUE(dhcp_->dhcpRunning("eth0"));
  EXPECT_TRUE(host_->state().linkByName("eth0")->up);
}

// The record of a start is what a stop undoes: a bridge and an address that were there before
// start stay, what start added goes.
constexpr const char* kExistingBridge =
    "link lo loopback up\n"
    "link eth0 ethernet mac=52:54:00:00:00:01\n"
    "link br0 bridge mac=52:54:00:00:00:09 mtu=1500\n"
    "addr br0 198.51.100.1/24\n";

TEST_F(MemoryDriverTest, StopUndoesOnlyWhatStartDid) {
  resetHost(kExistingBridge);
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  ASSERT_EQ(records_->texts().count("br0"), 1u);
  EXPECT_EQ(masterOf("eth0"), "br0");
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  ASSERT_NE(host_->state().linkByName("br0"), nullptr) << "br0 was there before start";
  EXPECT_FALSE(host_->state().linkByName("br0")->up);
  EXPECT_TRUE(hasAddress("br0", "198.51.100.1/24"));
  EXPECT_FALSE(hasAddress("br0", "192.0.2.1/24"));
  EXPECT_EQ(masterOf("eth0"), "");
  EXPECT_EQ(records_->texts().count("br0"), 0u) << "a stop drops the record it undid";
}

// Without a record (started by hand, by an older ifkit, or the record lost) stop takes down
// what the definition describes, as it always did: the definition's bridge is deleted.
TEST_F(MemoryDriverTest, StopWithoutARecordGoesByTheDefinition) {
  resetHost(kExistingBridge);
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  records_->texts().clear();
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
}

// The record needs no definition: an interface undefined while running still stops as started.
TEST_F(MemoryDriverTest, StopAfterUndefineUndoesTheStart) {
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  ASSERT_TRUE(driver_->undefine({"br0", ""}).ok());
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_EQ(masterOf("eth0"), "");
}

// A failed start leaves no record (or the one before it), as it leaves the host.
TEST_F(MemoryDriverTest, FailedStartLeavesTheRecordsAsTheyWere) {
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  host_->failWhen(is<host::op::AddAddress>, EADDRNOTAVAIL);
  ASSERT_FALSE(driver_->create({"br0", ""}, 0).ok());
  EXPECT_TRUE(records_->texts().empty());
  host_->clearFailures();
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  const std::string recorded = records_->texts().at("br0");
  // Down by hand, then a start that fails: the first start's record is still the one.
  ASSERT_TRUE(host_->apply(host::op::SetUp{"br0", false}).ok());
  host_->failWhen(is<host::op::SetUp>, EPERM);
  ASSERT_FALSE(driver_->create({"br0", ""}, 0).ok());
  EXPECT_EQ(records_->texts().at("br0"), recorded);
}

// Started again after going down by hand: the stop undoes both starts, so br0 goes (the first
// start made it) though the second start found it there.
TEST_F(MemoryDriverTest, AStartAfterADownByHandAddsToTheRecord) {
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  ASSERT_TRUE(host_->apply(host::op::SetUp{"br0", false}).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_TRUE(records_->texts().empty());
}

// boot and a start of several interfaces record what they start, as a start of one does.
TEST_F(MemoryDriverTest, BootAndCreateManyRecordTheirStarts) {
  ASSERT_TRUE(driver_
                  ->defineXML("<interface type='bridge' name='br0'><start mode='onboot'/>"
                              "<bridge><interface type='ethernet' name='eth0'/></bridge>"
                              "</interface>",
                              0)
                  .ok());
  auto report = driver_->boot();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->started, std::vector<std::string>{"br0"});
  EXPECT_EQ(records_->texts().count("br0"), 1u);
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  EXPECT_TRUE(records_->texts().empty());
  auto many = driver_->createMany({{"br0", ""}}, 0);
  ASSERT_TRUE(many.at(0).ok()) << many.at(0).error().message;
  EXPECT_EQ(records_->texts().count("br0"), 1u);
}

// A rollback returns the records to begin with the host: a start it undoes leaves no record
// behind (whose steps a later stop would take for this host's), a stop it undoes gets its
// record back (so that the next stop still keeps what was there before the start).
TEST_F(MemoryDriverTest, RollbackReturnsTheRecordsToBegin) {
  resetHost(kExistingBridge);
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->changeBegin(0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  ASSERT_TRUE(driver_->changeRollback(0).ok());
  EXPECT_TRUE(records_->texts().empty());
  EXPECT_EQ(masterOf("eth0"), "");

  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  const std::string recorded = records_->texts().at("br0");
  ASSERT_TRUE(driver_->changeBegin(0).ok());
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  ASSERT_TRUE(driver_->changeRollback(0).ok());
  ASSERT_EQ(records_->texts().count("br0"), 1u);
  EXPECT_EQ(records_->texts().at("br0"), recorded);
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  ASSERT_NE(host_->state().linkByName("br0"), nullptr) << "br0 was there before start";
  EXPECT_TRUE(hasAddress("br0", "198.51.100.1/24"));
}

// The dry run shows the plan the stop would apply: the record's when there is one.
TEST_F(MemoryDriverTest, DestroyDryRunShowsTheRecordsPlan) {
  resetHost(kExistingBridge);
  ASSERT_TRUE(driver_->defineXML(kBridge, 0).ok());
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  auto recorded = driver_->planDestroy({"br0", ""});
  ASSERT_TRUE(recorded.ok()) << recorded.error().message;
  EXPECT_EQ(*recorded,
            "remove address 192.0.2.1/24 from 'br0'\n"
            "bring down 'br0'\n"
            "bring down 'eth0'\n"
            "release 'eth0' from its master\n");
  records_->texts().clear();
  auto byDefinition = driver_->planDestroy({"br0", ""});
  ASSERT_TRUE(byDefinition.ok());
  EXPECT_NE(byDefinition->find("delete 'br0'"), std::string::npos) << *byDefinition;
}

// Verify after apply: a start whose operations the kernel all accepted, but that the kernel read
// again does not show (a driver ignored a setting, another program put it back), is undone as a
// refused one is, and the error names every difference.
constexpr const char* kJumboBridge =
    "<interface type='bridge' name='br0'><mtu size='9000'/>"
    "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

TEST_F(MemoryDriverTest, AStartTheKernelDoesNotShowIsUndoneAndSaysWhatDiffered) {
  ASSERT_TRUE(driver_->defineXML(kJumboBridge, 0).ok());
  const host::LiveState before = host_->state();
  host_->ignoreWhen(is<host::op::SetMtu>);
  Status st = driver_->create({"br0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().number, ErrorNumber::OperationFailed);
  EXPECT_EQ(st.error().domain, ErrorDomain::Interface);
  EXPECT_EQ(st.error().message,
            "operation failed: cannot start 'br0': after applying, the kernel shows MTU 1500 on "
            "'br0', not 9000; MTU 1500 on 'eth0', not 9000");
  EXPECT_EQ(host_->state(), before) << toString(host_->state());
  EXPECT_TRUE(records_->texts().empty()) << "an undone start leaves no record";
  host_->clearFailures();
  EXPECT_TRUE(driver_->create({"br0", ""}, 0).ok());
}

// The DHCP client the start ran is stopped with the rest.
TEST_F(MemoryDriverTest, AnUndoneStartStopsItsDhcpClient) {
  ASSERT_TRUE(driver_
                  ->defineXML("<interface type='ethernet' name='eth0'>"
                              "<mac address='52:54:00:00:00:99'/>"
                              "<protocol family='ipv4'><dhcp/></protocol></interface>",
                              0)
                  .ok());
  host_->ignoreWhen(is<host::op::SetMac>);
  Status st = driver_->create({"eth0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "operation failed: cannot start 'eth0': after applying, the kernel shows MAC "
            "52:54:00:00:00:01 on 'eth0', not 52:54:00:00:00:99");
  EXPECT_FALSE(dhcp_->dhcpRunning("eth0"));
  EXPECT_FALSE(host_->state().linkByName("eth0")->up);
}

// An undo the host refuses after a difference is added to the error, as after a refusal.
TEST_F(MemoryDriverTest, AnUndoRefusedAfterADifferenceIsReportedToo) {
  ASSERT_TRUE(driver_->defineXML(kJumboBridge, 0).ok());
  host_->ignoreWhen(is<host::op::SetMtu>);
  host_->failWhen(is<host::op::DeleteLink>, EBUSY);
  Status st = driver_->create({"br0", ""}, 0);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "operation failed: cannot start 'br0': after applying, the kernel shows MTU 1500 on "
            "'br0', not 9000; MTU 1500 on 'eth0', not 9000; undo of delete 'br0' also failed: "
            "Device or resource busy");
}

// One more read of the host for a whole batch, however many it starts; a start that differs
// is undone alone, the others stay.
TEST_F(MemoryDriverTest, CreateManyVerifiesTheBatchWithOneReadAndUndoesOnlyWhatDiffers) {
  std::vector<InterfaceRef> refs;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "br" + std::to_string(i);
    const std::string mtu = i == 7 ? "<mtu size='9000'/>" : "";
    ASSERT_TRUE(driver_
                    ->defineXML("<interface type='bridge' name='" + name + "'>" + mtu +
                                    "<protocol family='ipv4'><ip address='10.0." +
                                    std::to_string(i) +
                                    ".1' prefix='24'/></protocol>"
                                    "<bridge stp='off'/></interface>",
                                0)
                    .ok());
    refs.push_back({name, ""});
  }
  host_->ignoreWhen(is<host::op::SetMtu>);
  dhcp_->snapshots = 0;
  auto out = driver_->createMany(refs, 0);
  EXPECT_EQ(dhcp_->snapshots, 2) << "one to plan, one to verify";
  for (int i = 0; i < 20; ++i) {
    const std::string name = "br" + std::to_string(i);
    if (i == 7) {
      ASSERT_FALSE(out[i].ok());
      EXPECT_EQ(out[i].error().message,
                "operation failed: cannot start 'br7': after applying, the kernel shows MTU 1500 "
                "on 'br7', not 9000");
      EXPECT_EQ(host_->state().linkByName(name), nullptr);
      EXPECT_EQ(records_->texts().count(name), 0u);
    } else {
      EXPECT_TRUE(out[i].ok()) << out[i].error().message;
      ASSERT_NE(host_->state().linkByName(name), nullptr);
      EXPECT_TRUE(host_->state().linkByName(name)->up);
    }
  }
}

// Boot verifies each start at the read its successor is planned against: a VLAN over a bridge
// that did not come out as defined is not built on it (the bridge is undone, so its parent is
// missing), and a start costs one read of the host, not two.
TEST_F(MemoryDriverTest, BootVerifiesWhatTheNextDefinitionBuildsOn) {
  resetHost(
      "link lo loopback up\n"
      "link eth0 ethernet mac=52:54:00:00:00:01\n"
      "link eth1 ethernet mac=52:54:00:00:00:02\n");
  ASSERT_TRUE(driver_
                  ->defineXML("<interface type='bridge' name='br0'><start mode='onboot'/>"
                              "<mtu size='9000'/><bridge stp='off'>"
                              "<interface type='ethernet' name='eth0'/></bridge></interface>",
                              0)
                  .ok());
  ASSERT_TRUE(driver_
                  ->defineXML("<interface type='vlan' name='v10'><start mode='onboot'/>"
                              "<vlan tag='10'><interface name='br0'/></vlan></interface>",
                              0)
                  .ok());
  ASSERT_TRUE(driver_
                  ->defineXML("<interface type='ethernet' name='eth1'><start mode='onboot'/>"
                              "</interface>",
                              0)
                  .ok());
  host_->ignoreWhen(is<host::op::SetMtu>);
  dhcp_->snapshots = 0;
  auto report = driver_->boot();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->started, std::vector<std::string>{"eth1"});
  ASSERT_EQ(report->failed.size(), 2u);
  EXPECT_EQ(report->failed[0].first, "br0");
  EXPECT_EQ(report->failed[0].second.message,
            "operation failed: cannot start 'br0': after applying, the kernel shows MTU 1500 on "
            "'br0', not 9000; MTU 1500 on 'eth0', not 9000");
  EXPECT_EQ(report->failed[1].first, "v10");
  EXPECT_EQ(report->failed[1].second.message,
            "operation failed: cannot start 'v10': VLAN parent 'br0' of 'v10' does not exist");
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  // A read a definition, and one more after br0 was undone (the read it was verified with
  // showed it); eth1 was verified by v10's read, and nothing was left for the end.
  EXPECT_EQ(dhcp_->snapshots, 4);
}

}  // namespace
}  // namespace ifkit::driver
