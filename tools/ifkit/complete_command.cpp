// SPDX-License-Identifier: LGPL-2.1-or-later
// runComplete: the words of a shell's command line, handed to completeWord.
#include "complete_command.h"

#include <optional>
#include <string_view>
#include <vector>

#include "completion.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"

namespace ifkit::cli {
namespace {

// One argument as one word of virsh's command-string syntax: single quotes keep everything
// literal, and a quote inside is closed, escaped and reopened.
std::string quotedWord(std::string_view word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  return quoted + "'";
}

struct Line {
  std::string before;  // the words before the one completed, as a command string
  std::string word;    // the word completed, as typed so far
};

// virsh's convention: `complete -- WORD...` with the last word the one being completed (empty
// after a space). One argument holding blanks is a whole line instead (`complete "iface-mac e"`),
// as virsh also takes it: its last word is the one completed.
Line lineOf(std::span<char* const> words) {
  if (!words.empty() && std::string_view(words.front()) == "--") words = words.subspan(1);
  if (words.empty()) return {};
  if (words.size() == 1) {
    const std::string_view whole = words.front();
    const std::size_t cut = whole.find_last_of(" \t;\n");
    if (cut == std::string_view::npos) return {"", std::string(whole)};
    return {std::string(whole.substr(0, cut + 1)), std::string(whole.substr(cut + 1))};
  }
  Line line;
  for (char* w : words.first(words.size() - 1)) line.before += quotedWord(w) + " ";
  line.word = words.back();
  return line;
}

}  // namespace

int runComplete(std::span<char* const> words, const std::string& uri, bool readOnly,
                std::FILE* out) {
  const Line line = lineOf(words);
  auto interfaces = [&] {
    std::vector<KnownInterface> known;
    auto conn = Connection::open(uri, readOnly);
    if (!conn) return known;
    if (auto all = conn->listAllInterfaces(0))
      for (const Interface& i : *all) known.push_back({i.name(), i.macString()});
    return known;
  };
  const std::optional<std::vector<std::string>> candidates =
      completeWord(line.before, line.word, interfaces);
  if (candidates)
    for (const std::string& c : *candidates) std::fprintf(out, "%s\n", c.c_str());
  return 0;
}

}  // namespace ifkit::cli
