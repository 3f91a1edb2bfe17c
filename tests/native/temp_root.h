// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/native/temp_root.h: a root folder for the managers' files, made and removed by a test.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ifkit::test {

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TempRoot {
 public:
  TempRoot() {
    char pattern[] = "/tmp/ifkit-native-XXXXXX";
    path_ = ::mkdtemp(pattern);
    std::filesystem::create_directories(path_ / "etc/network/interfaces.d");
    std::filesystem::create_directories(path_ / "state");
  }
  ~TempRoot() { std::filesystem::remove_all(path_); }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;
  // Writes the host file `hostPath` under the root, making its folders.
  void write(const std::string& hostPath, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path_.string() + hostPath).parent_path());
    std::ofstream(path_.string() + hostPath) << text;
  }
  std::string read(const std::string& hostPath) const { return readFile(path_.string() + hostPath); }
  std::string root() const { return path_.string(); }
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ifkit::test
