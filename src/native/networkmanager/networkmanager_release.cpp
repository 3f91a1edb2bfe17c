// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkmanager/networkmanager_release.h"

#include <algorithm>

#include "native/networkmanager/keyfile_syntax.h"

namespace ifkit::native::networkmanager {
namespace {

constexpr std::string_view kSpec = "interface-name:=";

bool listable(const std::string& name) {
  return !name.empty() && name.find_first_of(",; \t\n\r\\") == std::string::npos;
}

std::string currentDropIn(const ConfigRoot& root, std::optional<std::string>& before) {
  auto text = root.read(kUnmanagedDropIn);
  before = text ? *text : std::nullopt;
  return before.value_or("");
}

std::vector<FileEdit> editTo(const std::optional<std::string>& before,
                             const std::vector<std::string>& names) {
  std::optional<std::string> after = unmanagedDropIn(names);
  if (after == before) return {};
  return {FileEdit{kUnmanagedDropIn, before, after}};
}

}  // namespace

std::vector<std::string> unmanagedNames(const std::string& dropIn) {
  std::vector<std::string> names;
  const Keyfile keyfile = parseKeyfile(dropIn);
  const KeyfileGroup* group = keyfile.group("keyfile");
  const std::string list = group ? group->value("unmanaged-devices+").value_or("") : "";
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t stop = list.find(',', start);
    std::string spec = list.substr(start, stop == std::string::npos ? stop : stop - start);
    start = stop == std::string::npos ? list.size() : stop + 1;
    if (spec.starts_with(kSpec)) names.push_back(spec.substr(kSpec.size()));
  }
  return names;
}

std::optional<std::string> unmanagedDropIn(const std::vector<std::string>& names) {
  if (names.empty()) return std::nullopt;
  std::string list;
  for (const std::string& name : names)
    list += (list.empty() ? "" : ",") + std::string(kSpec) + name;
  return "# Written by ifkit: the interfaces ifkit configures (ifkit iface-list --all), which\n"
         "# NetworkManager leaves alone. ifkit edits this file; iface-undefine takes a name off.\n"
         "[keyfile]\n"
         "unmanaged-devices+=" +
         list + "\n";
}

Result<std::vector<FileEdit>> releaseFromNetworkManager(const ConfigRoot& root,
                                                        const std::vector<std::string>& names) {
  std::optional<std::string> before;
  std::vector<std::string> listed = unmanagedNames(currentDropIn(root, before));
  for (const std::string& name : names) {
    if (!listable(name))
      return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                       "cannot make NetworkManager leave " + name +
                           " alone: its list of unmanaged devices cannot hold the name");
    if (std::find(listed.begin(), listed.end(), name) == listed.end()) listed.push_back(name);
  }
  return editTo(before, listed);
}

std::vector<FileEdit> returnToNetworkManager(const ConfigRoot& root,
                                             const std::vector<std::string>& names) {
  std::optional<std::string> before;
  std::vector<std::string> listed = unmanagedNames(currentDropIn(root, before));
  std::erase_if(listed, [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  });
  return editTo(before, listed);
}

}  // namespace ifkit::native::networkmanager
