// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkmanager/keyfile_syntax.h"

#include <unordered_map>

#include "native/words.h"

namespace ifkit::native::networkmanager {
namespace {

std::string unescape(std::string_view value) {
  std::string text;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\' || i + 1 == value.size()) {
      text.push_back(value[i]);
      continue;
    }
    switch (value[++i]) {
      case 's':
        text.push_back(' ');
        break;
      case 'n':
        text.push_back('\n');
        break;
      case 't':
        text.push_back('\t');
        break;
      case 'r':
        text.push_back('\r');
        break;
      case '\\':
        text.push_back('\\');
        break;
      default:  // kept as written: NetworkManager's own list escapes (\; \,) are its business
        text.push_back('\\');
        text.push_back(value[i]);
    }
  }
  return text;
}

}  // namespace

const KeyfileEntry* KeyfileGroup::find(std::string_view key) const {
  for (const KeyfileEntry& entry : entries)
    if (entry.key == key) return &entry;
  return nullptr;
}

std::optional<std::string> KeyfileGroup::value(std::string_view key) const {
  const KeyfileEntry* entry = find(key);
  return entry ? std::optional(entry->value) : std::nullopt;
}

const KeyfileGroup* Keyfile::group(std::string_view name) const {
  for (const KeyfileGroup& g : groups)
    if (g.name == name) return &g;
  return nullptr;
}

const KeyfileGroup* Keyfile::group(std::string_view name, std::string_view alias) const {
  const KeyfileGroup* found = group(name);
  return found ? found : group(alias);
}

Keyfile parseKeyfile(std::string_view text) {
  Keyfile keyfile;
  // Indexes by name: a hostile file may hold many thousand groups or keys.
  std::unordered_map<std::string, std::size_t> groupIndex;
  std::vector<std::unordered_map<std::string, std::size_t>> keyIndex;
  std::size_t current = std::string::npos;
  int number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++number;
    line = trimBlanks(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3) {
        keyfile.problems.push_back(std::to_string(number) + ": not a group header");
        current = std::string::npos;
        continue;
      }
      std::string name(line.substr(1, line.size() - 2));
      auto [at, added] = groupIndex.try_emplace(name, keyfile.groups.size());
      if (added) {
        keyfile.groups.push_back(KeyfileGroup{name, number, {}});
        keyIndex.emplace_back();
      }
      current = at->second;
      continue;
    }
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      keyfile.problems.push_back(std::to_string(number) + ": not a key=value line");
      continue;
    }
    if (current == std::string::npos) {
      keyfile.problems.push_back(std::to_string(number) + ": a key outside any group");
      continue;
    }
    KeyfileEntry entry{std::string(trimBlanks(line.substr(0, equals))),
                       unescape(trimBlanks(line.substr(equals + 1))), number};
    KeyfileGroup& group = keyfile.groups[current];
    auto [at, added] = keyIndex[current].try_emplace(entry.key, group.entries.size());
    if (added)
      group.entries.push_back(std::move(entry));
    else
      group.entries[at->second] = std::move(entry);
  }
  return keyfile;
}

}  // namespace ifkit::native::networkmanager
