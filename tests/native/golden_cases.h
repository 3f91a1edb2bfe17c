// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/native/golden_cases.h: the golden cases of the managers' readers.
//
// A case is a folder: a root holding the manager's files, a links.txt naming the kernel's links
// (one a line) for the readers that match against them, and expected.txt, the definitions as
// `iface-dumpxml --inactive` prints them and then the problems. IFKIT_UPDATE_GOLDEN=1 rewrites
// expected.txt from what the reader makes of the case (review the diff by hand).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "native/native_definition.h"

namespace ifkit::native::test {

inline std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The cases' folder names under `casesDir`, sorted.
inline std::vector<std::string> caseNames(const std::string& casesDir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(casesDir))
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The case's links.txt, without blank lines.
inline std::vector<std::string> linksOf(const std::string& caseDir) {
  std::vector<std::string> links;
  std::istringstream in(readFile(caseDir + "/links.txt"));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) links.push_back(line);
  return links;
}

// The configuration as expected.txt holds it.
inline std::string rendered(const NativeConfiguration& conf) {
  std::string text;
  for (const NativeDefinition& native : conf.definitions) text += formatNativeXml(native) + "\n";
  for (const NativeProblem& problem : conf.problems)
    text.append("problem: ").append(problem.manager).append(": ").append(problem.message) += "\n";
  return text;
}

// `actual` against the case's expected.txt, or written there under IFKIT_UPDATE_GOLDEN=1.
inline void expectGolden(const std::string& caseDir, const std::string& actual) {
  const std::string expectedPath = caseDir + "/expected.txt";
  if (const char* update = std::getenv("IFKIT_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(expectedPath) << actual;
    return;
  }
  EXPECT_EQ(readFile(expectedPath), actual) << "golden file " << expectedPath;
}

}  // namespace ifkit::native::test
