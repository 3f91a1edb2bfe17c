// SPDX-License-Identifier: LGPL-2.1-or-later
// StringTokens and ArgvTokens: turn the command text into words and command boundaries.
#include "command_line.h"

namespace ifkit::cli {

Token StringTokens::next() {
  auto at = [&](std::size_t i) { return i < text_.size() ? text_[i] : '\0'; };
  // Blanks, and backslash-newline pairs, between words.
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ' ' || c == '\t') {
      ++pos_;
    } else if (c == '\\' && at(pos_ + 1) == '\n') {
      pos_ += 2;
    } else {
      break;
    }
  }
  if (pos_ >= text_.size()) return {TokenKind::End, {}};
  const char first = text_[pos_];
  if (first == ';' || first == '\n') {
    ++pos_;
    return {TokenKind::CommandEnd, {}};
  }
  if (first == '#') {
    const auto eol = text_.find('\n', pos_);
    pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
    return {TokenKind::CommandEnd, {}};
  }

  std::string word;
  bool inSingle = false;
  bool inDouble = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (!inSingle && !inDouble && (c == ' ' || c == '\t' || c == ';' || c == '\n')) break;
    if (!inDouble && c == '\'') {
      inSingle = !inSingle;
      ++pos_;
      continue;
    }
    if (!inSingle && c == '"') {
      inDouble = !inDouble;
      ++pos_;
      continue;
    }
    if (!inSingle && c == '\\') {
      // As in the shell, a backslash escapes outside quotes and inside "...", not in '...'.
      ++pos_;
      if (pos_ >= text_.size()) return {TokenKind::Error, "dangling \\"};
      if (text_[pos_] == '\n') {
        ++pos_;
        continue;
      }
    }
    word += text_[pos_++];
  }
  if (inDouble) return {TokenKind::Error, "missing \""};
  return {TokenKind::Word, std::move(word)};
}

Token ArgvTokens::next() {
  if (pos_ >= args_.size()) return {TokenKind::End, {}};
  return {TokenKind::Word, args_[pos_++]};
}

}  // namespace ifkit::cli
