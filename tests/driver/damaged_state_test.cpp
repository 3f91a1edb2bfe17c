// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver over the memory host when its own state is damaged or cut short: a start
// record that cannot be read, a start killed on the way (its record left unfinished), a
// transaction record with a damaged restore point or deadline, a FIFO in the store. Damage costs
// only itself: it is set aside and reported, and every other call goes on. No root, no kernel.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "driver/system/system_driver.h"
#include "host/memory/memory_host.h"
#include "ifkit/flags.h"
#include "live_fixture.h"

namespace ifkit::driver {
namespace {

namespace fs = std::filesystem;
using host::memory::MemoryHost;

constexpr const char* kBridge =
    "<interface type='bridge' name='br0'><start mode='onboot'/>"
    "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>";

// A hang (a FIFO opened blocking) ends the test program rather than the run.
class NoHang {
 public:
  NoHang() { ::alarm(20); }
  ~NoHang() { ::alarm(0); }
};

class MemoryHostBackend final : public host::HostBackend {
 public:
  explicit MemoryHostBackend(host::LiveState live) : kernel(std::move(live)) {}
  Result<host::LiveState> snapshot() override { return kernel.snapshot(); }
  Status apply(const host::HostOp& op) override { return kernel.apply(op); }
  std::vector<Status> applyBatch(std::span<const host::HostOp> ops) override {
    return kernel.applyBatch(ops);
  }
  bool dhcpRunning(const std::string&) override { return false; }
  Status startDhcp(const std::string&) override { return Status(); }
  Status stopDhcp(const std::string&) override { return Status(); }

  MemoryHost kernel;
};

class DamagedStateTest : public ::testing::Test {
 protected:
  DamagedStateTest() {
    static int counter = 0;
    store_ = fs::temp_directory_path() /
             ("ifkit-damaged-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    auto host = std::make_unique<MemoryHostBackend>(
        plan::test::readLiveFixture("link lo loopback up\n"
                                    "link eth0 ethernet mac=52:54:00:00:00:01\n"));
    host_ = &host->kernel;
    auto records = std::make_unique<MemoryStartRecords>();
    records_ = records.get();
    driver_ = std::make_unique<SystemDriver>(
        std::move(host), store::DefinitionStore::open(store_).value(), std::move(records));
    EXPECT_TRUE(driver_->defineXML(kBridge, 0).ok());
  }
  ~DamagedStateTest() override { fs::remove_all(store_); }

  std::string masterOf(const std::string& link) const {
    const host::Link* l = host_->state().linkByName(link);
    const host::Link* m = l ? host_->state().linkByIndex(l->masterIndex) : nullptr;
    return m ? m->name : "";
  }
  // What a start killed before its last step leaves: its record unfinished, br0 not up.
  void killStartBeforeBringingUp() {
    ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
    auto& texts = records_->texts();
    texts["br0:unfinished"] = texts.at("br0");
    texts.erase("br0");
    ASSERT_TRUE(host_->apply(host::op::SetUp{"br0", false}).ok());
  }
  // The names in the store directory that start with `prefix`.
  std::vector<std::string> filesStartingWith(const std::string& prefix) const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(store_))
      if (entry.path().filename().string().starts_with(prefix))
        out.push_back(entry.path().filename().string());
    return out;
  }
  void overwrite(const fs::path& file, const std::string& text) {
    fs::remove(file);
    std::ofstream(file) << text;
  }

  NoHang noHang_;
  fs::path store_;
  MemoryHost* host_ = nullptr;
  MemoryStartRecords* records_ = nullptr;
  std::unique_ptr<SystemDriver> driver_;
};

// "A damaged start record: stop falls back to the definition, as for a missing record."
TEST_F(DamagedStateTest, ADamagedStartRecordIsSetAsideAndStopGoesByTheDefinition) {
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  records_->texts()["br0"] = "interface br0\nstep this is no operation\n";
  Status st = driver_->destroy({"br0", ""}, 0);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_EQ(masterOf("eth0"), "");
  EXPECT_EQ(records_->setAside().count("br0"), 1u);
  EXPECT_TRUE(records_->texts().empty());
}

