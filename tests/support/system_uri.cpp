// SPDX-License-Identifier: LGPL-2.1-or-later
#include "system_uri.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <string_view>

namespace ifkit::test {
namespace {

constexpr std::string_view kPrefix = "ifkit-empty-root-";

// Removed when the process that made it exits normally. One that ends otherwise (killed, or a
// forked child that made it and left by _exit()) leaves an empty folder in /tmp: the next one
// made removes those whose process is gone.
class EmptyRoot {
 public:
  EmptyRoot()
      : owner_(::getpid()),
        path_(std::filesystem::temp_directory_path() /
              (std::string(kPrefix) + std::to_string(owner_))) {
    removeThoseOfEndedProcesses();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~EmptyRoot() {
    if (::getpid() != owner_) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  EmptyRoot(const EmptyRoot&) = delete;
  EmptyRoot& operator=(const EmptyRoot&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  static void removeThoseOfEndedProcesses() {
    std::error_code ignored;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ignored)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with(kPrefix)) continue;
      const std::string digits = name.substr(kPrefix.size());
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
      const pid_t pid = static_cast<pid_t>(std::stol(digits));
      // Only empty ones, as every one is: remove() refuses a folder with anything in it.
      if (::kill(pid, 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ignored);
    }
  }

  pid_t owner_;
  std::filesystem::path path_;
};

}  // namespace

const std::filesystem::path& emptyManagersRoot() {
  static const EmptyRoot root;
  return root.path();
}

std::string systemUri(const std::string& netns, const std::filesystem::path& store) {
  std::string uri = "ifkit:///system?";
  if (!netns.empty()) uri.append("netns=").append(netns).append("&");
  uri.append("store=").append(store.string());
  uri.append("&root=").append(emptyManagersRoot().string());
  return uri;
}

}  // namespace ifkit::test
