// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/live_xml_test.cpp: the live XML of one link (describeLive), case by case from
// tests/plan/live_cases.
//
// A case is a directory: live.txt (live_fixture.h) is the kernel's picture; `link` names the
// link described, followed by the word `dhcp` when ifkit's DHCP client runs for it; expected.xml
// is what `iface-dumpxml NAME` prints for it. IFKIT_UPDATE_GOLDEN=1 rewrites expected.xml
// (review the diff). Each expected.xml is also checked against libvirt itself: its schema
// accepts it, and ifkit's reader (libvirt's rules) reads back the very value described.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "conf/interface_xml.h"
#include "live_fixture.h"
#include "plan/live/describe_live.h"
#include "plan_cases.h"

namespace ifkit::plan::test {
namespace {

namespace fs = std::filesystem;

struct LiveCase {
  std::string dir;
  host::LiveState live;
  std::string link;
  bool dhcpRunning = false;
};

std::vector<std::string> liveCaseNames() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(IFKIT_LIVE_CASES_DIR))
    if (entry.is_directory()) out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

LiveCase loadLiveCase(const std::string& name) {
  LiveCase c;
  c.dir = std::string(IFKIT_LIVE_CASES_DIR) + "/" + name;
  c.live = readLiveFixture(readFile(c.dir + "/live.txt"));
  std::istringstream words(readFile(c.dir + "/link"));
  std::string flag;
  words >> c.link >> flag;
  if (c.link.empty() || !(flag.empty() || flag == "dhcp"))
    throw std::runtime_error(c.dir + "/link: NAME [dhcp]");
  c.dhcpRunning = flag == "dhcp";
  return c;
}

std::string describe(const LiveCase& c) {
  const host::Link* link = c.live.linkByName(c.link);
  if (link == nullptr) throw std::runtime_error(c.dir + ": no link " + c.link + " in live.txt");
  return conf::formatInterfaceXml(describeLive(c.live, *link, c.dhcpRunning));
}

bool xmllintAccepts(const std::string& file) {
  const std::string command =
      "xmllint --noout --relaxng '" IFKIT_LIBVIRT_SCHEMA "' '" + file + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

class LiveXml : public testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(std::system("command -v xmllint >/dev/null"), 0) << "xmllint (libxml2-utils) missing";
    ASSERT_TRUE(fs::exists(IFKIT_LIBVIRT_SCHEMA)) << "libvirt's schema (libvirt0) missing";
  }
};

// A user running iface-dumpxml on this kernel picture sees exactly expected.xml.
TEST_P(LiveXml, DumpxmlPrintsTheExpectedXml) {
  const LiveCase c = loadLiveCase(GetParam());
  expectGolden(c.dir + "/expected.xml", describe(c));
}

// What ifkit prints is libvirt's interface XML: libvirt's schema accepts it, and reading it
// back (iface-define of the live XML) gives the same interface, not a lossy copy.
TEST_P(LiveXml, ExpectedXmlIsLibvirtsAndReadsBackTheSame) {
  const LiveCase c = loadLiveCase(GetParam());
  const std::string expected = readFile(c.dir + "/expected.xml");
  EXPECT_TRUE(xmllintAccepts(c.dir + "/expected.xml")) << "interface.rng rejects " << c.dir;
  auto parsed = conf::parseInterfaceXml(expected);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(conf::formatInterfaceXml(*parsed), expected);
  const host::Link* link = c.live.linkByName(c.link);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(*parsed, describeLive(c.live, *link, c.dhcpRunning));
}

// The system driver reads a link's IPv6 sysctls again (they change unannounced) only where
// hasIpv6Configuration says the XML has an IPv6 <protocol>, the only place they show: it must
// say so exactly where the XML has one.
TEST_P(LiveXml, Ipv6ConfigurationIsFoundWhereTheXmlHasAnIpv6Protocol) {
  const LiveCase c = loadLiveCase(GetParam());
  const host::Link* link = c.live.linkByName(c.link);
  ASSERT_NE(link, nullptr);
  const bool xmlHasIpv6 =
      describe(c).find("<protocol family='ipv6'>") != std::string::npos;
  EXPECT_EQ(hasIpv6Configuration(host::LiveIndex::borrowing(c.live), *link), xmlHasIpv6);
}

INSTANTIATE_TEST_SUITE_P(Cases, LiveXml, testing::ValuesIn(liveCaseNames()),
                         [](const auto& p) { return testNameOf(p.param); });

// The forward delay is kept in the kernel's centiseconds and written in the seconds of
// <bridge delay>, without a trailing zero or a lost hundredth.
TEST(SecondsFromCentiseconds, WritesTheSecondsOfBridgeDelay) {
  EXPECT_EQ(secondsFromCentiseconds(0), "0");
  EXPECT_EQ(secondsFromCentiseconds(1), "0.01");
  EXPECT_EQ(secondsFromCentiseconds(10), "0.1");
  EXPECT_EQ(secondsFromCentiseconds(150), "1.5");
  EXPECT_EQ(secondsFromCentiseconds(205), "2.05");
  EXPECT_EQ(secondsFromCentiseconds(1500), "15");
  EXPECT_EQ(secondsFromCentiseconds(4294967295u), "42949672.95");
}

}  // namespace
}  // namespace ifkit::plan::test
