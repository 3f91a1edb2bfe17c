// SPDX-License-Identifier: LGPL-2.1-or-later
// systemd-networkd's files read as definitions: golden case directories. Each directory under
// networkd_cases/ is a root (its etc/systemd/network, usr/lib/systemd/network, ...) and a
// links.txt naming the kernel's links, one a line, which networkd would match the files
// against. expected.txt holds the definitions as `iface-dumpxml --inactive` prints them, then
// the problems; IFKIT_UPDATE_GOLDEN=1 rewrites it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden_cases.h"
#include "native/networkd/networkd_configuration.h"
#include "native/networkd/unit_syntax.h"
#include "native/networkd/unit_values.h"

namespace ifkit::native::networkd {
namespace {

namespace fs = std::filesystem;

class NetworkdCase : public testing::TestWithParam<std::string> {};

TEST_P(NetworkdCase, ReadsAsGolden) {
  const std::string dir = std::string(IFKIT_NETWORKD_CASES_DIR) + "/" + GetParam();
  test::expectGolden(dir, test::rendered(readNetworkdConfiguration(ConfigRoot(dir + "/root"),
                                                                   test::linksOf(dir))));
}

INSTANTIATE_TEST_SUITE_P(Cases, NetworkdCase,
                         testing::ValuesIn(test::caseNames(IFKIT_NETWORKD_CASES_DIR)),
                         [](const auto& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(UnitSyntax, SectionsContinuationsCommentsAndLists) {
  auto parsed = parseUnitText(
      "# comment\n[Match]\nName=en* \\\n  eth0\n; other comment\n[Network]\nAddress=10.0.0.1/8\n"
      "DNS=1.1.1.1\nDNS=\nDNS=9.9.9.9\n[Address]\nAddress=10.0.0.2/8\n[Address]\nAddress=fd00::1/64\n");
  ASSERT_TRUE(parsed.problems.empty());
  ASSERT_EQ(parsed.sections.size(), 4u);
  EXPECT_EQ(parsed.sections[0].last("Name"), "en*  eth0");  // the backslash made a space
  EXPECT_EQ(parsed.sections[1].all("DNS"), std::vector<std::string>{"9.9.9.9"});
  EXPECT_EQ(parsed.sectionsNamed("Address").size(), 2u);
  EXPECT_EQ(parsed.sections[3].line, 13);
}

TEST(UnitValues, BooleansAndTimeSpans) {
  EXPECT_EQ(unitBoolean("yes"), true);
  EXPECT_EQ(unitBoolean("Off"), false);
  EXPECT_EQ(unitBoolean("maybe"), std::nullopt);
  EXPECT_EQ(unitMilliseconds("100ms"), 100);
  EXPECT_EQ(unitMilliseconds("2"), 2000);
  EXPECT_EQ(unitMilliseconds("1s 500ms"), 1500);
  EXPECT_EQ(unitMilliseconds("0.5s"), 500);
  EXPECT_EQ(unitMilliseconds("1min"), 60000);
  EXPECT_EQ(unitMilliseconds("fast"), std::nullopt);
}

}  // namespace
}  // namespace ifkit::native::networkd
