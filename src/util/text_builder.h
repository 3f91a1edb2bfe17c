// SPDX-License-Identifier: LGPL-2.1-or-later
// TextBuilder: a string built with <<, as with an ostringstream, but with no stream behind it.
//
// The records ifkit writes by the hundred (a start's operations, one line each:
// host/host_op_text.h, plan/start_record.h; a restore point's links) were built in ostringstreams:
// each stream brings a locale, a stream buffer and their set-up, about a microsecond a line, and
// the first stream of a process has the C++ library build its classic locale (0.3 ms, measured in a
// start of 100 bridges). Text, characters and integers only, integers in decimal as a stream writes
// them.
//
//   TextBuilder out;
//   out << "set-mtu " << name << " mtu=" << 1500u;
//   std::string line = std::move(out).str();
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>
#include <utility>

namespace ifkit {

class TextBuilder {
 public:
  TextBuilder& operator<<(std::string_view text);
  TextBuilder& operator<<(char c);
  // Not a bool or a char: a stream writes those otherwise, and none is written as a number here.
  template <std::integral Number>
  requires(!std::same_as<Number, bool> && !std::same_as<Number, char>) TextBuilder& operator<<(
      Number n) {
    char digits[24];
    const auto written = std::to_chars(digits, digits + sizeof digits, n);
    return *this << std::string_view(digits, static_cast<std::size_t>(written.ptr - digits));
  }

  const std::string& str() const& { return text_; }
  std::string str() && { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace ifkit
