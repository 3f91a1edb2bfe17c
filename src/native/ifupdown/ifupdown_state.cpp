// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/ifupdown/ifupdown_state.h"

#include <fcntl.h>

#include <algorithm>
#include <sstream>

#include "util/atomic_file.h"
#include "util/unique_fd.h"

namespace ifkit::native::ifupdown {
namespace {

constexpr const char* kStateFile = "ifstate";

// The state folder, or an invalid fd when ifupdown has none under the root.
UniqueFd openStateFolder(const ConfigRoot& root) {
  return UniqueFd(::open(root.locate(kStateFolder).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

bool names(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The interface a line of `ifstate` records ("eth0=eth0" -> "eth0").
std::string recorded(const std::string& line) { return line.substr(0, line.find('=')); }

}  // namespace

Status forgetConfigured(const ConfigRoot& root, const std::vector<std::string>& forgotten) {
  UniqueFd folder = openStateFolder(root);
  if (!folder.valid()) return {};
  auto text = root.read(std::string(kStateFolder) + "/" + kStateFile);
  if (!text) return std::move(text).error();
  if (*text) {
    std::string kept;
    std::istringstream lines(**text);
    for (std::string line; std::getline(lines, line);)
      if (!names(forgotten, recorded(line))) kept.append(line).append("\n");
    // /run: a reboot forgets it anyway, so atomic but not durable.
    if (kept != **text)
      if (Status st = writeFileAtomically(folder.get(), kStateFile, kept, Durability::Volatile);
          !st)
        return st;
  }
  for (const std::string& name : forgotten)
    if (Status st = removeFileDurably(
            folder.get(), std::string(kStateFile).append(".").append(name), Durability::Volatile);
        !st)
      return st;
  return {};
}

Status markConfigured(const ConfigRoot& root, const std::vector<std::string>& configured) {
  UniqueFd folder = openStateFolder(root);
  if (!folder.valid()) return {};
  auto text = root.read(std::string(kStateFolder) + "/" + kStateFile);
  if (!text) return std::move(text).error();
  std::string state = text->value_or("");
  std::vector<std::string> there;
  std::istringstream lines(state);
  for (std::string line; std::getline(lines, line);) there.push_back(recorded(line));
  bool changed = false;
  for (const std::string& name : configured) {
    if (names(there, name)) continue;
    state.append(name).append("=").append(name).append("\n");
    changed = true;
    if (Status st =
            writeFileAtomically(folder.get(), std::string(kStateFile).append(".").append(name),
                                std::string(name).append("\n"), Durability::Volatile);
        !st)
      return st;
  }
  if (changed)
    if (Status st = writeFileAtomically(folder.get(), kStateFile, state, Durability::Volatile); !st)
      return st;
  return {};
}

}  // namespace ifkit::native::ifupdown
