// SPDX-License-Identifier: LGPL-2.1-or-later
// A change of several definitions (a bridge replacing its member's definition, a rollback) is one
// step: a writer that dies at any instant between two of its steps leaves, for every reader that
// comes after, either all of the old files or all of the new ones, never both and never neither.
// The writer is a real child process that exits in the middle (its flock goes with it), and the
// outcome is checked as bytes on disk.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "conf/interface_xml.h"
#include "store/store.h"
#include "store/store_journal.h"

namespace ifkit::store {
namespace {

namespace fs = std::filesystem;

class StoreChangeTest : public ::testing::Test {
 protected:
  StoreChangeTest() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("ifkit-store-change-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
  }
  ~StoreChangeTest() override { fs::remove_all(dir_); }

  DefinitionStore open() const {
    auto store = DefinitionStore::open(dir_.string());
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(*store);
  }
  std::string bytes(const std::string& file) const {
    std::ifstream in(dir_ / file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool has(const std::string& file) const { return fs::exists(dir_ / file); }
  // The files of the directory but the lock and what was parsed (.parsed, derived from the
  // definitions): definitions, and anything else left behind.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.path().filename() != ".lock" && entry.path().filename() != kParsedCacheFile)
        out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  // Runs `change` in a child process that exits right after the step named `crashAfter`, as if
  // the machine had stopped there; fails the test if the child got to its end instead.
  void commitAndCrashAfter(const StoreChange& change, const std::string& crashAfter) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto own = DefinitionStore::open(dir_.string());
      if (!own) _exit(3);
      own->setJournalStepHookForTest([&](std::string_view step) {
        if (step == crashAfter) _exit(0);
      });
      (void)own->commit(change);
      _exit(2);  // the step never came
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "the child did not stop after '" << crashAfter << "'";
  }

  fs::path dir_;
};

conf::InterfaceDef parse(const std::string& xml) { return conf::parseInterfaceXml(xml).value(); }

const conf::InterfaceDef kEth0 = parse(
    "<interface type='ethernet' name='eth0'><start mode='onboot'/><protocol family='ipv4'>"
    "<ip address='192.0.2.5' prefix='24'/><route gateway='192.0.2.254'/></protocol>"
    "</interface>");
const conf::InterfaceDef kEth1 =
    parse("<interface type='ethernet' name='eth1'><start mode='none'/></interface>");
const conf::InterfaceDef kBr0 = parse(
    "<interface type='bridge' name='br0'><start mode='onboot'/><protocol family='ipv4'>"
    "<ip address='192.0.2.5' prefix='24'/><route gateway='192.0.2.254'/></protocol>"
    "<bridge stp='off'><interface type='ethernet' name='eth0'/></bridge></interface>");
const conf::InterfaceDef kBond0 = parse(
    "<interface type='bond' name='bond0'><start mode='onboot'/><bond mode='active-backup'>"
    "<interface type='ethernet' name='eth1'/></bond></interface>");

// Two definitions written and two removed: every step of it, in order.
const StoreChange kBridgeAndBond{{kBr0, kBond0}, {"eth0", "eth1"}};
const std::vector<std::string> kSteps = {"placed the journal", "wrote br0.xml", "wrote bond0.xml",
                                         "removed eth0.xml", "removed eth1.xml"};

TEST_F(StoreChangeTest, CommitReplacesTheMembersDefinitionsWithTheirMastersInOneStep) {
  auto store = open();
  ASSERT_TRUE(store.save(kEth0).ok());
  ASSERT_TRUE(store.save(kEth1).ok());
  std::vector<std::string> steps;
  store.setJournalStepHookForTest([&](std::string_view step) { steps.emplace_back(step); });
  ASSERT_TRUE(store.commit(kBridgeAndBond).ok());
  EXPECT_EQ(steps, kSteps);
  EXPECT_EQ(files(), (std::vector<std::string>{"bond0.xml", "br0.xml"}));  // no journal left
  EXPECT_EQ(bytes("br0.xml"), conf::formatInterfaceXml(kBr0));
  EXPECT_EQ(bytes("bond0.xml"), conf::formatInterfaceXml(kBond0));
}

// Once the journal is in place the change is made: whoever uses the store next, a process that
// opens it afresh or one that had it open all along, completes it before reading anything.
TEST_F(StoreChangeTest, ACrashAfterAnyStepLeavesTheNewStateForEveryReader) {
  for (const std::string& crashAfter : kSteps) {
    SCOPED_TRACE(crashAfter);
    fs::remove_all(dir_);
    auto before = open();
    ASSERT_TRUE(before.save(kEth0).ok());
    ASSERT_TRUE(before.save(kEth1).ok());
    ASSERT_TRUE(before.load("eth0").ok());  // this one had the store open before the crash

    commitAndCrashAfter(kBridgeAndBond, crashAfter);
    ASSERT_TRUE(has(kJournalFile)) << "the crash came after the change was complete";

    // A lookup of one name, without the lock: the member's definition is gone.
    auto eth0 = before.load("eth0");
    ASSERT_TRUE(eth0.ok()) << eth0.error().message;
    EXPECT_FALSE(eth0->has_value());
    EXPECT_EQ(files(), (std::vector<std::string>{"bond0.xml", "br0.xml"}));
    EXPECT_EQ(bytes("br0.xml"), conf::formatInterfaceXml(kBr0));
    EXPECT_EQ(bytes("bond0.xml"), conf::formatInterfaceXml(kBond0));
  }
}

TEST_F(StoreChangeTest, AFreshOpenAfterACrashListsTheNewStateOnly) {
  auto store = open();
  ASSERT_TRUE(store.save(kEth0).ok());
  ASSERT_TRUE(store.save(kEth1).ok());
  commitAndCrashAfter(kBridgeAndBond, "wrote br0.xml");
  // On disk, for now, the bridge and its member's own definition side by side ...
  ASSERT_TRUE(has("br0.xml") && has("eth0.xml"));
  // ... which no reader ever sees.
  auto all = open().loadAll();
  ASSERT_TRUE(all.ok()) << all.error().message;
  std::vector<std::string> names;
  for (const auto& def : all->definitions) names.push_back(def.name);
  EXPECT_EQ(names, (std::vector<std::string>{"bond0", "br0"}));
  EXPECT_TRUE(all->problems.empty());
  EXPECT_FALSE(has(kJournalFile));
}

// A read-only reader (openForReading) may not complete the change, but sees it as done, as any
// reader does; the journal stays for the next writer, which completes it.
TEST_F(StoreChangeTest, AReadOnlyReaderSeesAnInterruptedChangeAsDoneAndLeavesItToAWriter) {
  for (const std::string& crashAfter : kSteps) {
    SCOPED_TRACE(crashAfter);
    fs::remove_all(dir_);
    {
      auto before = open();
      ASSERT_TRUE(before.save(kEth0).ok());
      ASSERT_TRUE(before.save(kEth1).ok());
    }
    commitAndCrashAfter(kBridgeAndBond, crashAfter);
    const auto onDisk = files();
    const auto eth0Bytes = bytes("eth0.xml");
    ASSERT_TRUE(has(kJournalFile));

    auto reader = DefinitionStore::openForReading(dir_.string());
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    auto all = reader->loadAll();
    ASSERT_TRUE(all.ok()) << all.error().message;
    std::vector<std::string> names;
    for (const auto& def : all->definitions) names.push_back(def.name);
    EXPECT_EQ(names, (std::vector<std::string>{"bond0", "br0"}));
    EXPECT_TRUE(all->problems.empty());
    auto br0 = reader->load("br0");
    ASSERT_TRUE(br0.ok() && br0->has_value());
    EXPECT_EQ(**br0, kBr0);
    auto eth0 = reader->load("eth0");
    ASSERT_TRUE(eth0.ok()) << eth0.error().message;
    EXPECT_FALSE(eth0->has_value());

    EXPECT_EQ(files(), onDisk);  // nothing completed, nothing written
    EXPECT_EQ(bytes("eth0.xml"), eth0Bytes);
    ASSERT_TRUE(open().loadAll().ok());  // a writer's reader completes it
    EXPECT_EQ(files(), (std::vector<std::string>{"bond0.xml", "br0.xml"}));
  }
}

// Before the journal's rename nothing has changed: a journal still under its temporary name (the
// writer died while writing it) is no journal, and the old state stands.
TEST_F(StoreChangeTest, ACrashBeforeTheJournalIsInPlaceLeavesTheOldState) {
  auto store = open();
  ASSERT_TRUE(store.save(kEth0).ok());
  const std::string eth0 = bytes("eth0.xml");
  StoreJournal unplaced{{{"br0.xml", conf::formatInterfaceXml(kBr0)}}, {"eth0.xml"}};
  std::ofstream(dir_ / ".tmp-.journal-4242-abcdefghij", std::ios::binary) << unplaced.serialize();
  auto all = open().loadAll();
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->definitions.size(), 1u);
  EXPECT_EQ(all->definitions[0].name, "eth0");
  EXPECT_EQ(bytes("eth0.xml"), eth0);
  EXPECT_FALSE(has("br0.xml"));
}

// A write after a crash must not be undone later by the crashed change's completion.
TEST_F(StoreChangeTest, AWriteAfterACrashCompletesTheInterruptedChangeFirst) {
  auto store = open();
  ASSERT_TRUE(store.save(kEth0).ok());
  commitAndCrashAfter({{kBr0, kBond0}, {"eth0"}}, "placed the journal");
  auto br0 = kBr0;
  br0.mtu = 9000;
  ASSERT_TRUE(store.save(br0).ok());
  EXPECT_EQ(bytes("br0.xml"), conf::formatInterfaceXml(br0));
  EXPECT_EQ(files(), (std::vector<std::string>{"bond0.xml", "br0.xml"}));
}

// A journal ifkit did not write (edited, truncated by hand) is not guessed at: every use of the
// store says what is wrong with it, with its path, and changes nothing.
TEST_F(StoreChangeTest, ADamagedJournalIsReportedAndChangesNothing) {
  auto store = open();
  ASSERT_TRUE(store.save(kEth0).ok());
  std::ofstream(dir_ / kJournalFile) << "ifkit-store-journal 1\nremove eth0.xml\n";  // no end
  const std::string expected = "operation failed: cannot complete the change recorded in '" +
                               dir_.string() + "/.journal': malformed store journal: no end";
  auto all = store.loadAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().message, expected);
  auto one = store.load("eth0");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().message, expected);
  EXPECT_FALSE(store.save(kBr0).ok());
  EXPECT_EQ(files(), (std::vector<std::string>{".journal", "eth0.xml"}));
}

