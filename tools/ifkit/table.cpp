// SPDX-License-Identifier: LGPL-2.1-or-later
// Table: pad columns to their widest cell and draw the header rule, as virsh's vshTable does.
#include "table.h"

#include <algorithm>
#include <cstdio>
#include <cwchar>
#include <cwctype>
#include <string_view>

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
bool isItsOwnText(std::string_view raw) {
  const bool printableAscii = std::all_of(raw.begin(), raw.end(), [](char c) {
    return c >= 0x20 && c < 0x7f;  // char may be signed: bytes beyond ASCII are negative then
  });
  return printableAscii && raw.find("\\x") == std::string_view::npos;
}

// A cell that is not its own text, escaped and measured. Widths beyond ASCII are the user's
// character set's: taken before the first such cell is measured (ASCII is the same in all).
SafeCell encodeEscaped(std::string_view raw) {
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

SafeCell encodeCell(std::string_view raw) {
  return isItsOwnText(raw) ? SafeCell{std::string(raw), raw.size()} : encodeEscaped(raw);
}

void Table::addRow(std::initializer_list<std::string_view> cells) {
  for (std::string_view raw : cells) {
    // Printable ASCII is its own text, a column a byte: no copy made to measure it.
    if (isItsOwnText(raw)) {
      text_ += raw;
      widths_.push_back(static_cast<std::uint32_t>(raw.size()));
    } else {
      const SafeCell cell = encodeEscaped(raw);
      text_ += cell.text;
      widths_.push_back(static_cast<std::uint32_t>(cell.width));
    }
    cellEnds_.push_back(static_cast<std::uint32_t>(text_.size()));
  }
  rowEnds_.push_back(static_cast<std::uint32_t>(cellEnds_.size()));
}

void Table::reserve(std::size_t rows, std::size_t bytesPerRow) {
  const std::size_t cells = rows * rowEnds_.front();
  text_.reserve(text_.size() + rows * bytesPerRow);
  cellEnds_.reserve(cellEnds_.size() + cells);
  widths_.reserve(widths_.size() + cells);
  rowEnds_.reserve(rowEnds_.size() + rows);
}

std::string Table::render(bool withHeader) const {
  const std::size_t columns = rowEnds_.front();  // the header's cells
  auto cellsOf = [&](std::size_t row) {
    return std::pair<std::size_t, std::size_t>(row == 0 ? 0 : rowEnds_[row - 1], rowEnds_[row]);
  };
  auto textOf = [&](std::size_t cell) {
    const std::size_t begin = cell == 0 ? 0 : cellEnds_[cell - 1];
    return std::string_view(text_).substr(begin, cellEnds_[cell] - begin);
  };
  // Widths count only the rows printed: without the header (-q) columns can be narrower.
  std::vector<std::size_t> widths(columns, 0);
  for (std::size_t r = withHeader ? 0 : 1; r < rowEnds_.size(); ++r) {
    const auto [first, end] = cellsOf(r);
    for (std::size_t c = first; c < end && c - first < columns; ++c)
      widths[c - first] = std::max<std::size_t>(widths[c - first], widths_[c]);
  }

  std::size_t rule = 0;  // a line's length but for its leading space and its newline
  for (std::size_t w : widths) rule += w + kGap.size();
  std::string out;
  out.reserve((rule + 2) * (rowEnds_.size() + 1));  // unless a row has more cells than the header
  auto renderRow = [&](std::size_t r) {
    const auto [first, end] = cellsOf(r);
    out += ' ';
    for (std::size_t c = first; c < end; ++c) {
      out += textOf(c);
      if (c + 1 == end) break;  // the last column is not padded
      const std::size_t width = c - first < columns ? widths[c - first] : widths_[c];
      out.append(width - widths_[c], ' ');
      out += kGap;
    }
    out += '\n';
  };
  if (withHeader) {
    renderRow(0);
    out.append(rule, '-');
    out += '\n';
  }
  for (std::size_t r = 1; r < rowEnds_.size(); ++r) renderRow(r);
  return out;
}

}  // namespace ifkit::cli
