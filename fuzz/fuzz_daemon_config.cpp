// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: ifkitd.conf (parseDaemonConfig: libvirt's configuration syntax, then every
// key's checks). The file is root's, but a hand edit may leave anything there, and ifkitd reads
// it again on every SIGHUP while serving: any bytes give a configuration or an error naming a
// line, never a crash. Seed: contrib/ifkitd.conf.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "daemon/daemon_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = ifkit::daemon::parseDaemonConfig(text, "f.conf");
  if (!config) {
    // Every error names where it is.
    if (config.error().message.find("f.conf:") == std::string::npos) std::abort();
    return 0;
  }
  if (config->maxClients == 0 || config->maxRoClients == 0 || config->logOutputs.empty())
    std::abort();
  return 0;
}
