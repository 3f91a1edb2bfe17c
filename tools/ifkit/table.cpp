// SPDX-License-Identifier: LGPL-2.1-or-later
// Table: pad columns to their widest cell and draw the header rule, as virsh's vshTable does.
#include "table.h"

#include <algorithm>
#include <deque>
#include <span>
#include <string_view>
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

// Printable ASCII, as nearly every name, state and MAC is: a column a byte in every locale and
// nothing to escape (but a "\x" that would read as an escape), so no call per character into the
// C library's multibyte functions (a table of 2000 rows spent a millisecond in them), and the cell
// is printed as it is.
bool isItsOwnText(const std::string& raw) {
  const bool printableAscii = std::all_of(raw.begin(), raw.end(), [](char c) {
    return c >= 0x20 && c < 0x7f;  // char may be signed: bytes beyond ASCII are negative then
  });
  return printableAscii && raw.find("\\x") == std::string::npos;
}

// A cell that is not its own text, escaped and measured. Widths beyond ASCII are the user's
// character set's: taken before the first such cell is measured (ASCII is the same in all).
SafeCell encodeEscaped(const std::string& raw) {
  if (std::any_of(raw.begin(), raw.end(), [](char c) { return (c & 0x80) != 0; }))
    adoptUsersCharacterSet();
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

}  // namespace

SafeCell encodeCell(const std::string& raw) {
  return isItsOwnText(raw) ? SafeCell{raw, raw.size()} : encodeEscaped(raw);
}

std::string Table::render(bool withHeader) const {
  // Each cell as printed, row after row: its own text where that is printable ASCII, its encoding
  // kept in `encoded` otherwise (a deque: a view into it stays valid as it grows). No copy of
  // every cell, and one vector for all of them, not one per row: a table of thousands of rows
  // is built in fresh memory, every page of which is a page fault.
  struct Printed {
    std::string_view text;
    std::size_t width;
  };
  std::deque<SafeCell> encoded;
  std::vector<Printed> cells;
  std::vector<std::size_t> rowEnds;  // where each row's cells end in `cells`
  std::size_t count = header_.size();
  for (const auto& row : rows_) count += row.size();
  cells.reserve(count);
  rowEnds.reserve(rows_.size() + 1);
  auto addRow = [&](const std::vector<std::string>& row) {
    for (const std::string& raw : row) {
      if (isItsOwnText(raw)) {
        cells.push_back({raw, raw.size()});
        continue;
      }
      const SafeCell& cell = encoded.emplace_back(encodeEscaped(raw));
      cells.push_back({cell.text, cell.width});
    }
    rowEnds.push_back(cells.size());
  };
  addRow(header_);
  for (const auto& row : rows_) addRow(row);
  auto rowOf = [&](std::size_t r) {
    const std::size_t begin = r == 0 ? 0 : rowEnds[r - 1];
    return std::span<const Printed>(cells.data() + begin, rowEnds[r] - begin);
  };

  // Widths count only the rows printed: without the header (-q) columns can be narrower.
  std::vector<std::size_t> widths(header_.size(), 0);
  for (std::size_t r = withHeader ? 0 : 1; r < rowEnds.size(); ++r) {
    const auto row = rowOf(r);
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], row[c].width);
  }

  std::size_t rule = 0;  // a line's length but for its leading space and its newline
  for (std::size_t w : widths) rule += w + kGap.size();
  std::string out;
  out.reserve((rule + 2) * (rowEnds.size() + 1));  // unless a row has more cells than the header
  auto renderRow = [&](std::span<const Printed> row) {
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
    renderRow(rowOf(0));
    out.append(rule, '-');
    out += '\n';
  }
  for (std::size_t r = 1; r < rowEnds.size(); ++r) renderRow(rowOf(r));
  return out;
}

}  // namespace ifkit::cli