// The same under kill -9 at random instants: a writer flipping between a bridge over eth0 and
// eth0's own definition, killed 200 times; after each kill exactly one of the two is defined.
TEST_F(StoreChangeTest, KillNineDuringChangesLeavesExactlyOneOwner) {
  auto store = open();
  ASSERT_TRUE(store.save(kEth0).ok());
  std::mt19937 random(7);
  int interrupted = 0;  // rounds killed between the journal's placing and its drop
  for (int round = 0; round < 200; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto own = DefinitionStore::open(dir_.string());
      for (std::uint32_t i = 0;; ++i) {
        if (i % 2 == 0)
          (void)own->commit({{kBr0}, {"eth0", "eth1"}});
        else
          (void)own->commit({{kEth0}, {"br0", "bond0"}});
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 5000));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    interrupted += has(kJournalFile) ? 1 : 0;
    auto all = open().loadAll();
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_TRUE(all->problems.empty()) << "round " << round;
    ASSERT_EQ(all->definitions.size(), 1u) << "round " << round;
    const auto& def = all->definitions[0];
    ASSERT_TRUE(def == kBr0 || def == kEth0) << "round " << round;
    ASSERT_FALSE(has(kJournalFile)) << "round " << round;
  }
  RecordProperty("kills_that_interrupted_a_change", interrupted);
}

TEST(StoreJournal, ReadsBackWhatItWrites) {
  StoreJournal journal{
      {{"br0.xml", "<interface>\nend\nremove x.xml\n</interface>\n"}, {"bond0.xml", ""}},
      {"eth0.xml", "eth1.xml"}};
  auto back = StoreJournal::parse(journal.serialize());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, journal);
}

TEST(StoreJournal, RefusesWhatItWouldNotWrite) {
  const std::string header = "ifkit-store-journal 1\n";
  for (const std::string& text : {
           std::string(""),
           std::string("ifkit-store-journal 2\nend\n"),
           header + "remove ../evil.xml\nend\n",
           header + "remove eth0\nend\n",
           header + "write a/b.xml 1\nx\nend\n",
           header + "write br0.xml 10\nshort\nend\n",
           header + "write br0.xml x\n\nend\n",
           header + "remove eth0.xml\nwrite br0.xml 1\nx\nend\n",
           header + "rename eth0.xml\nend\n",
           header + "end\ntrailing",
       }) {
    EXPECT_FALSE(StoreJournal::parse(text).ok()) << text;
  }
}

}  // namespace
}  // namespace ifkit::store
