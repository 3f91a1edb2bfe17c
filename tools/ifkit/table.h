// SPDX-License-Identifier: LGPL-2.1-or-later
// Table: virsh's vshTable, the column layout of listings such as iface-list.
//
//    Name   State    MAC Address
//   ------------------------------------
//    eth1   active   aa:bb:cc:dd:ee:ff
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::cli {

class Table {
 public:
  explicit Table(std::initializer_list<std::string_view> header) { addRow(header); }
  // The cells are copied as the terminal will see them (encodeCell), so the caller's strings
  // may go.
  void addRow(std::initializer_list<std::string_view> cells);
  // Room for `rows` more rows of `bytesPerRow` bytes each, so that a long table is not copied as
  // it grows.
  void reserve(std::size_t rows, std::size_t bytesPerRow);

  // The whole table; without the header and its rule when `withHeader` is false (virsh -q).
  std::string render(bool withHeader) const;

 private:
  // Every cell of every row, the header's first, in one string: a table of thousands of rows
  // is built in fresh memory, every page of which is a page fault, and a vector of strings per
  // row took three times the room.
  std::string text_;
  std::vector<std::uint32_t> cellEnds_;  // where each cell ends in text_
  std::vector<std::uint32_t> widths_;    // each cell's width in columns
  std::vector<std::uint32_t> rowEnds_;   // where each row's cells end in cellEnds_
};

// A cell as the terminal should see it, and its width in columns: control characters, bytes
// that are not text in the current locale, characters that cannot be printed, and a backslash
// before 'x' become \xNN escapes. Width counts double-width characters twice.
struct SafeCell {
  std::string text;
  std::size_t width = 0;
};
SafeCell encodeCell(std::string_view raw);

}  // namespace ifkit::cli
