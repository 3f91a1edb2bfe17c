// SPDX-License-Identifier: LGPL-2.1-or-later
// A change of one of another manager's files: its bytes before and after.
#pragma once

#include <string>

namespace ifkit::native {

struct FileEdit {
  std::string path;    // on the host
  std::string before;  // the file's bytes as the manager had them
  std::string after;   // the bytes that make the manager leave the interface alone
  bool operator==(const FileEdit&) const = default;
};

}  // namespace ifkit::native
