// SPDX-License-Identifier: LGPL-2.1-or-later
// The start records of one namespace as files under /run/ifkit/started/<netns inode>/.
#include "driver/system/start_record_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "driver/system/warning.h"
#include "util/atomic_file.h"
#include "util/safe_file.h"
#include "util/system_error.h"

namespace ifkit::driver {
namespace {

// Records describe the kernel, which a reboot resets: atomic, but no fsync (/run).
constexpr Durability kVolatile = Durability::Volatile;

constexpr ErrorDomain kDomain = ErrorDomain::Interface;
constexpr const char* kCookieFile = "netns:cookie";
// A record lists a start's operations: a few KiB; a big bridge's, some hundred.
constexpr std::size_t kMaxRecord = std::size_t{16} << 20;
// Damaged records are renamed to .damaged-NAME-TIME: a leading '.' keeps them out of the records.
constexpr std::string_view kDamagedPrefix = ".damaged-";

Error recordsError(std::string_view detail) {
  return makeError(ErrorNumber::OperationFailed, kDomain, detail);
}

std::string utcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

}  // namespace

Result<std::unique_ptr<StartRecordDirectory>> StartRecordDirectory::open(
    const host::nl::Netns& netns, std::string runDirectory) {
  struct stat st {};
  if (::fstat(netns.fd(), &st) != 0)
    return systemError(errno, "cannot identify network namespace '" + netns.label() + "'", kDomain);
  auto cookie = netns.cookie();
  if (!cookie) return std::move(cookie).error();
  // Held for as long as this object lives: no other namespace can get its inode meanwhile.
  UniqueFd held(::fcntl(netns.fd(), F_DUPFD_CLOEXEC, 0));
  if (!held.valid())
    return systemError(errno, "cannot hold network namespace '" + netns.label() + "'", kDomain);
  return std::unique_ptr<StartRecordDirectory>(new StartRecordDirectory(
      std::move(runDirectory), std::to_string(st.st_ino), *cookie, std::move(held)));
}

bool StartRecordDirectory::cachedStillThere() const {
  // A directory that someone removed keeps its fd working, with no link left: records written
  // there would be lost. One fstat costs far less than opening and checking the cookie again.
  struct stat st {};
  return ours_.valid() && ::fstat(ours_.get(), &st) == 0 && st.st_nlink > 0;
}

Result<UniqueFd> StartRecordDirectory::openLeaf() const {
  // The run directory is ifkit's configuration; the namespace's folder in it is looked at: a
  // symbolic link there would send the clean-up of stale records (which empties the folder)
  // into somebody else's files, and a folder others may write is no record of ifkit's.
  UniqueFd run(::open(run_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!run.valid()) {
    if (errno == ENOENT) return UniqueFd();
    return systemError(errno, "cannot open '" + run_ + "'", kDomain);
  }
  auto dir = openDirectoryAt(run.get(), leaf_, directory_);
  if (!dir) return recordsError("refusing the start records folder: " + dir.error().str2);
  if (!dir->valid()) return UniqueFd();
  struct stat st {};
  if (::fstat(dir->get(), &st) != 0)
    return systemError(errno, "cannot stat '" + directory_ + "'", kDomain);
  if (st.st_uid != ::geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return recordsError("refusing the start records folder '" + directory_ +
                        "': it is not ifkit's own (owner uid " + std::to_string(st.st_uid) +
                        ", mode " + std::to_string((st.st_mode >> 6) & 7) +
                        std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) +
                        ")");
  return std::move(*dir);
}

Result<int> StartRecordDirectory::openOurs() const {
  if (cachedStillThere()) return ours_.get();
  ours_.reset();
  swept_ = false;
  auto dir = openLeaf();
  if (!dir) return std::move(dir).error();
  if (!dir->valid()) return -1;
  auto cookie = readRegularFileAt(dir->get(), kCookieFile, 64, directory_ + "/" + kCookieFile);
  if (!cookie && isTransientFailure(cookie.error())) return std::move(cookie).error();
  // No cookie, a damaged one or another namespace's: not this namespace's records.
  if (!cookie || !*cookie || **cookie != std::to_string(cookie_)) return -1;
  // Kept open: while this object holds the namespace (netns_), the directory stays its own.
  ours_ = std::move(*dir);
  return ours_.get();
}

Result<int> StartRecordDirectory::prepare() const {
  auto ours = openOurs();
  if (!ours) return std::move(ours).error();
  if (*ours < 0) {
    // Each level made with mode 0700: what stop will do is nobody else's to write.
    for (std::size_t end = directory_.find('/', 1);; end = directory_.find('/', end + 1)) {
      const std::string path = directory_.substr(0, end);
      if (!path.empty() && !path.ends_with('/') && ::mkdir(path.c_str(), 0700) != 0 &&
          errno != EEXIST)
        return systemError(errno, "cannot create '" + path + "'", kDomain);
      if (end == std::string::npos) break;
    }
    auto dir = openLeaf();
    if (!dir) return std::move(dir).error();
    if (!dir->valid()) return systemError(ENOENT, "cannot open '" + directory_ + "'", kDomain);
    // Records of a namespace that had this inode before: they describe a kernel that is gone.
    // unlinkat removes a link found in the folder, never what it points to.
    auto stale = recordFiles(dir->get());
    if (!stale) return std::move(stale).error();
    for (const std::string& name : *stale)
      if (Status st = removeFileDurably(dir->get(), name, kVolatile); !st)
        return std::move(st).error();
    if (Status st =
            writeFileAtomically(dir->get(), kCookieFile, std::to_string(cookie_), kVolatile);
        !st)
      return std::move(st).error();
    ours_ = std::move(*dir);
  }
  // Once a directory: what writers killed in the middle of a write left (util/atomic_file.h).
  if (!swept_) removeAbandonedTempFiles(ours_.get());
  swept_ = true;
  return ours_.get();
}

Result<std::vector<std::string>> StartRecordDirectory::recordFiles(int dir) const {
  UniqueFd forListing(::dup(dir));
  DIR* listing = forListing.valid() ? ::fdopendir(forListing.get()) : nullptr;
  if (listing == nullptr) return systemError(errno, "cannot list '" + directory_ + "'", kDomain);
  (void)forListing.release();  // closedir owns it now
  ::rewinddir(listing);
  std::vector<std::string> out;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string name = entry->d_name;
    // A leading '.' marks a temporary file (a write cut short) or a damaged record set aside,
    // and no definition is named so (store/store.h); no interface is named with a ':', which
    // leaves the cookie and the unfinished records apart.
    if (name.starts_with('.') || name == kCookieFile) continue;
    const std::string interface = recordNameOf(name);
    if (interface.empty() || interface.find(':') != std::string::npos) continue;
    out.push_back(name);
  }
  ::closedir(listing);
  return out;
}

Result<std::set<std::string>> StartRecordDirectory::namesLocked(int dir) const {
  auto files = recordFiles(dir);
  if (!files) return std::move(files).error();
  std::set<std::string> out;
  for (const std::string& file : *files) out.insert(recordNameOf(file));
  return out;
}

Result<std::set<std::string>> StartRecordDirectory::names() {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return std::set<std::string>();
  return namesLocked(*dir);
}

Result<std::optional<LoadedRecord>> StartRecordDirectory::load(const std::string& name) {
  std::lock_guard lock(mutex_);
  return loadLocked(name);
}

Result<std::optional<LoadedRecord>> StartRecordDirectory::loadLocked(
    const std::string& name) const {
  // Only an interface's name names a record: nothing else in the folder, nothing outside it.
  if (name.empty() || name.starts_with('.') || name.find_first_of("/:") != std::string::npos)
    return std::optional<LoadedRecord>();
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return std::optional<LoadedRecord>();
  auto unfinished = loadFileLocked(*dir, name, unfinishedRecordFile(name));
  if (!unfinished || *unfinished) {
    if (unfinished && *unfinished) (*unfinished)->state = RecordState::Unfinished;
    return unfinished;
  }
  return loadFileLocked(*dir, name, name);
}

Result<std::optional<LoadedRecord>> StartRecordDirectory::loadFileLocked(
    int dir, const std::string& name, const std::string& file) const {
  const std::string path = directory_ + "/" + file;
  auto text = readRegularFileAt(dir, file, kMaxRecord, path);
  if (!text && isTransientFailure(text.error())) return std::move(text).error();
  std::optional<std::string> damage;
  std::optional<LoadedRecord> loaded;
  if (!text) {
    damage = text.error().str2.empty() ? text.error().message : text.error().str2;
  } else if (!*text) {
    return std::optional<LoadedRecord>();
  } else if (auto parsed = parseStoredRecord(**text); !parsed) {
    damage = parsed.error().str2.empty() ? parsed.error().message : parsed.error().str2;
  } else if (parsed->record.name != name) {
    damage = "it is the record of '" + parsed->record.name + "'";
  } else {
    loaded = std::move(*parsed);
  }
  if (damage) setAsideLocked(dir, file, *damage);
  return loaded;
}

void StartRecordDirectory::setAsideLocked(int dir, const std::string& file,
                                          const std::string& why) const {
  // Renamed, not deleted: what it held may still tell a person what the start did.
  const std::string aside =
      std::string(kDamagedPrefix) + file + "-" + utcStamp() + "-" + std::to_string(::getpid());
  const std::string path = directory_ + "/" + file;
  if (::renameat(dir, file.c_str(), dir, aside.c_str()) != 0) {
    printWarning("the start record '" + path + "' cannot be read (" + why + ") nor set aside: " +
                 std::string(std::strerror(errno)) + "; it counts as no record");
    return;
  }
  printWarning("the start record '" + path + "' cannot be read (" + why + "): kept aside as '" +
               directory_ + "/" + aside + "'; it counts as no record");
}

Result<std::vector<plan::StartRecord>> StartRecordDirectory::loadAll() {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  std::vector<plan::StartRecord> out;
  if (*dir < 0) return out;
  auto all = namesLocked(*dir);
  if (!all) return std::move(all).error();
  for (const std::string& name : *all) {
    auto record = loadLocked(name);
    if (!record) return std::move(record).error();
    if (*record) out.push_back(std::move((*record)->record));
  }
  return out;
}

Status StartRecordDirectory::save(const plan::StartRecord& record) {
  std::lock_guard lock(mutex_);
  auto dir = prepare();
  if (!dir) return std::move(dir).error();
  return writeFileAtomically(*dir, record.name, storedRecordText(record), kVolatile);
}

Status StartRecordDirectory::saveUnfinished(const plan::StartRecord& record) {
  std::lock_guard lock(mutex_);
  auto dir = prepare();
  if (!dir) return std::move(dir).error();
  return writeFileAtomically(*dir, unfinishedRecordFile(record.name), storedRecordText(record),
                             kVolatile);
}

Status StartRecordDirectory::finish(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  const std::string unfinished = unfinishedRecordFile(name);
  // One rename: the finished record replaces the earlier one whole, with no write between.
  if (*dir < 0 || ::renameat(*dir, unfinished.c_str(), *dir, name.c_str()) != 0)
    return systemError(*dir < 0 ? ENOENT : errno,
                       "cannot finish the start record '" + directory_ + "/" + unfinished + "'",
                       kDomain);
  return Status();
}

Status StartRecordDirectory::dropUnfinished(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return Status();
  return removeFileDurably(*dir, unfinishedRecordFile(name), kVolatile);
}

Status StartRecordDirectory::remove(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return Status();
  if (Status st = removeFileDurably(*dir, unfinishedRecordFile(name), kVolatile); !st) return st;
  return removeFileDurably(*dir, name, kVolatile);
}

Status StartRecordDirectory::removeAll() {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return Status();
  auto all = recordFiles(*dir);
  if (!all) return std::move(all).error();
  for (const std::string& file : *all)
    if (Status st = removeFileDurably(*dir, file, kVolatile); !st) return st;
  return Status();
}

}  // namespace ifkit::driver
