// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/netplan/netplan_release.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>

#include "native/netplan/netplan_configuration.h"

namespace ifkit::native::netplan {
namespace {

// Bytes [begin, end) of the text replaced by `replacement`.
struct Cut {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string replacement;
};

Error refused(const std::string& name, const std::string& why) {
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                   "cannot make netplan leave " + name + " alone: " + why);
}

// The name a device entry gives its link, when it is one name and not a pattern.
std::optional<std::string> releasableName(const std::string& section, const std::string& id,
                                          const YamlNode& device) {
  if (section != "ethernets" || !device.isMapping()) return id;
  if (const YamlNode* setName = device.find("set-name"); setName && setName->isScalar())
    return setName->value;
  const YamlNode* match = device.find("match");
  if (!match) return id;
  const YamlNode* glob = match->isMapping() ? match->find("name") : nullptr;
  if (!glob || !glob->isScalar() || glob->value.find_first_of("*?[\\") != std::string::npos)
    return std::nullopt;
  return glob->value;
}

class FileCutter {
 public:
  explicit FileCutter(const std::string& text) : text_(text) {
    lineStarts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') lineStarts_.push_back(i + 1);
  }

  // Cuts the entries (a mapping's) or items (a sequence's) of `parent` at `indices`
  // (ascending), leaving in a block collection a comment line `note(i)` where each was.
  template <class Note>
  void cut(const YamlNode& parent, const std::vector<std::size_t>& indices, Note note) {
    if (indices.empty()) return;
    const bool mapping = parent.isMapping();
    const std::size_t count = mapping ? parent.entries.size() : parent.items.size();
    auto first = [&](std::size_t i) -> const YamlNode& {
      return mapping ? parent.entries[i].first : parent.items[i];
    };
    auto last = [&](std::size_t i) -> const YamlNode& {
      return mapping ? parent.entries[i].second : parent.items[i];
    };
    auto end = [&](std::size_t i) { return std::max(first(i).end, last(i).end); };
    if (parent.flow) {
      // "{a: 1, b: 2}": an entry and the comma after it; after the last kept one, the comma
      // before it. Every range starts where the one before ends, so none overlap.
      if (indices.size() == count) {
        cuts_.push_back({first(0).begin, end(count - 1), ""});
        return;
      }
      std::vector<bool> isCut(count, false);
      for (std::size_t i : indices) isCut[i] = true;
      std::size_t lastKept = 0;
      for (std::size_t i = 0; i < count; ++i)
        if (!isCut[i]) lastKept = i;
      for (std::size_t i : indices) {
        if (i < lastKept)
          cuts_.push_back({first(i).begin, first(i + 1).begin, ""});
        else
          cuts_.push_back({end(i - 1), end(i), ""});
      }
      return;
    }
    // A block entry: its whole lines (a sequence item's "- " is on its first line).
    for (std::size_t i : indices) {
      const std::size_t begin = lineStart(first(i).line);
      const std::size_t stop = lineStart(std::max(first(i).line, last(i).lastLine) + 1);
      std::size_t indent = begin;
      while (indent < text_.size() && (text_[indent] == ' ' || text_[indent] == '\t')) ++indent;
      const bool endsWithNewline = stop > begin && text_[stop - 1] == '\n';
      cuts_.push_back(
          {begin, stop,
           text_.substr(begin, indent - begin) + "# " + note(i) + (endsWithNewline ? "\n" : "")});
    }
  }

  // A block collection whose every entry was cut: netplan refuses an empty section or list,
  // so its key says `{}` or `[]`.
  void markEmpty(const YamlNode& key, const YamlNode& collection) {
    if (collection.flow) return;  // "{}" or "[]" already, once the entries are gone
    std::size_t colon = text_.find(':', key.end);
    if (colon == std::string::npos) return;
    cuts_.push_back({colon + 1, colon + 1, collection.isMapping() ? " {}" : " []"});
  }

  bool empty() const { return cuts_.empty(); }

  std::string apply() {
    // Later cuts first, so earlier offsets stay true (the cuts never overlap: entries of one
    // collection are disjoint, and members are cut only from bridges that stay).
    std::sort(cuts_.begin(), cuts_.end(), [](const Cut& a, const Cut& b) {
      return a.begin != b.begin ? a.begin > b.begin : a.end > b.end;
    });
    std::string text = text_;
    for (const Cut& cut : cuts_) text.replace(cut.begin, cut.end - cut.begin, cut.replacement);
    return text;
  }

 private:
  std::size_t lineStart(int line) const {
    const auto index = static_cast<std::size_t>(line - 1);
    return index < lineStarts_.size() ? lineStarts_[index] : text_.size();
  }
  const std::string& text_;
  std::vector<std::size_t> lineStarts_;
  std::vector<Cut> cuts_;
};

}  // namespace

