// SPDX-License-Identifier: LGPL-2.1-or-later
// ParsedCommand: finding the values a command was given.
#include "command_def.h"

namespace ifkit::cli {

const std::string* ParsedCommand::find(std::string_view name) const {
  for (const ParsedOpt& o : opts)
    if (o.def->name == name) return &o.value;
  return nullptr;
}

std::vector<std::string> ParsedCommand::all(std::string_view name) const {
  std::vector<std::string> values;
  for (const ParsedOpt& o : opts)
    if (o.def->name == name) values.push_back(o.value);
  return values;
}

}  // namespace ifkit::cli
