// SPDX-License-Identifier: LGPL-2.1-or-later
// RemoteDriver: the interface driver table served by a daemon over libvirt's remote protocol
// (ifkitd, or a real libvirtd / virtinterfaced): each entry point is one or two RPC calls.
#pragma once

#include <memory>
#include <string>

#include "driver/interface_driver.h"
#include "rpc/rpc_client.h"

namespace ifkit::rpc {

// Runs the connect sequence (AUTH_LIST, then CONNECT_OPEN of `openName`, read-only if asked)
// on `client` and returns a driver that speaks through it. CONNECT_CLOSE is sent when the
// driver is destroyed.
Result<std::unique_ptr<driver::InterfaceDriver>> openRemoteDriver(RpcClient client,
                                                                  const std::string& openName,
                                                                  bool readOnly);

}  // namespace ifkit::rpc
