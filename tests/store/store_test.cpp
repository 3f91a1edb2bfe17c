// SPDX-License-Identifier: LGPL-2.1-or-later
// The store keeps definitions durably: bytes on disk are libvirt's format, writes are atomic
// even under kill -9, concurrent processes lose nothing, and no name leaves the directory.
#include "store/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "conf/interface_xml.h"

namespace ifkit::store {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ifkit-store-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

conf::InterfaceDef bridgeDef(const std::string& name, std::uint32_t mtu) {
  auto def = conf::parseInterfaceXml("<interface type='bridge' name='" + name +
                                     "'><start mode='onboot'/><mtu size='" + std::to_string(mtu) +
                                     "'/><bridge stp='off'><interface type='ethernet' "
                                     "name='eth0'/></bridge></interface>");
  EXPECT_TRUE(def.ok());
  return *def;
}

void writeBytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

DefinitionStore openStore(const fs::path& dir) {
  auto store = DefinitionStore::open(dir.string());
  EXPECT_TRUE(store.ok()) << store.error().message;
  return std::move(*store);
}

TEST(Store, SaveWritesLibvirtFormatAndLoadReadsItBack) {
  TempDir dir;
  auto store = openStore(dir.path());
  const auto def = bridgeDef("br0", 1500);
  ASSERT_TRUE(store.save(def).ok());
  EXPECT_EQ(readBytes(dir.path() / "br0.xml"), conf::formatInterfaceXml(def));
  auto loaded = store.load("br0");
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, def);
  auto missing = store.load("br1");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST(Store, SaveReplacesAndRemoveDeletes) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_TRUE(store.save(bridgeDef("br0", 1500)).ok());
  ASSERT_TRUE(store.save(bridgeDef("br0", 9000)).ok());
  EXPECT_NE(readBytes(dir.path() / "br0.xml").find("<mtu size='9000'/>"), std::string::npos);
  ASSERT_TRUE(store.remove("br0").ok());
  EXPECT_FALSE(fs::exists(dir.path() / "br0.xml"));
  EXPECT_TRUE(store.remove("br0").ok());  // already gone: not an error
  // Nothing but the lock is left behind: no temporary files.
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename(), ".lock");
}

// What one process parsed, the next reads from the store's .parsed file, each definition as long
// as its file holds the bytes parsed (store/parsed_cache.h). Each openStore below stands for a
// process of its own: a store object remembers what it parsed itself.
TEST(Store, DefinitionsParsedOnceAreKeptForTheNextProcess) {
  TempDir dir;
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br0", 1500)).ok());
  ASSERT_TRUE(fs::remove(dir.path() / ".parsed"));  // what the writer kept: see below
  ASSERT_TRUE(openStore(dir.path()).loadAll().ok());
  const auto kept = decodeParsedDefinitions(readBytes(dir.path() / ".parsed"));
  ASSERT_TRUE(kept.has_value());
  ASSERT_EQ(kept->count("br0.xml"), 1u);
  EXPECT_EQ(kept->at("br0.xml").text, readBytes(dir.path() / "br0.xml"));
  EXPECT_EQ(kept->at("br0.xml").def, bridgeDef("br0", 1500));
}

TEST(Store, AWriterKeepsWhatItWroteAsParsed) {
  // A define, then a start in another process: the start finds the new definition parsed.
  TempDir dir;
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br0", 1500)).ok());
  {
    auto store = openStore(dir.path());
    StoreChange change;
    change.save = {bridgeDef("br1", 1400), bridgeDef("br2", 1300)};
    ASSERT_TRUE(store.commit(change).ok());
  }
  const auto kept = decodeParsedDefinitions(readBytes(dir.path() / ".parsed"));
  ASSERT_TRUE(kept.has_value());
  ASSERT_EQ(kept->size(), 3u);
  for (const char* name : {"br0", "br1", "br2"}) {
    const std::string file = std::string(name) + ".xml";
    EXPECT_EQ(kept->at(file).text, readBytes(dir.path() / file)) << name;
  }
  EXPECT_EQ(kept->at("br1.xml").def, bridgeDef("br1", 1400));
}

