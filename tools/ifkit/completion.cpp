// SPDX-License-Identifier: LGPL-2.1-or-later
// completeWord: the command, option or value a partial word can become, from the command table
// itself, so that a new command or option completes with nothing else to change.
#include "completion.h"

#include <algorithm>

#include "command_def.h"
#include "command_line.h"

namespace ifkit::cli {
namespace {

// The words of the command the cursor is in: those after the last ';', newline or comment.
std::vector<std::string> wordsOfCurrentCommand(std::string_view before) {
  std::vector<std::string> words;
  StringTokens tokens(before);
  for (Token t = tokens.next(); t.kind != TokenKind::End && t.kind != TokenKind::Error;
       t = tokens.next()) {
    if (t.kind == TokenKind::CommandEnd)
      words.clear();
    else
      words.push_back(std::move(t.text));
  }
  return words;
}

const OptDef* optionNamed(const CommandDef& cmd, std::string_view name) {
  const auto it = std::find_if(cmd.opts.begin(), cmd.opts.end(),
                               [&](const OptDef& o) { return o.name == name; });
  return it == cmd.opts.end() ? nullptr : &*it;
}

bool takesPosition(const OptDef& opt) {
  return opt.type == OptType::Data || opt.type == OptType::Int || opt.type == OptType::Argv;
}

// The option the next word is a value of: the one just named (--interface ...), else the
// first positional option not yet given, as the option parser binds them.
const OptDef* optionOfNextWord(const CommandDef& cmd, const std::vector<std::string>& words) {
  std::vector<const OptDef*> given;
  const OptDef* awaiting = nullptr;
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (awaiting != nullptr) {
      given.push_back(awaiting);
      awaiting = nullptr;
      continue;
    }
    if (words[i].starts_with("--")) {
      const std::string_view spelled = std::string_view(words[i]).substr(2);
      const OptDef* opt = optionNamed(cmd, spelled.substr(0, spelled.find('=')));
      if (opt == nullptr) continue;
      if (opt->type == OptType::Bool || spelled.find('=') != std::string_view::npos)
        given.push_back(opt);
      else
        awaiting = opt;
      continue;
    }
    for (const OptDef& opt : cmd.opts) {
      if (!takesPosition(opt)) continue;
      if (opt.type == OptType::Argv || std::find(given.begin(), given.end(), &opt) == given.end()) {
        given.push_back(&opt);
        break;
      }
    }
  }
  if (awaiting != nullptr) return awaiting;
  for (const OptDef& opt : cmd.opts)
    if (takesPosition(opt) &&
        (opt.type == OptType::Argv || std::find(given.begin(), given.end(), &opt) == given.end()))
      return &opt;
  return nullptr;
}

enum class ValueKind { Nothing, InterfaceName, MacAddress, FileName };

ValueKind valueKind(const CommandDef& cmd, const OptDef& opt) {
  if (opt.name == "file") return ValueKind::FileName;
  if (opt.name == "interface")
    return cmd.name == "iface-name" ? ValueKind::MacAddress : ValueKind::InterfaceName;
  // iface-unbridge names a bridge that exists; iface-bridge names one it will make.
  if (opt.name == "bridge" && cmd.name == "iface-unbridge") return ValueKind::InterfaceName;
  return ValueKind::Nothing;
}

std::vector<std::string> startingWith(std::vector<std::string> candidates, std::string_view word) {
  std::erase_if(candidates, [&](const std::string& c) { return !c.starts_with(word); });
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return candidates;
}

}  // namespace

std::optional<std::vector<std::string>> completeWord(
    std::string_view before, std::string_view word,
    const std::function<std::vector<KnownInterface>()>& interfaces) {
  const std::vector<std::string> words = wordsOfCurrentCommand(before);
  if (words.empty()) {
    std::vector<std::string> names;
    for (const CommandGroup& group : commandGroups())
      for (const CommandDef& cmd : group.commands) names.emplace_back(cmd.name);
    return startingWith(std::move(names), word);
  }
  const CommandDef* cmd = findCommand(words.front());
  if (cmd == nullptr) return std::vector<std::string>{};
  if (word.starts_with("-")) {
    std::vector<std::string> options{"--help"};
    for (const OptDef& opt : cmd->opts) {
      const std::string spelled = "--" + std::string(opt.name);
      if (opt.type == OptType::Argv ||
          std::find(words.begin(), words.end(), spelled) == words.end())
        options.push_back(spelled);
    }
    return startingWith(std::move(options), word);
  }
  const OptDef* opt = optionOfNextWord(*cmd, words);
  if (opt == nullptr) return std::vector<std::string>{};
  std::vector<std::string> values;
  switch (valueKind(*cmd, *opt)) {
    case ValueKind::FileName:
      return std::nullopt;
    case ValueKind::Nothing:
      break;
    case ValueKind::InterfaceName:
      for (KnownInterface& i : interfaces()) values.push_back(std::move(i.name));
      break;
    case ValueKind::MacAddress:
      for (KnownInterface& i : interfaces())
        if (!i.mac.empty()) values.push_back(std::move(i.mac));
      break;
  }
  return startingWith(std::move(values), word);
}

}  // namespace ifkit::cli
