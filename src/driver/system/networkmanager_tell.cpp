// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/networkmanager_tell.h"

namespace ifkit::driver {
namespace {

// nmcli waits for NetworkManager at most this long (seconds): a start is not held up longer.
constexpr const char* kWait = "10";

Status setManaged(int netnsFd, const std::vector<std::string>& names, const char* managed) {
  for (const std::string& name : names)
    if (Status st = runInNetns(
            netnsFd, {"nmcli", "--wait", kWait, "device", "set", name, "managed", managed}, name);
        !st)
      return st;
  return {};
}

Error notTold(const Error& why, const char* then) {
  return makeError(
      ErrorNumber::OperationFailed, ErrorDomain::Interface,
      std::string("NetworkManager runs but ").append(why.message).append(": ").append(then));
}

}  // namespace

Status networkManagerLetGo(int netnsFd, const std::vector<std::string>& names) {
  if (names.empty() || !managerRunsIn(netnsFd, kNetworkManagerProcess)) return {};
  if (Status st = setManaged(netnsFd, names, "no"); !st)
    return notTold(st.error(), "it lets go only when it restarts");
  return {};
}

Status networkManagerTakeBack(int netnsFd, const std::vector<std::string>& names) {
  if (!managerRunsIn(netnsFd, kNetworkManagerProcess)) return {};
  Status st = runInNetns(netnsFd, {"nmcli", "--wait", kWait, "general", "reload", "conf"});
  if (st) st = setManaged(netnsFd, names, "yes");
  if (!st) return notTold(st.error(), "it configures the interfaces again when it restarts");
  return {};
}

}  // namespace ifkit::driver