TEST(Store, AKeptDefinitionServesOnlyTheBytesItWasParsedFrom) {
  TempDir dir;
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br0", 1500)).ok());
  // A .parsed that says br0.xml's very bytes mean an MTU of 4242: what the store answers shows
  // that it read the definition from there, not from the XML.
  ParsedDefinitions planted;
  planted["br0.xml"] = ParsedDefinition{readBytes(dir.path() / "br0.xml"), bridgeDef("br0", 4242)};
  writeBytes(dir.path() / ".parsed", encodeParsedDefinitions(planted));
  auto all = openStore(dir.path()).loadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->definitions.size(), 1u);
  EXPECT_EQ(all->definitions[0].mtu, 4242u);
  auto one = openStore(dir.path()).load("br0");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->mtu, 4242u);
  // The file changed by hand, one byte more: parsed again, and kept so.
  writeBytes(dir.path() / "br0.xml", readBytes(dir.path() / "br0.xml") + "\n");
  all = openStore(dir.path()).loadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->definitions.size(), 1u);
  EXPECT_EQ(all->definitions[0].mtu, 1500u);
  const auto kept = decodeParsedDefinitions(readBytes(dir.path() / ".parsed"));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->at("br0.xml").def.mtu, 1500u);
}

TEST(Store, ADamagedParsedFileIsIgnoredAndWrittenAnew) {
  TempDir dir;
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br0", 1500)).ok());
  writeBytes(dir.path() / ".parsed", "ifkit parsed definitions 1\n1 7:br0.xml 3:abc 9");
  auto all = openStore(dir.path()).loadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->definitions.size(), 1u);
  EXPECT_EQ(all->definitions[0], bridgeDef("br0", 1500));
  const auto kept = decodeParsedDefinitions(readBytes(dir.path() / ".parsed"));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->at("br0.xml").def, bridgeDef("br0", 1500));
}

TEST(Store, AnUndefinedDefinitionLeavesTheParsedFile) {
  TempDir dir;
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br0", 1500)).ok());
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br1", 1500)).ok());
  ASSERT_TRUE(openStore(dir.path()).loadAll().ok());
  ASSERT_TRUE(openStore(dir.path()).remove("br1").ok());
  ASSERT_TRUE(openStore(dir.path()).loadAll().ok());
  const auto kept = decodeParsedDefinitions(readBytes(dir.path() / ".parsed"));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->size(), 1u);
  EXPECT_EQ(kept->count("br0.xml"), 1u);
}

TEST(Store, AStoreOpenedForReadingWritesNoParsedFile) {
  TempDir dir;
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br0", 1500)).ok());
  ASSERT_TRUE(fs::remove(dir.path() / ".parsed"));  // the writer's
  auto store = DefinitionStore::openForReading(dir.path().string());
  ASSERT_TRUE(store.ok());
  {
    auto reader = std::move(*store);
    auto all = reader.loadAll();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->definitions.size(), 1u);
  }  // closed: a writable store would write .parsed now
  EXPECT_FALSE(fs::exists(dir.path() / ".parsed"));
}

TEST(Store, NamesThatCouldLeaveTheDirectoryAreRefused) {
  TempDir dir;
  auto store = openStore(dir.path());
  for (const char* name : {"../evil", "..", ".", "a/b", "", "with space", "sixteen-bytes-xx"}) {
    auto def = bridgeDef("br0", 1500);
    def.name = name;
    Status st = store.save(def);
    EXPECT_FALSE(st.ok()) << name;
    EXPECT_FALSE(store.remove(name).ok()) << name;
  }
  EXPECT_FALSE(fs::exists(dir.path().parent_path() / "evil.xml"));
}

