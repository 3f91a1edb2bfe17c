// SPDX-License-Identifier: LGPL-2.1-or-later
// The syntax of ifupdown's interfaces(5) file: text in, statements out. No I/O.
//
// A physical line ending in a backslash continues on the next (the backslash goes, the next
// line's leading blanks stay, as ifupdown joins them). A line whose first non-blank character
// is '#' is a comment; there are no end-of-line comments. A statement starts with one of the
// top-level keywords (iface, mapping, auto, allow-*, source, source-directory, rename,
// no-auto-down, no-scripts); any other line is an option of the iface or mapping stanza above.
//
// Each statement keeps the byte range it spans in the text, so that a stanza can later be cut
// out of its file, and put back, byte for byte (adoption).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::native::ifupdown {

struct Option {
  std::string name;   // as written: "bridge_ports", "bridge-ports", "address"
  std::string value;  // the rest of the logical line, blanks at both ends removed
  int line = 0;       // the first physical line of the option
};

struct Statement {
  std::string keyword;             // "iface", "auto", "allow-hotplug", "source", ...
  std::vector<std::string> words;  // the words after the keyword
  std::vector<Option> options;     // iface and mapping stanzas only
  int firstLine = 0, lastLine = 0;
  // [begin, end) in the text: from the start of the statement's first line to the end of its
  // last option's line, newline included.
  std::size_t begin = 0, end = 0;
};

// A line ifupdown would refuse (an option outside any stanza), with its line number.
struct SyntaxProblem {
  int line = 0;
  std::string message;
};

struct ParsedInterfacesText {
  std::vector<Statement> statements;
  std::vector<SyntaxProblem> problems;
};

ParsedInterfacesText parseInterfacesText(std::string_view text);

// The option name in one spelling: ifupdown hands options to hooks as IF_<NAME> with '-' made
// '_', so "bridge-ports" and "bridge_ports" are the same option to bridge-utils and ifenslave.
std::string canonicalOptionName(std::string_view name);

}  // namespace ifkit::native::ifupdown
