// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/listed_in_words.h"

namespace ifkit {

std::string listedInWords(std::span<const std::string> items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i)
    text.append(i == 0 ? "" : i + 1 == items.size() ? " and " : ", ").append(items[i]);
  return text;
}

}  // namespace ifkit