TEST(Store, DamagedAndForeignFilesAreReportedByNameAndDoNotStopTheOthers) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_TRUE(store.save(bridgeDef("br0", 1500)).ok());
  ASSERT_TRUE(store.save(bridgeDef("br2", 1500)).ok());
  std::ofstream(dir.path() / "br1.xml") << "<interface type='bridge' name='br1'>";  // torn
  std::ofstream(dir.path() / "notes.txt") << "hello";
  std::ofstream(dir.path() / "eth9.xml") << "<interface type='ethernet' name='eth8'/>";
  auto loaded = store.loadAll();
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->definitions.size(), 2u);
  EXPECT_EQ(loaded->definitions[0].name, "br0");
  EXPECT_EQ(loaded->definitions[1].name, "br2");
  ASSERT_EQ(loaded->problems.size(), 3u);
  EXPECT_EQ(loaded->problems[0].file, "br1.xml");
  EXPECT_EQ(loaded->problems[0].error.number, ErrorNumber::XmlDetail);
  EXPECT_EQ(loaded->problems[1].file, "eth9.xml");
  EXPECT_EQ(loaded->problems[1].error.message,
            "operation failed: 'eth9.xml' defines interface 'eth8', not 'eth9'");
  EXPECT_EQ(loaded->problems[2].file, "notes.txt");
}

TEST(Store, ADefinitionIsFoundByNameAmongTheLoadedOnes) {
  TempDir dir;
  auto store = openStore(dir.path());
  for (const char* name : {"br2", "br0", "br10", "br1"}) {
    auto def = bridgeDef("br0", 1500);
    def.name = name;
    ASSERT_TRUE(store.save(def).ok()) << name;
  }
  std::ofstream(dir.path() / "br3.xml") << "<interface type='bridge' name='br3'>";  // torn
  auto loaded = store.loadAll();
  ASSERT_TRUE(loaded.ok());
  for (const char* name : {"br0", "br1", "br10", "br2"}) {
    const conf::InterfaceDef* def = loaded->definitionNamed(name);
    ASSERT_NE(def, nullptr) << name;
    EXPECT_EQ(def->name, name);
  }
  for (const char* name : {"br", "br3", "br9", "", "br10x"})
    EXPECT_EQ(loaded->definitionNamed(name), nullptr) << name;
}

// Parsed definitions are reused only for the very same bytes: a file changed behind the store's
// back, in place, with the same size and within the same clock tick, is read as it now is.
TEST(Store, AFileChangedInPlaceIsReadAsItIsNow) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_TRUE(store.save(bridgeDef("br0", 1500)).ok());
  ASSERT_TRUE(store.loadAll().ok());  // parsed once
  const std::string before = readBytes(dir.path() / "br0.xml");
  std::string after = before;
  after.replace(after.find("1500"), 4, "9000");
  { std::ofstream(dir.path() / "br0.xml", std::ios::binary | std::ios::in) << after; }
  auto one = store.load("br0");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->mtu, 9000u);
  auto all = store.loadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->definitions.size(), 1u);
  EXPECT_EQ(all->definitions[0].mtu, 9000u);
  // Damaged in place: reported, not answered from what was parsed before.
  { std::ofstream(dir.path() / "br0.xml", std::ios::binary | std::ios::in) << "<xnterface"; }
  EXPECT_FALSE(store.load("br0").ok());
}

