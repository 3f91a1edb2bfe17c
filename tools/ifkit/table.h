// SPDX-License-Identifier: LGPL-2.1-or-later
// Table: virsh's vshTable, the column layout of listings such as iface-list.
//
//    Name   State    MAC Address
//   ------------------------------------
//    eth1   active   aa:bb:cc:dd:ee:ff
#pragma once

#include <string>
#include <vector>

namespace ifkit::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void addRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  // The whole table; without the header and its rule when `withHeader` is false (virsh -q).
  std::string render(bool withHeader) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// A cell as the terminal should see it, and its width in columns: control characters, bytes
// that are not text in the current locale, characters that cannot be printed, and a backslash
// before 'x' become \xNN escapes. Width counts double-width characters twice.
struct SafeCell {
  std::string text;
  std::size_t width = 0;
};
SafeCell encodeCell(const std::string& raw);

}  // namespace ifkit::cli
