// SPDX-License-Identifier: LGPL-2.1-or-later
// What stands where the store expects its files, put there by a damaged disk or a hostile user:
// a FIFO, a symbolic link, a directory, a device. Each is named and skipped, never opened
// blocking (which would hang every listing), never followed (which would read or write a file
// that is not the store's); temporary files of writers killed in the middle are cleared.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "conf/interface_xml.h"
#include "store/store.h"
#include "util/atomic_file.h"
#include "util/safe_file.h"
#include "util/unique_fd.h"

namespace ifkit::store {
namespace {

namespace fs = std::filesystem;

// A hang is the failure these tests look for: it ends the test program rather than the run.
class NoHang {
 public:
  NoHang() { ::alarm(20); }
  ~NoHang() { ::alarm(0); }
};

class HostileFilesTest : public ::testing::Test {
 protected:
  HostileFilesTest() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("ifkit-hostile-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_ / "elsewhere");
    store_.emplace(DefinitionStore::open((root_ / "store").string()).value());
  }
  ~HostileFilesTest() override { fs::remove_all(root_); }

  fs::path dir() const { return root_ / "store"; }
  static conf::InterfaceDef bridge(const std::string& name) {
    return conf::parseInterfaceXml("<interface type='bridge' name='" + name +
                                   "'><bridge stp='off'/></interface>")
        .value();
  }
  // The problem loadAll reports for `file`, or "" if none.
  std::string problemOf(const LoadedDefinitions& loaded, const std::string& file) const {
    for (const auto& p : loaded.problems)
      if (p.file == file) return p.error.message;
    return "";
  }

  NoHang noHang_;
  fs::path root_;
  std::optional<DefinitionStore> store_;
};

TEST_F(HostileFilesTest, AFifoWhereADefinitionBelongsIsNamedNotOpened) {
  ASSERT_TRUE(store_->save(bridge("br0")).ok());
  ASSERT_EQ(::mkfifo((dir() / "zz.xml").c_str(), 0600), 0);
  auto loaded = store_->loadAll();  // used to block in open() until a writer came: for ever
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ASSERT_EQ(loaded->definitions.size(), 1u);
  EXPECT_EQ(loaded->definitions[0].name, "br0");
  EXPECT_EQ(problemOf(*loaded, "zz.xml"),
            "operation failed: 'zz.xml' is a FIFO, not a regular file");
  auto one = store_->load("zz");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().message, "operation failed: 'zz.xml' is a FIFO, not a regular file");
}

TEST_F(HostileFilesTest, LinksDirectoriesAndDevicesAreNamedAndSkipped) {
  std::ofstream(root_ / "elsewhere" / "br1.xml")
      << "<interface type='bridge' name='br1'><bridge/></interface>";
  fs::create_symlink(root_ / "elsewhere" / "br1.xml", dir() / "br1.xml");
  fs::create_directory(dir() / "br2.xml");
  ASSERT_EQ(::mknod((dir() / "br3.xml").c_str(), S_IFCHR | 0600, ::makedev(1, 3)), 0);  // null
  auto loaded = store_->loadAll();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(loaded->definitions.empty());
  EXPECT_EQ(problemOf(*loaded, "br1.xml"),
            "operation failed: 'br1.xml' is a symbolic link, not a regular file");
  EXPECT_EQ(problemOf(*loaded, "br2.xml"),
            "operation failed: 'br2.xml' is a directory, not a regular file");
  EXPECT_EQ(problemOf(*loaded, "br3.xml"),
            "operation failed: 'br3.xml' is a character device, not a regular file");
}

// A listing's d_type stands for the lstat; what stands there once the file is opened is checked
// again, so an entry swapped after the listing is refused all the same, and never blocks.
TEST_F(HostileFilesTest, AnEntryListedAsRegularButSwappedMeanwhileIsRefused) {
  ASSERT_EQ(::mkfifo((dir() / "zz.xml").c_str(), 0600), 0);
  fs::create_symlink(root_ / "elsewhere" / "br1.xml", dir() / "br1.xml");
  std::ofstream(root_ / "elsewhere" / "br1.xml") << "not ours";
  UniqueFd fd(::open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  auto fifo = readListedRegularFileAt(fd.get(), "zz.xml", DT_REG, 1024, "zz.xml");
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.error().message, "operation failed: 'zz.xml' is a FIFO, not a regular file");
  auto link = readListedRegularFileAt(fd.get(), "br1.xml", DT_REG, 1024, "br1.xml");
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().message,
            "operation failed: 'br1.xml' is a symbolic link, not a regular file");
}

