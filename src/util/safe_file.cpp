// SPDX-License-Identifier: LGPL-2.1-or-later
// Regular files and directories opened without blocking and without following links.
#include "util/safe_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "util/system_error.h"

namespace ifkit {
namespace {

constexpr ErrorDomain kDomain = ErrorDomain::Interface;

Error notA(std::string_view shownAs, mode_t mode, const char* expected) {
  return makeError(ErrorNumber::OperationFailed, kDomain,
                   std::string("'").append(shownAs).append("' is ")
                       .append(fileTypeInWords(mode)).append(", not ").append(expected));
}

}  // namespace

std::string_view fileTypeInWords(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "of an unknown type";
}

Result<std::optional<std::string>> readRegularFileAt(int dirFd, const std::string& name,
                                                     std::size_t maxBytes,
                                                     std::string_view shownAs) {
  const std::string shown(shownAs);
  // Looked at before it is opened: a device is never opened at all (an open alone may act).
  struct stat before {};
  if (::fstatat(dirFd, name.c_str(), &before, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return systemError(errno, "cannot stat '" + shown + "'", kDomain);
  }
  if (!S_ISREG(before.st_mode)) return notA(shown, before.st_mode, "a regular file");
  UniqueFd fd(
      ::openat(dirFd, name.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::string>();
    if (errno == ELOOP) return notA(shown, S_IFLNK, "a regular file");  // swapped meanwhile
    return systemError(errno, "cannot open '" + shown + "'", kDomain);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return systemError(errno, "cannot stat '" + shown + "'", kDomain);
  if (!S_ISREG(st.st_mode)) return notA(shown, st.st_mode, "a regular file");
  if (static_cast<unsigned long long>(st.st_size) > maxBytes)
    return makeError(ErrorNumber::OperationFailed, kDomain, "'" + shown + "' is too large");
  // Read to the end, not to st_size: the file may grow meanwhile, and the limit still holds.
  std::string content;
  content.resize(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t done = 0;
  for (;;) {
    if (done == content.size()) {
      if (content.size() > maxBytes)
        return makeError(ErrorNumber::OperationFailed, kDomain, "'" + shown + "' is too large");
      content.resize(std::min(content.size() * 2, maxBytes + 1));
    }
    const ssize_t n = ::read(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return systemError(errno, "cannot read '" + shown + "'", kDomain);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done > maxBytes)
    return makeError(ErrorNumber::OperationFailed, kDomain, "'" + shown + "' is too large");
  content.resize(done);
  return std::optional<std::string>(std::move(content));
}

Result<UniqueFd> openDirectoryAt(int dirFd, const std::string& name, std::string_view shownAs) {
  const std::string shown(shownAs);
  UniqueFd fd(
      ::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.valid()) return fd;
  const int err = errno;
  if (err == ENOENT) return UniqueFd();
  if (err == ELOOP || err == ENOTDIR) {
    struct stat st {};
    if (::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
      return notA(shown, st.st_mode, "a directory");
  }
  return systemError(err, "cannot open '" + shown + "'", kDomain);
}

bool isTransientFailure(const Error& error) {
  switch (error.sysErrno) {
    case EMFILE:
    case ENFILE:
    case ENOMEM:
    case ENOBUFS:
    case EAGAIN:
    case EINTR:
      return true;
    default:
      return false;
  }
}

}  // namespace ifkit
