// SPDX-License-Identifier: LGPL-2.1-or-later
// The differential cases: hand-written ones from cases.txt, and one per conformance document.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ifkit::test {

struct Expected {  // a deliberate difference from virsh: what ifkit prints instead
  std::string out, err;
  int status = 0;
};

struct CliCase {
  std::string name;                  // a GoogleTest-safe name: [A-Za-z0-9_]
  std::vector<std::string> args;     // after the program name
  std::optional<std::string> input;  // standard input: an interactive session, fed from a file
  std::optional<Expected> expected;  // from expected/NAME.{out,err,rc}, when present
};

// cases.txt: one case a line, fields separated by tabs: NAME, then the arguments. Lines
// starting with '#' and blank lines are skipped. "-c test:///default" is put in front unless
// the first argument is "!raw" (the case gives its own global options). An argument
// "!stdin:TEXT" is no argument: TEXT is the standard input, for the interactive terminal.
// @XML@, @INVALID@, @VALIDATE@ and @DATA@ stand for the corpus folders and tests/cli/data; @NL@
// for a line feed.
std::vector<CliCase> loadCases();

// `text` with every occurrence of each `from` replaced by its `to`, one pair after the other.
std::string replaceAll(std::string text,
                       const std::vector<std::pair<std::string, std::string>>& replacements);

}  // namespace ifkit::test
