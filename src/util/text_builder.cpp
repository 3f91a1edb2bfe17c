// SPDX-License-Identifier: LGPL-2.1-or-later
// TextBuilder's appends, out of line: inlined into every writer, GCC 12 warns of overlapping
// copies that cannot happen (-Wrestrict on std::string::append), and the build treats warnings
// as errors.
#include "util/text_builder.h"

namespace ifkit {

TextBuilder& TextBuilder::operator<<(std::string_view text) {
  text_.append(text);
  return *this;
}

TextBuilder& TextBuilder::operator<<(char c) {
  text_.push_back(c);
  return *this;
}

}  // namespace ifkit
