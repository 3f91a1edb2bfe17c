// SPDX-License-Identifier: LGPL-2.1-or-later
// Token sources: a command string split as virsh splits it, or argv taken word for word.
//
//   ifkit 'iface-define "my file.xml"; iface-start br0'   -> StringTokens
//   ifkit iface-define 'my file.xml'                        -> ArgvTokens (no ';', no quoting)
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ifkit::cli {

enum class TokenKind {
  Word,        // one argument, quotes and escapes removed
  CommandEnd,  // ';', a newline, or a '#' comment
  End,         // nothing left
  Error,       // text holds the message ("missing \"", "dangling \\")
};

struct Token {
  TokenKind kind;
  std::string text;
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  virtual Token next() = 0;
};

// virsh's command-string syntax: blanks separate words; ';' and newlines separate commands;
// a word starting with '#' starts a comment that runs to the end of the line; '...' quotes
// literally; "..." quotes with backslash escapes; a backslash escapes outside single quotes,
// and a backslash-newline vanishes. An unclosed '...' simply runs to the end.
class StringTokens final : public TokenSource {
 public:
  explicit StringTokens(std::string_view text) : text_(text) {}
  Token next() override;

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Separate arguments of the program: each is one word, taken as is.
class ArgvTokens final : public TokenSource {
 public:
  explicit ArgvTokens(std::span<char* const> args) : args_(args) {}
  Token next() override;

 private:
  std::span<char* const> args_;
  std::size_t pos_ = 0;
};

}  // namespace ifkit::cli
