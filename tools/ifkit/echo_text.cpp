// SPDX-License-Identifier: LGPL-2.1-or-later
// quoteForShell, escapeForXml, splitOnCommas: the text transforms of `echo`.
#include "echo_text.h"

namespace ifkit::cli {

std::string quoteForShell(std::string_view s) {
  // The characters that virsh's echo --shell quotes for.
  constexpr std::string_view kSpecial = " \t\n\r'\"\\$*~#!^{}[]?()<>&|;`";
  if (!s.empty() && s.find_first_of(kSpecial) == std::string_view::npos) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

std::string escapeForXml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::string> splitOnCommas(std::string_view s) {
  std::vector<std::string> pieces;
  if (s.empty()) return pieces;
  std::string piece;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != ',') {
      piece += s[i];
    } else if (i + 1 < s.size() && s[i + 1] == ',') {
      piece += ',';
      ++i;
    } else {
      pieces.push_back(std::move(piece));
      piece.clear();
    }
  }
  pieces.push_back(std::move(piece));
  return pieces;
}

}  // namespace ifkit::cli
