// SPDX-License-Identifier: LGPL-2.1-or-later
// Regular files and directories opened without blocking and without following links.
#include "util/safe_file.h"

#include <dirent.h>
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

namespace {

// The open, check and read once the entry has been looked at and found to be a regular file.
Result<std::optional<std::string>> openAndRead(int dirFd, const std::string& name,
                                               std::size_t maxBytes, const std::string& shown) {
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
  // Read to the end, not to st_size: the file may grow meanwhile, and the limit still holds. The
  // first read asks for one byte more than st_size; a regular file reads short only at its end,
  // so a read that returns less than asked is the end at that instant, and no further read (to
  // see 0) is made. One that fills the buffer means the file grew: read on, up to the limit.
  std::string content;
  content.resize(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t done = 0;
  for (;;) {
    if (done == content.size()) {
      if (content.size() > maxBytes)
        return makeError(ErrorNumber::OperationFailed, kDomain, "'" + shown + "' is too large");
      content.resize(std::min(content.size() * 2, maxBytes + 1));
    }
    const std::size_t asked = content.size() - done;
    const ssize_t n = ::read(fd.get(), content.data() + done, asked);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return systemError(errno, "cannot read '" + shown + "'", kDomain);
    done += static_cast<std::size_t>(n);
    if (static_cast<std::size_t>(n) < asked) break;  // the end (0 included)
  }
  if (done > maxBytes)
    return makeError(ErrorNumber::OperationFailed, kDomain, "'" + shown + "' is too large");
  content.resize(done);
  return std::optional<std::string>(std::move(content));
}

}  // namespace

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
  return openAndRead(dirFd, name, maxBytes, shown);
}

Result<std::optional<std::string>> readListedRegularFileAt(int dirFd, const std::string& name,
                                                           unsigned char listedType,
                                                           std::size_t maxBytes,
                                                           std::string_view shownAs) {
  // The listing has looked already: its type stands for readRegularFileAt's lstat.
  if (listedType == DT_UNKNOWN) return readRegularFileAt(dirFd, name, maxBytes, shownAs);
  const std::string shown(shownAs);
  if (listedType != DT_REG) return notA(shown, DTTOIF(listedType), "a regular file");
  return openAndRead(dirFd, name, maxBytes, shown);
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
