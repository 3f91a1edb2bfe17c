// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/logical_interfaces.h"

#include <algorithm>
#include <set>

namespace ifkit::native::ifupdown {

std::vector<const Option*> LogicalInterface::options(std::string_view canonicalName) const {
  std::vector<const Option*> found;
  for (const IfaceStanza& stanza : stanzas)
    for (const Option& option : stanza.options)
      if (canonicalOptionName(option.name) == canonicalName) found.push_back(&option);
  return found;
}

const Option* LogicalInterface::firstOption(std::string_view canonicalName) const {
  auto found = options(canonicalName);
  return found.empty() ? nullptr : found.front();
}

bool LogicalInterface::isLoopback() const {
  return std::any_of(stanzas.begin(), stanzas.end(),
                     [](const IfaceStanza& s) { return s.method == "loopback"; });
}

std::string placeOf(const IfaceStanza& stanza, const Option& option) {
  return stanza.where.file + ":" + std::to_string(option.line);
}

LogicalInterfaces gatherLogicalInterfaces(const InterfacesTree& tree) {
  LogicalInterfaces gathered;
  std::map<std::string, conf::StartMode> classes;
  std::set<std::string> templates;
  std::map<std::string, std::vector<std::string>> perNameNotes;

  // Templates are looked up by name among all stanzas of the tree, wherever they are.
  auto stanzasNamed = [&](const std::string& name, const std::string& family) {
    std::vector<Option> options;
    for (const PlacedStatement& placed : tree.statements) {
      const Statement& statement = tree[placed];
      if (statement.keyword == "iface" && statement.words.size() >= 3 &&
          statement.words[0] == name && statement.words[1] == family)
        options.insert(options.end(), statement.options.begin(), statement.options.end());
    }
    return options;
  };

  for (const PlacedStatement& placed : tree.statements) {
    const Statement& statement = tree[placed];
    const std::string& file = tree.fileOf(placed).path;
    const std::string place = file + ":" + std::to_string(statement.firstLine);
    if (statement.keyword == "iface") {
      if (statement.words.size() < 3) {
        gathered.globalNotes.push_back(place + ": iface stanza without family and method");
        continue;
      }
      IfaceStanza stanza;
      stanza.family = statement.words[1];
      stanza.method = statement.words[2];
      stanza.where = {file, statement.firstLine, statement.lastLine};
      if (statement.words.size() >= 5 && statement.words[3] == "inherits") {
        templates.insert(statement.words[4]);
        stanza.options = stanzasNamed(statement.words[4], stanza.family);
      }
      stanza.options.insert(stanza.options.end(), statement.options.begin(),
                            statement.options.end());
      const std::string& name = statement.words[0];
      auto [it, inserted] = gathered.byName.try_emplace(name);
      if (inserted) {
        it->second.name = name;
        gathered.order.push_back(name);
      }
      it->second.stanzas.push_back(std::move(stanza));
    } else if (statement.keyword == "auto" || statement.keyword == "allow-auto" ||
               statement.keyword == "allow-hotplug") {
      const bool onboot = statement.keyword != "allow-hotplug";
      for (const std::string& name : statement.words) {
        if (name.starts_with("/")) {
          gathered.globalNotes.push_back(place + ": " + statement.keyword + " " + name +
                                         ": a pattern, matched at ifup time");
          continue;
        }
        auto& mode = classes[name];
        if (onboot || mode != conf::StartMode::Onboot)
          mode = onboot ? conf::StartMode::Onboot : conf::StartMode::Hotplug;
      }
    } else if (statement.keyword == "no-auto-down" || statement.keyword == "no-scripts") {
      for (const std::string& name : statement.words)
        perNameNotes[name].push_back(place + ": " + statement.keyword);
    } else {
      std::string words;
      for (const std::string& word : statement.words) words += " " + word;
      gathered.globalNotes.push_back(place + ": " + statement.keyword + words);
    }
  }
  for (auto& [name, logical] : gathered.byName) {
    if (auto it = classes.find(name); it != classes.end()) logical.startMode = it->second;
    if (auto it = perNameNotes.find(name); it != perNameNotes.end()) logical.notes = it->second;
    if (templates.count(name) && !logical.startMode) gathered.templateOnly.push_back(name);
  }
  return gathered;
}

}  // namespace ifkit::native::ifupdown
