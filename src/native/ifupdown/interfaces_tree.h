// SPDX-License-Identifier: LGPL-2.1-or-later
// ifupdown's configuration as ifup reads it: /etc/network/interfaces and every file it pulls
// in with `source` (a shell glob) and `source-directory` (files named [A-Za-z0-9_-]+), in the
// order ifup sees their statements. A relative path is relative to the including file's
// folder. Each file's text is kept: adoption cuts stanzas out of it and puts them back.
#pragma once

#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/ifupdown/interfaces_syntax.h"
#include "native/native_definition.h"

namespace ifkit::native::ifupdown {

inline constexpr const char* kInterfacesFile = "/etc/network/interfaces";

struct InterfacesFile {
  std::string path;  // on the host
  std::string text;
  ParsedInterfacesText parsed;
};

// A statement, by the index of its file in the tree and its index in that file.
struct PlacedStatement {
  std::size_t file = 0;
  std::size_t statement = 0;
};

struct InterfacesTree {
  std::vector<InterfacesFile> files;        // in the order first read
  std::vector<PlacedStatement> statements;  // ifup's order, sources expanded in place
  std::vector<NativeProblem> problems;

  const InterfacesFile& fileOf(const PlacedStatement& placed) const { return files[placed.file]; }
  const Statement& operator[](const PlacedStatement& placed) const {
    return files[placed.file].parsed.statements[placed.statement];
  }
};

// Reads the tree rooted at `mainFile` (kInterfacesFile on a host). A missing main file is an
// empty tree; a missing sourced file is skipped, as ifup does; an unreadable one is a problem.
InterfacesTree readInterfacesTree(const ConfigRoot& root, const std::string& mainFile);

}  // namespace ifkit::native::ifupdown
