// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/netplan/netplan_files.h"

#include <map>
#include <unordered_map>

namespace ifkit::native::netplan {
namespace {

constexpr const char* kManager = "netplan";

void setFile(YamlNode& node, int file) {
  node.file = file;
  for (YamlNode& item : node.items) setFile(item, file);
  for (auto& [key, value] : node.entries) {
    setFile(key, file);
    setFile(value, file);
  }
}

}  // namespace

const std::vector<std::string>& netplanFolders() {
  static const std::vector<std::string> folders = {"/run/netplan", "/etc/netplan", "/lib/netplan"};
  return folders;
}

void mergeYaml(YamlNode& earlier, const YamlNode& later) {
  if (earlier.isMapping() && later.isMapping()) {
    // By key through an index: a hostile file may hold a mapping of many thousand keys.
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < earlier.entries.size(); ++i)
      if (earlier.entries[i].first.isScalar()) index[earlier.entries[i].first.value] = i;
    for (const auto& [key, value] : later.entries) {
      auto same = key.isScalar() ? index.find(key.value) : index.end();
      if (same != index.end()) {
        mergeYaml(earlier.entries[same->second].second, value);
      } else {
        if (key.isScalar()) index[key.value] = earlier.entries.size();
        earlier.entries.push_back({key, value});
      }
    }
    return;
  }
  if (earlier.isSequence() && later.isSequence()) {
    earlier.items.insert(earlier.items.end(), later.items.begin(), later.items.end());
    return;
  }
  earlier = later;
}

NetplanFiles readNetplanFiles(const ConfigRoot& root) {
  NetplanFiles result;
  std::map<std::string, std::string> chosen;  // name -> host path, by name
  for (const std::string& folder : netplanFolders())
    for (const std::string& name : root.list(folder))
      if (name.size() > 5 && name.ends_with(".yaml")) chosen.try_emplace(name, folder + "/" + name);
  for (const auto& [name, path] : chosen) {
    auto text = root.read(path);
    if (!text) {
      result.problems.push_back({kManager, text.error().message});
      continue;
    }
    if (!*text) continue;
    YamlDocument document = parseYaml(**text);
    if (!document.error.empty()) {
      // netplan refuses to generate anything from a file it cannot parse.
      result.problems.push_back({kManager, path + ":" + document.error});
      continue;
    }
    if (!document.root) continue;  // an empty file adds nothing
    if (!document.root->isMapping()) {
      result.problems.push_back(
          {kManager, path + ":" + std::to_string(document.root->line) + ": not a mapping"});
      continue;
    }
    const int index = static_cast<int>(result.files.size());
    setFile(*document.root, index);
    if (!result.merged)
      result.merged = *document.root;
    else
      mergeYaml(*result.merged, *document.root);
    result.files.push_back({path, std::move(**text), std::move(*document.root)});
  }
  return result;
}

}  // namespace ifkit::native::netplan