// "A start killed at any point leaves a state that iface-destroy can finish from the record":
// the bridge made, the NIC enslaved, the bridge still down.
TEST_F(DamagedStateTest, DestroyUndoesAStartKilledOnTheWay) {
  killStartBeforeBringingUp();
  ASSERT_EQ(masterOf("eth0"), "br0");
  Status st = driver_->destroy({"br0", ""}, 0);  // was "interface is not running"
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_EQ(masterOf("eth0"), "");
  EXPECT_TRUE(records_->texts().empty());
}

// "... and the next iface-start": the killed start is undone first, and the new record holds
// this start's steps once, not appended to the killed one's.
TEST_F(DamagedStateTest, TheNextStartUndoesAKilledStartRatherThanAddingToIt) {
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  const std::string once = records_->texts().at("br0");
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  killStartBeforeBringingUp();
  Status st = driver_->create({"br0", ""}, 0);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(records_->texts().at("br0"), once);
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_EQ(masterOf("eth0"), "");
  // The same through a start of many and through boot.
  killStartBeforeBringingUp();
  auto many = driver_->createMany({{"br0", ""}}, 0);
  ASSERT_TRUE(many.at(0).ok()) << many.at(0).error().message;
  EXPECT_EQ(records_->texts().at("br0"), once);
  ASSERT_TRUE(driver_->destroy({"br0", ""}, 0).ok());
  killStartBeforeBringingUp();
  auto booted = driver_->boot();
  ASSERT_TRUE(booted.ok()) << booted.error().message;
  EXPECT_EQ(booted->started, std::vector<std::string>{"br0"});
  EXPECT_EQ(records_->texts().at("br0"), once);
}

// An earlier build kept a start under way in the interface's own record, after an "unfinished"
// line: a start it left so (killed, then ifkit upgraded) is undone all the same.
TEST_F(DamagedStateTest, DestroyUndoesAStartThatAnEarlierBuildLeftUnfinished) {
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  records_->texts()["br0"] = "unfinished\n" + records_->texts()["br0"];
  ASSERT_TRUE(host_->apply(host::op::SetUp{"br0", false}).ok());
  Status st = driver_->destroy({"br0", ""}, 0);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(host_->state().linkByName("br0"), nullptr);
  EXPECT_EQ(masterOf("eth0"), "");
  EXPECT_TRUE(records_->texts().empty());
}

// A start that went through leaves its record finished, and nothing unfinished.
TEST_F(DamagedStateTest, AStartThatWentThroughLeavesAFinishedRecord) {
  ASSERT_TRUE(driver_->create({"br0", ""}, 0).ok());
  EXPECT_TRUE(records_->texts().at("br0").starts_with("interface br0\n"));
  EXPECT_EQ(records_->texts().size(), 1u);
}

// "A truncated .transaction/live made boot stop before starting any onboot definition."
TEST_F(DamagedStateTest, BootSetsADamagedTransactionAsideAndStartsTheOnbootDefinitions) {
  ASSERT_TRUE(driver_->changeBegin(0).ok());
  overwrite(store_ / ".transaction" / "live", "restore-point 1\nlink br");  // torn
  auto report = driver_->boot();
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->started, std::vector<std::string>{"br0"});
  EXPECT_FALSE(report->rolledBackTransaction);
  ASSERT_EQ(report->damaged.size(), 1u);
  EXPECT_EQ(report->damaged[0].first, store_.string() + "/.transaction");
  const std::string& message = report->damaged[0].second.message;
  EXPECT_TRUE(message.starts_with("operation failed: the transaction record '" + store_.string() +
                                  "/.transaction' is damaged ('live': "))
      << message;
  EXPECT_NE(message.find("kept aside as '" + store_.string() + "/.transaction.damaged-"),
            std::string::npos)
      << message;
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
  EXPECT_EQ(filesStartingWith(".transaction.damaged-").size(), 1u);
}

