// SPDX-License-Identifier: LGPL-2.1-or-later
// readFile: read a definition file whole, reporting failures as libvirt's virFileReadAll does.
#include "file_read.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ifkit::cli {
namespace {

constexpr std::size_t kMaxFileBytes = 10 * 1024 * 1024;

Error systemError(const std::string& what, const std::string& path, int err) {
  Error e = makeBareError(ErrorNumber::SystemError, ErrorDomain::None,
                          what + " '" + path + "': " + std::strerror(err));
  e.sysErrno = err;
  return e;
}

// Closes the descriptor when the read is over, however it ends.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) (void)::close(fd);  // read-only descriptor: nothing to lose on close
  }
};

}  // namespace

Result<std::string> readFile(const std::string& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return systemError("Failed to open file", path, errno);
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(file.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return systemError("Failed to read file", path, errno);
    }
    if (n == 0) break;
    text.append(buf, std::size_t(n));
    if (text.size() > kMaxFileBytes) return systemError("Failed to read file", path, EFBIG);
  }
  return text;
}

}  // namespace ifkit::cli