Result<std::vector<FileEdit>> releaseFromNetplanFiles(const NetplanFiles& files,
                                                      const std::vector<std::string>& names) {
  std::vector<FileEdit> edits;
  if (!files.problems.empty() || !files.merged) return edits;
  const std::set<std::string> released(names.begin(), names.end());
  // The IDs to cut, judged on the merged configuration (set-name may be in another file).
  std::set<std::string> cutIds;
  const YamlNode* network = files.merged->find("network");
  if (!network || !network->isMapping()) return edits;
  for (const char* section : kDeviceSections)
    if (const YamlNode* devices = network->find(section); devices && devices->isMapping())
      for (const auto& [key, device] : devices->entries) {
        if (auto name = releasableName(section, key.value, device)) {
          if (released.count(*name)) cutIds.insert(key.value);
          continue;
        }
        // A pattern: cutting it would release other links too.
        const YamlNode* match = device.find("match");
        const YamlNode* glob = match && match->isMapping() ? match->find("name") : nullptr;
        if (!glob || !glob->isScalar()) continue;
        for (const std::string& name : names)
          if (::fnmatch(glob->value.c_str(), name.c_str(), 0) == 0)
            return refused(name, "'" + files.files.at(static_cast<std::size_t>(key.file)).path +
                                     ":" + std::to_string(key.line) + "' configures it with " +
                                     "other links, by the pattern '" + glob->value + "'");
      }
  if (const YamlNode* vlans = network->find("vlans"); vlans && vlans->isMapping())
    for (const auto& [key, vlan] : vlans->entries)
      if (!cutIds.count(key.value) && vlan.isMapping())
        if (const YamlNode* link = vlan.find("link");
            link && link->isScalar() && cutIds.count(link->value))
          return refused(link->value,
                         "VLAN '" + key.value + "' stays with netplan, which needs its parent");
  if (cutIds.empty()) return edits;

  for (const NetplanFile& file : files.files) {
    const YamlNode* fileNetwork = file.root.find("network");
    if (!fileNetwork || !fileNetwork->isMapping()) continue;
    FileCutter cutter(file.text);
    // Named references, not structured bindings: the lambdas below use them, which C++20
    // allows and clang 14 does not yet.
    for (const YamlEntry& section : fileNetwork->entries) {
      const YamlNode& sectionKey = section.first;
      const YamlNode& devices = section.second;
      if (!devices.isMapping()) continue;
      const bool deviceSection =
          std::find_if(std::begin(kDeviceSections), std::end(kDeviceSections), [&](const char* s) {
            return sectionKey.value == s;
          }) != std::end(kDeviceSections);
      if (!deviceSection) continue;
      std::vector<std::size_t> cutHere;
      for (std::size_t i = 0; i < devices.entries.size(); ++i) {
        const auto& [key, device] = devices.entries[i];
        if (cutIds.count(key.value)) {
          cutHere.push_back(i);
          continue;
        }
        // A bridge or bond that stays lets go of its released members.
        if (!device.isMapping()) continue;
        for (const YamlEntry& list : device.entries) {
          const YamlNode& membersKey = list.first;
          const YamlNode& members = list.second;
          if (membersKey.value != "interfaces" || !members.isSequence()) continue;
          std::vector<std::size_t> membersCut;
          for (std::size_t m = 0; m < members.items.size(); ++m)
            if (cutIds.count(members.items[m].value)) membersCut.push_back(m);
          cutter.cut(members, membersCut, [&](std::size_t m) {
            return "- " + members.items[m].value + ": configured by ifkit";
          });
          if (!membersCut.empty() && membersCut.size() == members.items.size())
            cutter.markEmpty(membersKey, members);
        }
      }
      cutter.cut(devices, cutHere, [&](std::size_t i) {
        const auto& [key, device] = devices.entries[i];
        return key.value + ": configured by ifkit (ifkit iface-dumpxml --inactive " +
               releasableName(sectionKey.value, key.value, device).value_or(key.value) + ")";
      });
      if (!cutHere.empty() && cutHere.size() == devices.entries.size())
        cutter.markEmpty(sectionKey, devices);
    }
    if (cutter.empty()) continue;
    if (file.path.starts_with("/run/"))
      return refused(names.front(), "'" + file.path + "' is made anew at every boot");
    FileEdit edit;
    edit.path = file.path;
    edit.before = file.text;
    edit.after = cutter.apply();
    if (file.path.starts_with("/lib/netplan/")) {
      // /etc/netplan's file of the same name shadows it (there is none, or it would be read).
      edit.path = "/etc/netplan/" + file.path.substr(std::string("/lib/netplan/").size());
      edit.before = std::nullopt;
    }
    // Never a file netplan could not read: a cut entry may hold an anchor that an alias
    // elsewhere uses. Then nothing is released rather than a part.
    if (!parseYaml(*edit.after).error.empty())
      return refused(names.front(),
                     "an alias elsewhere in '" + file.path + "' copies what would be cut");
    edits.push_back(std::move(edit));
  }
  return edits;
}

Result<std::vector<FileEdit>> releaseFromNetplan(const ConfigRoot& root,
                                                 const std::vector<std::string>& names) {
  return releaseFromNetplanFiles(readNetplanFiles(root), names);
}

}  // namespace ifkit::native::netplan
