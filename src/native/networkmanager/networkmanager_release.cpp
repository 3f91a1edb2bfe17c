// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkmanager/networkmanager_release.h"

namespace ifkit::native::networkmanager {
namespace {

bool listable(const std::string& name) {
  return !name.empty() && name.find_first_of(",; \t\n\r\\/") == std::string::npos;
}

Error refusal(const std::string& name, const std::string& why) {
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                   "cannot make NetworkManager leave " + name + " alone: " + why);
}

}  // namespace

std::string unmanagedDropInPath(const std::string& name) {
  return "/etc/NetworkManager/conf.d/99-ifkit-unmanaged-" + name + ".conf";
}

std::string unmanagedDropIn(const std::string& name) {
  return "# Written by ifkit, which configures " + name +
         " (ifkit iface-dumpxml " + name + "); iface-undefine removes this file.\n"
         "[keyfile]\n"
         "unmanaged-devices+=interface-name:=" + name + "\n";
}

Result<std::vector<FileEdit>> releaseFromNetworkManager(const ConfigRoot& root,
                                                        const std::vector<std::string>& names) {
  std::vector<FileEdit> edits;
  for (const std::string& name : names) {
    if (!listable(name)) return refusal(name, "its list of unmanaged devices cannot hold the name");
    const std::string path = unmanagedDropInPath(name);
    auto now = root.read(path);
    if (!now) return std::move(now).error();
    const std::string wanted = unmanagedDropIn(name);
    if (*now == wanted) continue;
    if (*now) return refusal(name, "'" + path + "' is there already and is not ifkit's");
    edits.push_back(FileEdit{path, std::nullopt, wanted});
  }
  return edits;
}

}  // namespace ifkit::native::networkmanager
