// SPDX-License-Identifier: LGPL-2.1-or-later
// Temp file, fsync, rename, fsync of the directory.
#include "util/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "util/unique_fd.h"

namespace ifkit {
namespace {

constexpr std::size_t kRandomLength = 10;

// The process id keeps processes apart (forked ones share the generator's state); the random
// part keeps threads apart, and O_EXCL settles the rest. The generator is seeded once per
// thread: a std::random_device per name cost as much as writing the small file itself.
std::string randomSuffix() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out = std::to_string(::getpid()) + "-";
  for (std::size_t i = 0; i < kRandomLength; ++i)
    out += kAlphabet[generator() % (sizeof(kAlphabet) - 1)];
  return out;
}

Status writeAll(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return systemError(errno, "cannot write '" + path + "'", ErrorDomain::Interface);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status();
}

// The process that made a temporary file of ours, from its name; 0 if it is not such a name.
pid_t writerOf(std::string_view name) {
  if (!name.starts_with(kTempFilePrefix) || name.size() < kRandomLength + 3) return 0;
  name.remove_suffix(kRandomLength);
  if (!name.ends_with('-')) return 0;
  name.remove_suffix(1);
  const std::size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == name.size() || dash < kTempFilePrefix.size())
    return 0;
  pid_t pid = 0;
  for (char c : name.substr(dash + 1)) {
    if (c < '0' || c > '9' || pid > 100000000) return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

// Removes the temporary file unless the rename consumed it.
class TempFileGuard {
 public:
  TempFileGuard(int dirFd, std::string name) : dirFd_(dirFd), name_(std::move(name)) {}
  ~TempFileGuard() {
    if (!committed_) (void)::unlinkat(dirFd_, name_.c_str(), 0);  // best effort: it is garbage
  }
  void commit() { committed_ = true; }

 private:
  int dirFd_;
  std::string name_;
  bool committed_ = false;
};

}  // namespace

Status writeFileAtomically(int dirFd, std::string_view name, std::string_view content,
                           Durability durability) {
  const bool durable = durability == Durability::Durable;
  const std::string target(name);
  std::string temp;
  UniqueFd fd;
  for (int attempt = 0; attempt < 8 && !fd.valid(); ++attempt) {
    temp = std::string(kTempFilePrefix) + target + "-" + randomSuffix();
    fd.reset(::openat(dirFd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd.valid() && errno != EEXIST)
      return systemError(errno, "cannot create '" + temp + "'", ErrorDomain::Interface);
  }
  if (!fd.valid())
    return systemError(EEXIST, "cannot create '" + temp + "'", ErrorDomain::Interface);
  TempFileGuard guard(dirFd, temp);

  if (Status st = writeAll(fd.get(), content, temp); !st) return st;
  if (durable && ::fsync(fd.get()) != 0)
    return systemError(errno, "cannot sync '" + temp + "'", ErrorDomain::Interface);
  if (::close(fd.release()) != 0)
    return systemError(errno, "cannot close '" + temp + "'", ErrorDomain::Interface);
  if (::renameat(dirFd, temp.c_str(), dirFd, target.c_str()) != 0)
    return systemError(errno, "cannot rename '" + temp + "' to '" + target + "'",
                       ErrorDomain::Interface);
  guard.commit();
  // The rename is durable only once the directory itself is on disk.
  if (durable && ::fsync(dirFd) != 0)
    return systemError(errno, "cannot sync the directory of '" + target + "'",
                       ErrorDomain::Interface);
  return Status();
}

Status removeFileDurably(int dirFd, std::string_view name, Durability durability) {
  const std::string target(name);
  if (::unlinkat(dirFd, target.c_str(), 0) != 0) {
    if (errno == ENOENT) return Status();
    return systemError(errno, "cannot remove '" + target + "'", ErrorDomain::Interface);
  }
  if (durability == Durability::Durable && ::fsync(dirFd) != 0)
    return systemError(errno, "cannot sync the directory of '" + target + "'",
                       ErrorDomain::Interface);
  return Status();
}

void removeAbandonedTempFiles(int dirFd) {
  UniqueFd forListing(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  DIR* listing = forListing.valid() ? ::fdopendir(forListing.get()) : nullptr;
  if (listing == nullptr) return;
  (void)forListing.release();  // closedir owns it now
  std::vector<std::string> abandoned;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string name = entry->d_name;
    const pid_t writer = writerOf(name);
    if (writer <= 0 || writer == ::getpid()) continue;
    // A process that exists (EPERM: someone else's) may still be writing it.
    if (::kill(writer, 0) == 0 || errno != ESRCH) continue;
    struct stat st {};
    if (::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
      continue;
    abandoned.push_back(name);
  }
  ::closedir(listing);
  for (const std::string& name : abandoned) (void)::unlinkat(dirFd, name.c_str(), 0);
}

}  // namespace ifkit
