// SPDX-License-Identifier: LGPL-2.1-or-later
// A recursive-descent reader of libvirt's configuration syntax, one pass over the text.
#include "daemon/conf_syntax.h"

#include <limits>
#include <map>

namespace ifkit::daemon {
namespace {

bool isNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c) { return isNameStart(c) || (c >= '0' && c <= '9') || c == '.'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

class Reader {
 public:
  Reader(std::string_view text, const std::string& fileName) : text_(text), file_(fileName) {}

  Result<std::vector<ConfEntry>> all() {
    std::vector<ConfEntry> entries;
    std::map<std::string, int> seen;  // key -> its line, to refuse a second setting
    while (true) {
      skipBlankLinesAndComments();
      if (atEnd()) return entries;
      ConfEntry entry;
      entry.line = line_;
      if (!isNameStart(peek())) return fail("expecting a name");
      while (!atEnd() && isNameChar(peek())) entry.key += next();
      skipSpaces();
      if (peek() != '=') return fail("expecting an assignment");
      next();
      skipSpaces();
      auto value = readValue();
      if (!value) return std::move(value).error();
      entry.value = std::move(*value);
      skipSpaces();
      if (peek() == ';') next();
      skipSpaces();
      if (peek() == '#') skipComment();
      if (!atEnd() && peek() != '\n') return fail("expecting a separator");
      if (auto [at, fresh] = seen.emplace(entry.key, entry.line); !fresh)
        return fail(entry.line, "'" + entry.key + "' is set twice (first on line " +
                                    std::to_string(at->second) + ")");
      entries.push_back(std::move(entry));
    }
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  char next() {
    const char c = text_[pos_++];
    if (c == '\n') ++line_;
    return c;
  }
  bool startsWith(std::string_view s) const { return text_.substr(pos_).starts_with(s); }

  void skipSpaces() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) next();
  }
  void skipComment() {
    while (!atEnd() && peek() != '\n') next();
  }
  void skipBlankLinesAndComments() {
    while (!atEnd()) {
      skipSpaces();
      if (peek() == '#') skipComment();
      if (peek() != '\n') return;
      next();
    }
  }

  Error fail(int line, const std::string& what) const {
    return makeBareError(ErrorNumber::InternalError, ErrorDomain::None,
                         "configuration file syntax error: " + file_ + ":" + std::to_string(line) +
                             ": " + what);
  }
  Error fail(const std::string& what) const { return fail(line_, what); }

  Result<ConfValue> readValue(int depth = 0) {
    ConfValue value;
    const char c = peek();
    if (c == '\'' || c == '"') {
      value.kind = ConfValue::Kind::String;
      if (startsWith("\"\"\"")) {
        pos_ += 3;
        while (!atEnd() && !startsWith("\"\"\"")) value.text += next();
        if (atEnd()) return fail("unterminated string");
        pos_ += 3;
        return value;
      }
      const char quote = next();
      while (!atEnd() && peek() != quote && peek() != '\n') value.text += next();
      if (peek() != quote) return fail("unterminated string");
      next();
      return value;
    }
    if (c == '-' || c == '+' || isDigit(c)) return readNumber();
    if (c == '[') {
      // libvirt's lists hold scalars; one level is all a daemon key takes.
      if (depth > 0) return fail("expecting a value");
      next();
      value.kind = ConfValue::Kind::List;
      while (true) {
        skipBlankLinesAndComments();
        if (atEnd()) return fail("list is not closed with ]");
        if (peek() == ']') break;
        auto item = readValue(depth + 1);
        if (!item) return item;
        value.items.push_back(std::move(*item));
        skipBlankLinesAndComments();
        if (peek() == ',') {
          next();
          continue;
        }
        if (peek() != ']') return fail("expecting a separator in list");
      }
      next();
      return value;
    }
    return fail("expecting a value");
  }

  Result<ConfValue> readNumber() {
    ConfValue value;
    bool negative = false;
    if (peek() == '-' || peek() == '+') negative = next() == '-';
    if (!isDigit(peek())) return fail("unterminated number");
    std::uint64_t magnitude = 0;
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    while (isDigit(peek())) {
      const auto digit = static_cast<std::uint64_t>(next() - '0');
      if (magnitude > (kMax - digit) / 10) return fail("number too large");
      magnitude = magnitude * 10 + digit;
    }
    value.number = negative ? -static_cast<std::int64_t>(magnitude)
                            : static_cast<std::int64_t>(magnitude);
    return value;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

Result<std::vector<ConfEntry>> parseConfSyntax(std::string_view text, const std::string& fileName) {
  return Reader(text, fileName).all();
}

}  // namespace ifkit::daemon
