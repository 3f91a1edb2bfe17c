// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkd/unit_values.h"

#include <cctype>
#include <cstdlib>
#include <string>

namespace ifkit::native::networkd {

std::optional<bool> unitBoolean(std::string_view value) {
  std::string lower;
  for (char c : value) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "yes" || lower == "true" || lower == "on" || lower == "1" || lower == "y" ||
      lower == "t")
    return true;
  if (lower == "no" || lower == "false" || lower == "off" || lower == "0" || lower == "n" ||
      lower == "f")
    return false;
  return std::nullopt;
}

std::optional<long long> unitMilliseconds(std::string_view value) {
  struct Unit {
    std::string_view name;
    double ms;
  };
  static constexpr Unit kUnits[] = {
      {"usec", 0.001}, {"us", 0.001},   {"msec", 1},      {"ms", 1},         {"seconds", 1000},
      {"second", 1000}, {"sec", 1000},  {"s", 1000},      {"minutes", 60000}, {"minute", 60000},
      {"min", 60000},  {"m", 60000},    {"hours", 3600000}, {"hour", 3600000}, {"hr", 3600000},
      {"h", 3600000}};
  double total = 0;
  bool any = false;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && value[i] == ' ') ++i;
    if (i == value.size()) break;
    std::size_t start = i;
    while (i < value.size() && (std::isdigit(static_cast<unsigned char>(value[i])) || value[i] == '.'))
      ++i;
    if (i == start) return std::nullopt;
    double number = std::strtod(std::string(value.substr(start, i - start)).c_str(), nullptr);
    while (i < value.size() && value[i] == ' ') ++i;
    std::size_t unitStart = i;
    while (i < value.size() && std::isalpha(static_cast<unsigned char>(value[i]))) ++i;
    std::string_view unit = value.substr(unitStart, i - unitStart);
    double scale = unit.empty() ? 1000 : -1;
    for (const Unit& known : kUnits)
      if (known.name == unit) scale = known.ms;
    if (scale < 0) return std::nullopt;
    total += number * scale;
    any = true;
  }
  if (!any) return std::nullopt;
  return static_cast<long long>(total);
}

}  // namespace ifkit::native::networkd
