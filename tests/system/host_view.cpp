// SPDX-License-Identifier: LGPL-2.1-or-later
// Normalized `ip -j` views of a namespace.
#include "host_view.h"

#include <gtest/gtest.h>

namespace ifkit::test {

std::string normalizedIp(const TestNetns& ns, const std::string& ipArgs) {
  auto r = runCommand("ip -n " + ns.name() + " -j " + ipArgs + " | /usr/bin/python3 " +
                      IFKIT_NORMALIZER);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  return r.output;
}

std::string hostView(const TestNetns& ns) {
  const std::string links = normalizedIp(ns, "-d addr show");
  EXPECT_NE(links.find("\"ifname\": \"eth0\""), std::string::npos) << links;
  return links + normalizedIp(ns, "route show") + normalizedIp(ns, "-6 route show");
}

}  // namespace ifkit::test
