// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/ifupdown_release.h"

#include <algorithm>
#include <map>

namespace ifkit::native::ifupdown {
namespace {

// A byte range of a file and what goes in its place.
struct Splice {
  std::size_t begin, end;
  std::string replacement;
};

bool isNameList(const std::string& keyword) {
  return keyword == "auto" || keyword.starts_with("allow-") || keyword == "no-auto-down" ||
         keyword == "no-scripts";
}

}  // namespace

std::vector<FileEdit> releaseFromIfupdown(const InterfacesTree& tree,
                                          const std::vector<std::string>& names) {
  auto released = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::map<std::size_t, std::vector<Splice>> splices;  // by file index
  for (const PlacedStatement& placed : tree.statements) {
    const Statement& statement = tree[placed];
    if (statement.keyword == "iface" && !statement.words.empty() && released(statement.words[0])) {
      splices[placed.file].push_back(
          {statement.begin, statement.end,
           "# iface " + statement.words[0] +
               (statement.words.size() > 1 ? " " + statement.words[1] : std::string()) +
               ": configured by ifkit (ifkit iface-dumpxml --inactive " + statement.words[0] +
               ")\n"});
    } else if (isNameList(statement.keyword) &&
               std::any_of(statement.words.begin(), statement.words.end(), released)) {
      std::string line;
      for (const std::string& word : statement.words)
        if (!released(word)) line += " " + word;
      splices[placed.file].push_back(
          {statement.begin, statement.end, line.empty() ? "" : statement.keyword + line + "\n"});
    }
  }
  std::vector<FileEdit> edits;
  for (auto& [fileIndex, fileSplices] : splices) {
    const InterfacesFile& file = tree.files[fileIndex];
    FileEdit edit{file.path, file.text, file.text};
    // From the end, so that the earlier ranges keep their offsets.
    std::sort(fileSplices.begin(), fileSplices.end(),
              [](const Splice& a, const Splice& b) { return a.begin > b.begin; });
    for (const Splice& splice : fileSplices) {
      std::string replacement = splice.replacement;
      // A statement on the file's last line may lack its newline; so does its replacement.
      if (splice.end == file.text.size() && !file.text.empty() && file.text.back() != '\n' &&
          !replacement.empty())
        replacement.pop_back();
      edit.after->replace(splice.begin, splice.end - splice.begin, replacement);
    }
    edits.push_back(std::move(edit));
  }
  return edits;
}

}  // namespace ifkit::native::ifupdown
