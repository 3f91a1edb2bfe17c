// SPDX-License-Identifier: LGPL-2.1-or-later
// LineReader: where the interactive terminal's lines come from.
//
// On a terminal: libedit, with line editing, history kept across sessions and Tab completion.
// From a pipe or a file: plain lines, each echoed after its prompt as virsh's readline does,
// so that `ifkit < commands` prints a transcript that reads like the session typed by hand.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "completion.h"

namespace ifkit::cli {

class LineReader {
 public:
  virtual ~LineReader() = default;
  // Shows `prompt` and returns the next line without its line feed; nullopt at the end.
  virtual std::optional<std::string> read(std::string_view prompt) = 0;
};

using InterfaceSource = std::function<std::vector<KnownInterface>()>;

// Plain lines from `in`, prompt and echo on `out`.
std::unique_ptr<LineReader> makePipedLineReader(std::FILE* in, std::FILE* out);

// libedit on the terminal at standard input. `historyFile` (may be empty: no history) is read
// now and written, trimmed to its last 500 lines, when the reader goes.
std::unique_ptr<LineReader> makeTerminalLineReader(std::string historyFile,
                                                   InterfaceSource interfaces);

// Where the terminal keeps its history: $XDG_CACHE_HOME/ifkit/history, else
// $HOME/.cache/ifkit/history; empty when neither is set or the folder cannot be made.
std::string historyFilePath();

}  // namespace ifkit::cli
