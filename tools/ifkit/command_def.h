// SPDX-License-Identifier: LGPL-2.1-or-later
// The shape of a command: its options (virsh's vshCmdOptDef), its handler, and the parsed form
// the handler receives.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::cli {

class Session;

enum class OptType {
  Bool,    // --name, no value
  Int,     // --name <number>, or positional
  String,  // --name <string>, by name only
  Data,    // --name <string>, or positional
  Argv,    // any number of positional strings (and --name <string>, repeatable)
};

struct OptDef {
  std::string_view name;
  OptType type;
  bool required;
  std::string_view help;
};

struct ParsedOpt {
  const OptDef* def;
  std::string value;  // empty for Bool
};

struct CommandDef;

struct ParsedCommand {
  const CommandDef* def = nullptr;
  std::vector<ParsedOpt> opts;

  // The option's value, or nullptr when it was not given (the first one for Argv).
  const std::string* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // Every value given for an Argv option, in order.
  std::vector<std::string> all(std::string_view name) const;
};

// Returns whether the command succeeded; on failure it may leave an error in the session for
// the runner to print, as virsh prints libvirt's last error.
using Handler = bool (*)(Session&, const ParsedCommand&);

struct CommandDef {
  std::string_view name;
  std::string_view help;         // one line, for the group listing and NAME
  std::string_view description;  // may span lines; empty: no DESCRIPTION section
  std::span<const OptDef> opts;
  Handler handler;
};

struct CommandGroup {
  std::string_view name;     // " Interface (help keyword 'interface'):"
  std::string_view keyword;
  std::span<const CommandDef> commands;
};

// Every command ifkit has, by group, in the order `help` lists them.
std::span<const CommandGroup> commandGroups();
// The command called `name` (exact, as virsh matches), or nullptr.
const CommandDef* findCommand(std::string_view name);

}  // namespace ifkit::cli
