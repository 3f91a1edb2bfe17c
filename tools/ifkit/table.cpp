// SPDX-License-Identifier: LGPL-2.1-or-later
// Table: pad columns to their widest cell and draw the header rule, as virsh's vshTable does.
#include "table.h"

#include <algorithm>
#include <cstdio>
#include <cwchar>
#include <cwctype>

#include "character_set.h"

namespace ifkit::cli {
namespace {

constexpr std::string_view kGap = "   ";

void appendEscaped(std::string& out, unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(byte));
  out += buf;
}

}  // namespace

SafeCell encodeCell(const std::string& raw) {
  // Printable ASCII, as nearly every name, state and MAC is: a column a byte in every locale and
  // nothing to escape (but a "\x" that would read as an escape), so no call per character into
  // the C library's multibyte functions: a table of 2000 rows spent a millisecond in them.
  const bool printableAscii = std::all_of(raw.begin(), raw.end(), [](char c) {
    return c >= 0x20 && c < 0x7f;  // char may be signed: bytes beyond ASCII are negative then
  });
  if (printableAscii && raw.find("\\x") == std::string::npos) return SafeCell{raw, raw.size()};
  SafeCell cell;
  std::mbstate_t state{};
  std::size_t i = 0;
  while (i < raw.size()) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    const bool backslashX = byte == '\\' && i + 1 < raw.size() && raw[i + 1] == 'x';
    if (backslashX || byte < 0x20 || byte == 0x7f) {
      appendEscaped(cell.text, byte);
      cell.width += 4;
      ++i;
      continue;
    }
    wchar_t wc = 0;
    const std::size_t len = std::mbrtowc(&wc, raw.data() + i, raw.size() - i, &state);
    if (len == static_cast<std::size_t>(-1) || len == static_cast<std::size_t>(-2) || len == 0) {
      state = std::mbstate_t{};
      appendEscaped(cell.text, byte);
      cell.width += 4;
      ++i;
      continue;
    }
    if (!std::iswprint(static_cast<std::wint_t>(wc))) {
      // Escape every byte of the character with its real value. (virsh 9.0 sign-extends the
      // byte and truncates, printing "\xff" for each: docs/virsh-differences.md.)
      for (std::size_t k = 0; k < len; ++k) appendEscaped(cell.text, raw[i + k]);
      cell.width += 4 * len;
      i += len;
      continue;
    }
    const int w = ::wcwidth(wc);
    cell.text.append(raw, i, len);
    cell.width += w > 0 ? std::size_t(w) : 0;
    i += len;
  }
  return cell;
}

std::string Table::render(bool withHeader) const {
  // Widths beyond ASCII are the user's character set's.
  auto beyondAscii = [](const std::vector<std::string>& row) {
    return std::any_of(row.begin(), row.end(), [](const std::string& cell) {
      return std::any_of(cell.begin(), cell.end(), [](char c) { return (c & 0x80) != 0; });
    });
  };
  if (beyondAscii(header_) || std::any_of(rows_.begin(), rows_.end(), beyondAscii))
    adoptUsersCharacterSet();
  std::vector<std::vector<SafeCell>> cells;
  cells.reserve(rows_.size() + 1);
  auto encodeRow = [](const std::vector<std::string>& row) {
    std::vector<SafeCell> out;
    for (const std::string& c : row) out.push_back(encodeCell(c));
    return out;
  };
  cells.push_back(encodeRow(header_));
  for (const auto& row : rows_) cells.push_back(encodeRow(row));

  // Widths count only the rows printed: without the header (-q) columns can be narrower.
  std::vector<std::size_t> widths(header_.size(), 0);
  for (std::size_t r = withHeader ? 0 : 1; r < cells.size(); ++r)
    for (std::size_t c = 0; c < cells[r].size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], cells[r][c].width);

  std::string out;
  auto renderRow = [&](const std::vector<SafeCell>& row) {
    out += ' ';
    for (std::size_t c = 0; c < row.size(); ++c) {
      out += row[c].text;
      if (c + 1 == row.size()) break;  // the last column is not padded
      out.append(widths[c] - row[c].width, ' ');
      out += kGap;
    }
    out += '\n';
  };
  if (withHeader) {
    renderRow(cells[0]);
    std::size_t rule = 0;
    for (std::size_t w : widths) rule += w + kGap.size();
    out.append(rule, '-');
    out += '\n';
  }
  for (std::size_t r = 1; r < cells.size(); ++r) renderRow(cells[r]);
  return out;
}

}  // namespace ifkit::cli
