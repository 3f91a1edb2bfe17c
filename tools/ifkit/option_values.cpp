// SPDX-License-Identifier: LGPL-2.1-or-later
// stringOption and uintOption: option values as handlers need them, checked as virsh checks.
#include "option_values.h"

#include <climits>
#include <cstdint>

namespace ifkit::cli {

std::optional<std::string> stringOption(Session& s, const ParsedCommand& cmd,
                                        std::string_view name) {
  const std::string* v = cmd.find(name);
  if (v == nullptr) return std::string();
  if (v->empty()) {
    s.error("Failed to get option '" + std::string(name) + "': Option argument is empty");
    return std::nullopt;
  }
  return *v;
}

std::optional<unsigned> uintOption(Session& s, const ParsedCommand& cmd, std::string_view name,
                                   unsigned fallback) {
  const std::string* v = cmd.find(name);
  if (v == nullptr) return fallback;
  std::size_t i = 0;
  while (i < v->size() && ((*v)[i] == ' ' || ((*v)[i] >= '\t' && (*v)[i] <= '\r'))) ++i;
  if (i < v->size() && (*v)[i] == '+') ++i;
  std::uint64_t n = 0;
  const std::size_t digits = i;
  for (; i < v->size() && (*v)[i] >= '0' && (*v)[i] <= '9'; ++i) {
    n = n * 10 + unsigned((*v)[i] - '0');
    if (n > UINT_MAX) break;
  }
  if (i == digits || i != v->size() || n > UINT_MAX) {
    s.error("Numeric value '" + *v + "' for <" + std::string(name) +
            "> option is malformed or out of range");
    return std::nullopt;
  }
  return unsigned(n);
}

}  // namespace ifkit::cli