TEST_F(HostileFilesTest, AnEntryListedAsAnythingButRegularIsNotOpened) {
  // A regular file in fact: only the listing's word can refuse it, so it was not opened.
  std::ofstream(dir() / "br0.xml") << "<interface/>";
  UniqueFd fd(::open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  auto device = readListedRegularFileAt(fd.get(), "br0.xml", DT_CHR, 1024, "br0.xml");
  ASSERT_FALSE(device.ok());
  EXPECT_EQ(device.error().message,
            "operation failed: 'br0.xml' is a character device, not a regular file");
  // A file system that does not say (DT_UNKNOWN): looked at with lstat.
  ASSERT_EQ(::mkfifo((dir() / "zz.xml").c_str(), 0600), 0);
  auto unknown = readListedRegularFileAt(fd.get(), "zz.xml", DT_UNKNOWN, 1024, "zz.xml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "operation failed: 'zz.xml' is a FIFO, not a regular file");
  auto regular = readListedRegularFileAt(fd.get(), "br0.xml", DT_UNKNOWN, 1024, "br0.xml");
  ASSERT_TRUE(regular.ok());
  EXPECT_EQ(regular->value_or("absent"), "<interface/>");
  auto gone = readListedRegularFileAt(fd.get(), "gone.xml", DT_REG, 1024, "gone.xml");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

// The read stops at the first short read; sizes around the limit and an empty file still read
// whole, or are refused as too large.
TEST_F(HostileFilesTest, FilesAreReadWholeUpToTheLimit) {
  UniqueFd fd(::open(dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  for (std::size_t size : {0u, 1u, 99u, 100u, 101u}) {
    const std::string content(size, 'x');
    std::ofstream(dir() / "f.xml", std::ios::trunc) << content;
    auto read = readRegularFileAt(fd.get(), "f.xml", 100, "f.xml");
    if (size > 100) {
      ASSERT_FALSE(read.ok());
      EXPECT_EQ(read.error().message, "operation failed: 'f.xml' is too large");
    } else {
      ASSERT_TRUE(read.ok()) << read.error().message;
      EXPECT_EQ(read->value_or("absent"), content);
    }
  }
}

TEST_F(HostileFilesTest, ALockThatIsALinkIsRefusedAndMakesNoFileAtItsTarget) {
  fs::create_symlink(root_ / "elsewhere" / "made-by-ifkit", dir() / ".lock");
  Status st = store_->save(bridge("br0"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("is a symbolic link, not a regular file"), std::string::npos)
      << st.error().message;
  EXPECT_FALSE(fs::exists(root_ / "elsewhere" / "made-by-ifkit"));
  EXPECT_FALSE(fs::exists(dir() / "br0.xml"));
}

TEST_F(HostileFilesTest, ALockThatIsAFifoIsRefused) {
  ASSERT_EQ(::mkfifo((dir() / ".lock").c_str(), 0600), 0);
  auto loaded = store_->loadAll();
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("('.lock') is a FIFO, not a regular file"),
            std::string::npos)
      << loaded.error().message;
}

TEST_F(HostileFilesTest, AJournalThatIsAFifoDoesNotHang) {
  ASSERT_EQ(::mkfifo((dir() / ".journal").c_str(), 0600), 0);
  Status st = store_->save(bridge("br0"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("'.journal' is a FIFO"), std::string::npos)
      << st.error().message;
}

// A writer killed between creating its temporary file and renaming it leaves ".tmp-..." behind:
// the next write clears those of dead writers, and nothing else.
TEST_F(HostileFilesTest, TemporaryFilesOfDeadWritersGoAtTheNextWrite) {
  const std::string dead = std::string(kTempFilePrefix) + "br0.xml-999999999-abcdefghij";
  const std::string alive =
      std::string(kTempFilePrefix) + "br0.xml-" + std::to_string(getppid()) + "-abcdefghij";
  const std::string notOurs = std::string(kTempFilePrefix) + "notes";
  const std::string aDirectory = std::string(kTempFilePrefix) + "br0.xml-999999998-abcdefghij";
  for (const auto& name : {dead, alive, notOurs}) std::ofstream(dir() / name) << "half";
  fs::create_directory(dir() / aDirectory);
  ASSERT_TRUE(store_->save(bridge("br0")).ok());
  EXPECT_FALSE(fs::exists(dir() / dead));
  EXPECT_TRUE(fs::exists(dir() / alive)) << "its writer may still be at work";
  EXPECT_TRUE(fs::exists(dir() / notOurs)) << "no name of writeFileAtomically's";
  EXPECT_TRUE(fs::exists(dir() / aDirectory)) << "only regular files are removed";
}

// A definition named with a leading '.' would be stored but never listed.
TEST_F(HostileFilesTest, NamesStartingWithADotAreNotStored) {
  auto def = bridge("br0");
  def.name = ".hidden";
  Status st = store_->save(def);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "invalid argument: '.hidden' starts with '.', which the store keeps for its own files");
  EXPECT_FALSE(fs::exists(dir() / ".hidden.xml"));
}

}  // namespace
}  // namespace ifkit::store
