// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/config_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "util/system_error.h"
#include "util/unique_fd.h"

namespace ifkit::native {
namespace {

// The root as a glob pattern that matches only itself.
std::string escapeGlob(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return escaped;
}

Error readError(std::string_view hostPath, int err) {
  return systemError(err, "cannot read '" + std::string(hostPath) + "'", ErrorDomain::Interface);
}

Error refused(std::string_view hostPath, std::string_view why) {
  Error error;
  error.number = ErrorNumber::SystemError;
  error.domain = ErrorDomain::Interface;
  error.message = "cannot read '" + std::string(hostPath) + "': " + std::string(why);
  return error;
}

}  // namespace

ConfigRoot::ConfigRoot(std::string root) : root_(std::move(root)) {
  while (!root_.empty() && root_.back() == '/') root_.pop_back();
}

std::string ConfigRoot::locate(std::string_view hostPath) const {
  return root_ + std::string(hostPath);
}

Result<std::optional<std::string>> ConfigRoot::read(std::string_view hostPath) const {
  const std::string path = locate(hostPath);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
    return readError(hostPath, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return readError(hostPath, errno);
  if (!S_ISREG(st.st_mode)) return refused(hostPath, "not a regular file");
  if (static_cast<std::size_t>(st.st_size) > kMaxConfigFileBytes)
    return refused(hostPath, "larger than " + std::to_string(kMaxConfigFileBytes) + " bytes");
  std::string text;
  char buffer[16384];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return readError(hostPath, errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxConfigFileBytes)
      return refused(hostPath, "larger than " + std::to_string(kMaxConfigFileBytes) + " bytes");
  }
  return std::optional<std::string>(std::move(text));
}

std::vector<std::string> ConfigRoot::glob(std::string_view hostPattern) const {
  const std::string pattern = escapeGlob(root_) + std::string(hostPattern);
  glob_t matches{};
  std::vector<std::string> paths;
  if (::glob(pattern.c_str(), GLOB_ERR | GLOB_NOSORT, nullptr, &matches) == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i)
      paths.emplace_back(std::string_view(matches.gl_pathv[i]).substr(root_.size()));
  }
  ::globfree(&matches);
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> ConfigRoot::list(std::string_view hostDirectory) const {
  std::vector<std::string> names;
  const std::string path = locate(hostDirectory);
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return names;
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace ifkit::native
