// SPDX-License-Identifier: LGPL-2.1-or-later
#include "system_uri.h"

#include <unistd.h>

#include <cstdlib>

namespace ifkit::test {
namespace {

// Removed when the process that made it exits normally (not by a forked child that calls
// exit()); a killed test leaves an empty folder in /tmp.
class EmptyRoot {
 public:
  EmptyRoot()
      : owner_(::getpid()),
        path_(std::filesystem::temp_directory_path() /
              ("ifkit-empty-root-" + std::to_string(owner_))) {
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
