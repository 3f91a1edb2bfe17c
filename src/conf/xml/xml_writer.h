// SPDX-License-Identifier: LGPL-2.1-or-later
// XmlWriter: libvirt's output layout (two-space indentation, single-quoted attributes).
#pragma once

#include <string>
#include <string_view>

namespace ifkit::conf {

class XmlWriter {
 public:
  // "<name" at the current indentation; attributes follow, then endEmpty() or endOpen().
  void begin(std::string_view name);
  // ` attr='value'` with the value escaped (DEVIATIONS.md D1: every value, not only the name).
  void attribute(std::string_view name, std::string_view value);
  void endEmpty();  // "/>"
  void endOpen();   // ">", and what follows is one level deeper
  void close(std::string_view name);  // one level back, "</name>"
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  int depth_ = 0;
};

// &, <, >, ", ' as libvirt escapes a name; tab, LF and CR as character references so that they
// survive a re-parse (attribute normalization would turn raw ones into spaces).
void appendEscaped(std::string& out, std::string_view value);

}  // namespace ifkit::conf
