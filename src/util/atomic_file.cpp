// Temp file, fsync, rename, fsync of the directory.
#include "util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "util/unique_fd.h"

namespace ifkit {
namespace {

// The process id keeps processes apart (forked ones share the generator's state); the random
// part keeps threads apart, and O_EXCL settles the rest. The generator is seeded once per
// thread: a std::random_device per name cost as much as writing the small file itself.
std::string randomSuffix() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out = std::to_string(::getpid()) + "-";
  for (int i = 0; i < 10; ++i) out += kAlphabet[generator() % (sizeof(kAlphabet) - 1)];
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

}  // namespace ifkit
