// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/interfaces_tree.h"

#include <algorithm>
#include <set>

namespace ifkit::native::ifupdown {
namespace {

constexpr int kMaxSourceDepth = 16;

bool isSourceDirectoryName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

std::string folderOf(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

std::string resolve(const std::string& includingFile, const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  std::string folder = folderOf(includingFile);
  return folder == "/" ? "/" + path : folder + "/" + path;
}

class TreeReader {
 public:
  TreeReader(const ConfigRoot& root, InterfacesTree& tree) : root_(root), tree_(tree) {}

  void readFile(const std::string& path, int depth, bool mustExist) {
    if (depth > kMaxSourceDepth) {
      problem(path + ": sources nested more than " + std::to_string(kMaxSourceDepth) + " deep");
      return;
    }
    if (!opened_.insert(path).second) {
      problem(path + ": sourced twice, read once");
      return;
    }
    auto text = root_.read(path);
    if (!text) return problem(text.error().message);
    if (!*text) {
      if (mustExist) problem("cannot read '" + path + "': No such file or directory");
      return;
    }
    const std::size_t fileIndex = tree_.files.size();
    ParsedInterfacesText parsed = parseInterfacesText(**text);
    tree_.files.push_back(InterfacesFile{path, std::move(**text), parsed});
    for (const SyntaxProblem& bad : parsed.problems)
      problem(path + ":" + std::to_string(bad.line) + ": " + bad.message);
    for (std::size_t index = 0; index < parsed.statements.size(); ++index) {
      const Statement& statement = parsed.statements[index];
      if (statement.keyword == "source") {
        for (const std::string& pattern : statement.words)
          for (const std::string& match : root_.glob(resolve(path, pattern)))
            readFile(match, depth + 1, false);
      } else if (statement.keyword == "source-directory") {
        for (const std::string& pattern : statement.words)
          for (const std::string& folder : root_.glob(resolve(path, pattern)))
            for (const std::string& name : root_.list(folder))
              if (isSourceDirectoryName(name)) readFile(folder + "/" + name, depth + 1, false);
      } else {
        tree_.statements.push_back({fileIndex, index});
      }
    }
  }

 private:
  void problem(std::string message) { tree_.problems.push_back({"ifupdown", std::move(message)}); }

  const ConfigRoot& root_;
  InterfacesTree& tree_;
  std::set<std::string> opened_;
};

}  // namespace

InterfacesTree readInterfacesTree(const ConfigRoot& root, const std::string& mainFile) {
  InterfacesTree tree;
  TreeReader reader(root, tree);
  reader.readFile(mainFile, 0, false);
  return tree;
}

}  // namespace ifkit::native::ifupdown
