// The start records of one namespace as files under /run/ifkit/started/<netns inode>/.
#include "driver/system/start_record_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

#include "util/atomic_file.h"
#include "util/system_error.h"

namespace ifkit::driver {
namespace {

// Records describe the kernel, which a reboot resets: atomic, but no fsync (/run).
constexpr Durability kVolatile = Durability::Volatile;

constexpr ErrorDomain kDomain = ErrorDomain::Interface;
constexpr const char* kCookieFile = "netns:cookie";

// The whole file, or nullopt when it does not exist.
Result<std::optional<std::string>> readFile(int dir, const std::string& name,
                                            const std::string& path) {
  UniqueFd fd(::openat(dir, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::string>();
    return systemError(errno, "cannot open '" + path + "'", kDomain);
  }
  std::string out;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return systemError(errno, "cannot read '" + path + "'", kDomain);
    if (n == 0) return std::optional<std::string>(std::move(out));
    out.append(buffer, static_cast<std::size_t>(n));
  }
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
      std::move(runDirectory) + "/" + std::to_string(st.st_ino), *cookie, std::move(held)));
}

bool StartRecordDirectory::cachedStillThere() const {
  // A directory that someone removed keeps its fd working, with no link left: records written
  // there would be lost. One fstat costs far less than opening and checking the cookie again.
  struct stat st {};
  return ours_.valid() && ::fstat(ours_.get(), &st) == 0 && st.st_nlink > 0;
}

Result<int> StartRecordDirectory::openOurs() const {
  if (cachedStillThere()) return ours_.get();
  ours_.reset();
  UniqueFd dir(::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) {
    if (errno == ENOENT) return -1;
    return systemError(errno, "cannot open '" + directory_ + "'", kDomain);
  }
  auto cookie = readFile(dir.get(), kCookieFile, directory_ + "/" + kCookieFile);
  if (!cookie) return std::move(cookie).error();
  if (!*cookie || **cookie != std::to_string(cookie_)) return -1;  // another namespace's
  // Kept open: while this object holds the namespace (netns_), the directory stays its own.
  ours_ = std::move(dir);
  return ours_.get();
}

Result<int> StartRecordDirectory::prepare() const {
  auto ours = openOurs();
  if (!ours) return std::move(ours).error();
  if (*ours >= 0) return *ours;
  // Each level made with mode 0700: what stop will do is nobody else's to write.
  std::string path;
  std::istringstream parts(directory_);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    path += "/" + part;
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
      return systemError(errno, "cannot create '" + path + "'", kDomain);
  }
  UniqueFd dir(::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return systemError(errno, "cannot open '" + directory_ + "'", kDomain);
  // Records of a namespace that had this inode before: they describe a kernel that is gone.
  auto stale = names(dir.get());
  if (!stale) return std::move(stale).error();
  for (const std::string& name : *stale)
    if (Status st = removeFileDurably(dir.get(), name, kVolatile); !st)
      return std::move(st).error();
  if (Status st = writeFileAtomically(dir.get(), kCookieFile, std::to_string(cookie_), kVolatile);
      !st)
    return std::move(st).error();
  ours_ = std::move(dir);
  return ours_.get();
}

Result<std::vector<std::string>> StartRecordDirectory::names(int dir) const {
  UniqueFd forListing(::dup(dir));
  DIR* listing = forListing.valid() ? ::fdopendir(forListing.get()) : nullptr;
  if (listing == nullptr) return systemError(errno, "cannot list '" + directory_ + "'", kDomain);
  (void)forListing.release();  // closedir owns it now
  ::rewinddir(listing);
  std::vector<std::string> out;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string name = entry->d_name;
    // No interface is named with a ':'; a temporary file is left by a write cut short.
    if (name == "." || name == ".." || name.find(':') != std::string::npos ||
        name.starts_with(kTempFilePrefix))
      continue;
    out.push_back(name);
  }
  ::closedir(listing);
  return out;
}

Result<std::optional<plan::StartRecord>> StartRecordDirectory::load(const std::string& name) {
  std::lock_guard lock(mutex_);
  return loadLocked(name);
}

Result<std::optional<plan::StartRecord>> StartRecordDirectory::loadLocked(
    const std::string& name) const {
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return std::optional<plan::StartRecord>();
  const std::string path = directory_ + "/" + name;
  auto text = readFile(*dir, name, path);
  if (!text) return std::move(text).error();
  if (!*text) return std::optional<plan::StartRecord>();
  auto record = plan::StartRecord::parse(**text);
  if (!record || record->name != name)
    return makeError(
        ErrorNumber::InternalError, kDomain,
        "cannot read the start record '" + path + "': " +
            (record ? "it is the record of '" + record->name + "'" : record.error().message));
  return std::optional<plan::StartRecord>(std::move(*record));
}

Result<std::vector<plan::StartRecord>> StartRecordDirectory::loadAll() {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  std::vector<plan::StartRecord> out;
  if (*dir < 0) return out;
  auto all = names(*dir);
  if (!all) return std::move(all).error();
  std::sort(all->begin(), all->end());
  for (const std::string& name : *all) {
    auto record = loadLocked(name);
    if (!record) return std::move(record).error();
    if (*record) out.push_back(std::move(**record));
  }
  return out;
}

Status StartRecordDirectory::save(const plan::StartRecord& record) {
  std::lock_guard lock(mutex_);
  auto dir = prepare();
  if (!dir) return std::move(dir).error();
  return writeFileAtomically(*dir, record.name, record.serialize(), kVolatile);
}

Status StartRecordDirectory::remove(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return Status();
  return removeFileDurably(*dir, name, kVolatile);
}

Status StartRecordDirectory::removeAll() {
  std::lock_guard lock(mutex_);
  auto dir = openOurs();
  if (!dir) return std::move(dir).error();
  if (*dir < 0) return Status();
  auto all = names(*dir);
  if (!all) return std::move(all).error();
  for (const std::string& name : *all)
    if (Status st = removeFileDurably(*dir, name, kVolatile); !st) return st;
  return Status();
}

}  // namespace ifkit::driver
