// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/interfaces_syntax.h"

#include <algorithm>

#include "native/words.h"

namespace ifkit::native::ifupdown {
namespace {

bool isTopLevelKeyword(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {"iface",  "mapping",      "auto",
                                                   "source", "source-directory", "rename",
                                                   "no-auto-down", "no-scripts"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords) ||
         word.starts_with("allow-");
}

// One logical line: physical lines joined at trailing backslashes.
struct LogicalLine {
  std::string text;
  int firstLine = 0, lastLine = 0;
  std::size_t begin = 0, end = 0;  // bytes, the last newline included
};

class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  bool next(LogicalLine& out) {
    if (pos_ >= text_.size()) return false;
    out = LogicalLine{};
    out.begin = pos_;
    out.firstLine = lineNumber_ + 1;
    while (pos_ < text_.size()) {
      std::size_t newline = text_.find('\n', pos_);
      std::size_t stop = newline == std::string_view::npos ? text_.size() : newline;
      std::string_view physical = text_.substr(pos_, stop - pos_);
      pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
      ++lineNumber_;
      if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
      if (!physical.empty() && physical.back() == '\\') {
        out.text.append(physical.substr(0, physical.size() - 1));
        continue;
      }
      out.text.append(physical);
      break;
    }
    out.lastLine = lineNumber_;
    out.end = pos_;
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int lineNumber_ = 0;
};

}  // namespace

ParsedInterfacesText parseInterfacesText(std::string_view text) {
  ParsedInterfacesText parsed;
  LineReader reader(text);
  LogicalLine line;
  Statement* stanza = nullptr;  // the iface or mapping stanza that options attach to
  while (reader.next(line)) {
    std::string_view content = trimBlanks(line.text);
    if (content.empty() || content.front() == '#') continue;
    std::vector<std::string> words = splitWords(content);
    if (isTopLevelKeyword(words.front())) {
      Statement statement;
      statement.keyword = words.front();
      statement.words.assign(words.begin() + 1, words.end());
      statement.firstLine = line.firstLine;
      statement.lastLine = line.lastLine;
      statement.begin = line.begin;
      statement.end = line.end;
      parsed.statements.push_back(std::move(statement));
      const std::string& keyword = parsed.statements.back().keyword;
      stanza = keyword == "iface" || keyword == "mapping" ? &parsed.statements.back() : nullptr;
      continue;
    }
    if (!stanza) {
      parsed.problems.push_back(
          {line.firstLine, "option '" + words.front() + "' outside of an iface or mapping stanza"});
      continue;
    }
    std::string_view value = trimBlanks(content.substr(words.front().size()));
    stanza->options.push_back({words.front(), std::string(value), line.firstLine});
    stanza->lastLine = line.lastLine;
    stanza->end = line.end;
  }
  return parsed;
}

std::string canonicalOptionName(std::string_view name) {
  std::string canonical(name);
  std::replace(canonical.begin(), canonical.end(), '-', '_');
  return canonical;
}

}  // namespace ifkit::native::ifupdown
