// SPDX-License-Identifier: LGPL-2.1-or-later
// The conformance corpus (../shared/conformance): case discovery and expected outcomes.
//
// Each case is an input file with either libvirt's output (NAME.out.xml) or its error
// (NAME.error.txt: "code=N domain=M", then the message, then one line feed). Where ifkit fixes
// a libvirt bug on purpose (DEVIATIONS.md), tests/conf/expected/NAME.{out.xml,error.txt} holds
// ifkit's own expectation and takes precedence over the corpus file.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ifkit::testing {

struct ExpectedError {
  int code = 0;
  int domain = 0;
  std::string message;
};

struct CorpusCase {
  std::string name;                 // file name without .xml, e.g. "eth-minimal"
  std::filesystem::path input;      // the .xml input
  std::optional<std::string> output;        // expected XML, for accepted inputs
  std::optional<ExpectedError> error;       // expected error, for rejected inputs
  bool deviates = false;            // expectation comes from tests/conf/expected/
};

// GoogleTest prints a case by its name, not as a byte dump.
inline void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.name; }

// Every case of one corpus folder ("xml", "xml-invalid", "xml-validate"), sorted by name.
std::vector<CorpusCase> loadCorpus(const std::string& folder);

std::string readFile(const std::filesystem::path& path);
std::filesystem::path sharedDir();

// A GoogleTest-safe name for a case ("eth-minimal" -> "eth_minimal").
std::string testNameOf(const std::string& caseName);

}  // namespace ifkit::testing
