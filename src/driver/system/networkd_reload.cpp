// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/networkd_reload.h"

namespace ifkit::driver {

Status rereadNetworkd(int netnsFd) {
  if (!managerRunsIn(netnsFd, kNetworkdProcess)) return {};
  Status st = runInNetns(netnsFd, {"networkctl", "reload"});
  if (st) return st;
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                   std::string("systemd-networkd runs but ")
                       .append(st.error().message)
                       .append(": it reads ifkit's files only when it restarts"));
}

}  // namespace ifkit::driver