// "A bad .transaction/deadline made every call fail until the folder was removed by hand."
TEST_F(DamagedStateTest, ADamagedDeadlineAffectsOnlyCommitAndRollback) {
  ASSERT_TRUE(driver_->changeBeginWithTimeout(0, 3600).ok());
  overwrite(store_ / ".transaction" / "deadline", "soon");
  auto listed = driver_->listAllInterfaces(0);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_TRUE(driver_->getXMLDesc({"br0", ""}, kInterfaceXmlInactive).ok());
  Status started = driver_->create({"br0", ""}, 0);
  ASSERT_TRUE(started.ok()) << started.error().message;
  auto expired = driver_->expireTransaction();
  ASSERT_TRUE(expired.ok()) << expired.error().message;
  EXPECT_FALSE(*expired);
  EXPECT_FALSE(driver_->changeBegin(0).ok()) << "the damaged transaction is still there";
  Status commit = driver_->changeCommit(0);
  ASSERT_FALSE(commit.ok());
  EXPECT_NE(commit.error().message.find("is damaged ('deadline': malformed transaction deadline)"),
            std::string::npos)
      << commit.error().message;
  EXPECT_FALSE(fs::exists(store_ / ".transaction"));
  EXPECT_EQ(filesStartingWith(".transaction.damaged-").size(), 1u);
  EXPECT_TRUE(driver_->changeBegin(0).ok()) << "a new transaction can begin";
  EXPECT_TRUE(driver_->changeRollback(0).ok());
}

TEST_F(DamagedStateTest, RollbackOfADamagedTransactionSetsItAsideAndChangesNothing) {
  ASSERT_TRUE(driver_->changeBegin(0).ok());
  ASSERT_TRUE(driver_->undefine({"br0", ""}).ok());
  overwrite(store_ / ".transaction" / "live", "restore-point 1\nlink br");  // torn
  Status st = driver_->changeRollback(0);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("nothing was rolled back"), std::string::npos)
      << st.error().message;
  EXPECT_FALSE(fs::exists(store_ / "br0.xml")) << "a damaged record is never partly used";
  EXPECT_EQ(filesStartingWith(".transaction.damaged-").size(), 1u);
}

// A FIFO where the deadline belongs, or where the record's folder belongs: no call hangs.
TEST_F(DamagedStateTest, FifosInTheTransactionRecordHangNothing) {
  ASSERT_TRUE(driver_->changeBeginWithTimeout(0, 3600).ok());
  fs::remove(store_ / ".transaction" / "deadline");
  ASSERT_EQ(::mkfifo((store_ / ".transaction" / "deadline").c_str(), 0600), 0);
  ASSERT_TRUE(driver_->listAllInterfaces(0).ok());
  Status st = driver_->changeRollback(0);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("'deadline' is a FIFO, not a regular file"), std::string::npos)
      << st.error().message;

  ASSERT_EQ(::mkfifo((store_ / ".transaction").c_str(), 0600), 0);
  ASSERT_TRUE(driver_->listAllInterfaces(0).ok());
  st = driver_->changeCommit(0);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("'.transaction' is a FIFO, not a directory"), std::string::npos)
      << st.error().message;
}

// "A store file that cannot be read is silently left out of iface-list": named on stderr, and
// the listing goes on with the rest.
TEST_F(DamagedStateTest, AListingNamesTheStoreFilesItLeavesOut) {
  ASSERT_EQ(::mkfifo((store_ / "zz.xml").c_str(), 0600), 0);
  std::ofstream(store_ / "br9.xml") << "<interface type='bridge' name='br9'>";  // torn
  testing::internal::CaptureStderr();
  auto listed = driver_->listAllInterfaces(0);
  const std::string warnings = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);  // br0 and eth0
  EXPECT_NE(warnings.find("warning: cannot read the definition in '" + store_.string() +
                          "/zz.xml': 'zz.xml' is a FIFO, not a regular file (left out)\n"),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("/br9.xml'"), std::string::npos) << warnings;
}

}  // namespace
}  // namespace ifkit::driver