// A writer killed at a random moment leaves every definition whole: old bytes or new bytes.
TEST(Store, KillNineDuringDefinesNeverLeavesATornOrMissingDefinition) {
  TempDir dir;
  auto store = openStore(dir.path());
  const std::string small = conf::formatInterfaceXml(bridgeDef("br0", 1500));
  const std::string large = conf::formatInterfaceXml(bridgeDef("br0", 9000));
  ASSERT_TRUE(store.save(bridgeDef("br0", 1500)).ok());
  std::mt19937 random(42);
  for (int round = 0; round < 200; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto own = DefinitionStore::open(dir.path().string());
      for (std::uint32_t i = 0;; ++i) {
        (void)own->save(bridgeDef("br0", i % 2 ? 9000 : 1500));
        (void)own->save(bridgeDef("br" + std::to_string(1 + i % 50), 1500));
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    const std::string bytes = readBytes(dir.path() / "br0.xml");
    ASSERT_TRUE(bytes == small || bytes == large) << "round " << round << ":\n" << bytes;
    auto loaded = store.loadAll();
    ASSERT_TRUE(loaded.ok());
    ASSERT_TRUE(loaded->problems.empty()) << "round " << round << ": " << loaded->problems[0].file
                                          << ": " << loaded->problems[0].error.message;
  }
}

// Eight processes define 100 interfaces each and undefine every other one, all at once.
TEST(Store, ConcurrentProcessesLoseNothing) {
  TempDir dir;
  auto store = openStore(dir.path());
  constexpr int kProcesses = 8;
  constexpr int kEach = 100;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto own = DefinitionStore::open(dir.path().string());
      bool ok = own.ok();
      // Appended: GCC 12 takes `"literal" + std::string` for an overlapping copy (-Wrestrict).
      auto name = [&](int i) {
        return std::string("p").append(std::to_string(p)).append("-").append(std::to_string(i));
      };
      for (int i = 0; ok && i < kEach; ++i) ok = own->save(bridgeDef(name(i), 1500)).ok();
      for (int i = 0; ok && i < kEach; i += 2) ok = own->remove(name(i)).ok();
      _exit(ok ? 0 : 1);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto loaded = store.loadAll();
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->problems.empty());
  std::set<std::string> names;
  for (const auto& def : loaded->definitions) names.insert(def.name);
  std::set<std::string> expected;
  for (int p = 0; p < kProcesses; ++p)
    for (int i = 1; i < kEach; i += 2)
      expected.insert(
          std::string("p").append(std::to_string(p)).append("-").append(std::to_string(i)));
  EXPECT_EQ(names, expected);
}

}  // namespace
}  // namespace ifkit::store

namespace ifkit::store {
namespace {

TEST(StoreOpen, CreatesMissingParentDirectories) {
  TempDir dir;
  const auto nested = dir.path() / "etc" / "ifkit" / "interfaces";
  auto store = DefinitionStore::open(nested.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(std::filesystem::is_directory(nested));
}

// A read-only connection's store: what is there is read, nothing is made, nothing is written.
TEST(StoreOpenForReading, AMissingStoreHasNoDefinitionsAndIsNotMade) {
  TempDir dir;
  const auto nested = dir.path() / "etc" / "ifkit" / "interfaces";
  auto store = DefinitionStore::openForReading(nested.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto all = store->loadAll();
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_TRUE(all->definitions.empty() && all->problems.empty());
  auto one = store->load("br0");
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_FALSE(one->has_value());
  EXPECT_FALSE(store->exists("br0"));
  EXPECT_FALSE(std::filesystem::exists(dir.path()));
}

TEST(StoreOpenForReading, ReadsWhatIsThereMakingNoLockAndRefusingWrites) {
  TempDir dir;
  const auto def = bridgeDef("br0", 1500);
  fs::create_directories(dir.path());
  {
    std::ofstream out(dir.path() / "br0.xml", std::ios::binary);
    out << conf::formatInterfaceXml(def);
  }
  auto store = DefinitionStore::openForReading(dir.path().string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto all = store->loadAll();
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->definitions.size(), 1u);
  EXPECT_EQ(all->definitions[0], def);
  auto one = store->load("br0");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ(**one, def);

  auto saved = store->save(bridgeDef("br1", 1500));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().number, ErrorNumber::OperationDenied);
  EXPECT_FALSE(store->remove("br0").ok());
  EXPECT_FALSE(store->lockExclusive().ok());
  EXPECT_FALSE(store->lockHostChanges().ok());

  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir.path()))
    files.push_back(entry.path().filename().string());
  EXPECT_EQ(files, std::vector<std::string>{"br0.xml"});  // no .lock, no temporary file

  // Once a writer made the lock file, the reader takes it (shared) and still writes nothing.
  ASSERT_TRUE(openStore(dir.path()).save(bridgeDef("br1", 9000)).ok());
  const auto lockTime = fs::last_write_time(dir.path() / ".lock");
  auto again = store->loadAll();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->definitions.size(), 2u);
  EXPECT_EQ(fs::last_write_time(dir.path() / ".lock"), lockTime);
}

}  // namespace
}  // namespace ifkit::store
