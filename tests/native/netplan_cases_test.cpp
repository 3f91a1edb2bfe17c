// SPDX-License-Identifier: LGPL-2.1-or-later
// netplan's YAML read as definitions: golden case directories, and netplan itself as the oracle.
//
// Each directory under netplan_cases/ is a root (its etc/netplan, lib/netplan, run/netplan)
// and a links.txt naming the kernel's links; expected.txt holds the definitions as
// `iface-dumpxml --inactive` prints them, then the problems (IFKIT_UPDATE_GOLDEN=1 rewrites
// it). The oracle: `netplan generate` renders the same root for systemd-networkd, and ifkit's
// networkd reader must read the rendered files as the same interfaces as ifkit's netplan
// reader reads the YAML (the XML compared without its comments, which name the files). What
// netplan hands to NetworkManager (renderer: NetworkManager) it renders as keyfiles in
// run/NetworkManager/system-connections, which ifkit's NetworkManager reader reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "native/netplan/netplan_configuration.h"
#include "native/netplan/yaml_tree.h"
#include "native/networkd/networkd_configuration.h"
#include "native/networkmanager/networkmanager_configuration.h"
#include "golden_cases.h"
#include "netplan_oracle.h"

namespace ifkit::native::netplan {
namespace {

namespace fs = std::filesystem;
using test::netplanGenerate;
using test::ScratchRoot;
using native::test::caseNames;
using native::test::expectGolden;
using native::test::linksOf;
using native::test::rendered;

// The definitions' XML without the comments that say where they were read.
std::string withoutComments(const NativeConfiguration& conf) {
  std::string xml;
  for (const NativeDefinition& native : conf.definitions) xml += formatNativeXml(native) + "\n";
  return std::regex_replace(xml, std::regex("  <!-- [^\n]* -->\n"), "");
}

class NetplanCase : public testing::TestWithParam<std::string> {
 protected:
  std::string dir() const { return std::string(IFKIT_NETPLAN_CASES_DIR) + "/" + GetParam(); }
};

TEST_P(NetplanCase, ReadsAsGolden) {
  expectGolden(dir(),
               rendered(readNetplanConfiguration(ConfigRoot(dir() + "/root"), linksOf(dir()))));
}

// What netplan renders and ifkit's reading of the YAML may differ in, by case: each accepted
// difference is a text in ifkit's netplan reading and what the networkd reading has instead.
const std::map<std::string, std::vector<std::pair<std::string, std::string>>> kAccepted = {
    // dhcp6: true becomes NetworkManager's ipv6.method=auto, which asks the router: SLAAC, and
    // DHCPv6 when the router advertisements say so. ifkit reads that method as <autoconf/>.
    {"networkmanager-bridge",
     {{"  <protocol family='ipv6'>\n    <dhcp/>\n",
       "  <protocol family='ipv6'>\n    <autoconf/>\n"}}},
};

TEST_P(NetplanCase, ReadsAsNetplanRendersForNetworkd) {
  ScratchRoot scratch(dir() + "/root");
  const auto links = linksOf(dir());
  NativeConfiguration fromYaml = readNetplanConfiguration(ConfigRoot(scratch.string()), links);
  const bool rendered = netplanGenerate(scratch.string());
  const bool parsed =
      std::none_of(fromYaml.problems.begin(), fromYaml.problems.end(), [](const NativeProblem& p) {
        return p.message.find("generates no configuration") != std::string::npos;
      });
  // netplan refuses what ifkit reports as unreadable, and renders what ifkit reads.
  ASSERT_EQ(rendered, parsed);
  if (!rendered) return;
  NativeConfiguration fromRendered =
      networkd::readNetworkdConfiguration(ConfigRoot(scratch.string()), links);
  NativeConfiguration fromKeyfiles =
      networkmanager::readNetworkManagerConfiguration(ConfigRoot(scratch.string()), links);
  for (NativeDefinition& native : fromKeyfiles.definitions)
    fromRendered.definitions.push_back(std::move(native));
  std::sort(fromRendered.definitions.begin(), fromRendered.definitions.end(),
            [](const auto& a, const auto& b) { return a.def.name < b.def.name; });
  std::string expected = withoutComments(fromRendered);
  std::string actual = withoutComments(fromYaml);
  if (auto accepted = kAccepted.find(GetParam()); accepted != kAccepted.end())
    for (const auto& [ours, theirs] : accepted->second)
      if (auto at = actual.find(ours); at != std::string::npos)
        actual.replace(at, ours.size(), theirs);
  EXPECT_EQ(expected, actual);
}

INSTANTIATE_TEST_SUITE_P(Cases, NetplanCase,
                         testing::ValuesIn(caseNames(IFKIT_NETPLAN_CASES_DIR)),
                         [](const auto& param) {
  std::string name = param.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
});

TEST(YamlTree, MarksLinesAndBytesOfBlockAndFlowNodes) {
  const std::string text =
      "# é comment\nnetwork:\n  ethernets:\n    eno1: {dhcp4: true}\n    eno2:\n      mtu: 9000\n"
      "\n  # trailing\nother: [a, b]\n";
  YamlDocument doc = parseYaml(text);
  ASSERT_EQ(doc.error, "");
  const YamlNode* ethernets = doc.root->find("network")->find("ethernets");
  ASSERT_TRUE(ethernets && ethernets->isMapping());
  EXPECT_EQ(ethernets->line, 4);
  EXPECT_EQ(ethernets->lastLine, 6);  // its last content, not the comment after it
  const YamlNode& eno1 = ethernets->entries[0].second;
  EXPECT_TRUE(eno1.flow);
  EXPECT_EQ(text.substr(eno1.begin, eno1.end - eno1.begin), "{dhcp4: true}");
  const YamlNode& mtu = *ethernets->entries[1].second.find("mtu");
  EXPECT_EQ(text.substr(mtu.begin, mtu.end - mtu.begin), "9000");
  EXPECT_EQ(doc.root->find("other")->items.size(), 2u);
}

TEST(YamlTree, RefusesBadTextAndBoundsAliases) {
  EXPECT_NE(parseYaml("a: [b\n").error, "");
  EXPECT_NE(parseYaml("a: *nothing\n").error, "");
  EXPECT_NE(parseYaml("\xff\xfe"
                      "a: b\n")
                .error,
            "");
  // Billion laughs: each level doubles, so the copies pass the node limit long before memory.
  std::string laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 30; ++i)
    laughs.append("a").append(std::to_string(i)).append(": &a").append(std::to_string(i))
        .append(" [*a").append(std::to_string(i - 1)).append(", *a")
        .append(std::to_string(i - 1)).append("]\n");
  EXPECT_NE(parseYaml(laughs).error.find("nodes"), std::string::npos);
  std::string deep(1000, '[');
  EXPECT_NE(parseYaml(deep).error, "");
  YamlDocument alias = parseYaml("a: &x {b: 1}\nc: *x\n");
  ASSERT_EQ(alias.error, "");
  EXPECT_EQ(alias.root->find("c")->find("b")->value, "1");
  EXPECT_EQ(alias.root->find("c")->line, 2);
}

TEST(NetplanFiles, HugeFileIsAProblemNotACrash) {
  ScratchRoot scratch;
  fs::create_directories(scratch.path() / "etc/netplan");
  std::ofstream(scratch.path() / "etc/netplan/huge.yaml") << std::string(5 << 20, '#');
  std::string many = "network:\n  ethernets:\n";
  for (int i = 0; i < 100000; ++i) many.append("    e").append(std::to_string(i)).append(": {}\n");
  std::ofstream(scratch.path() / "etc/netplan/many.yaml") << many;
  auto conf = readNetplanConfiguration(ConfigRoot(scratch.string()), {"e1"});
  ASSERT_FALSE(conf.problems.empty());
  EXPECT_NE(conf.problems[0].message.find("larger than"), std::string::npos);
}

TEST(NetplanFiles, BridgesNestedDeepOrInACircleEndNotTheStack) {
  ScratchRoot scratch;
  std::string chain = "network:\n  bridges:\n    loop: {interfaces: [loop]}\n";
  for (int i = 0; i < 20000; ++i)
    chain.append("    b").append(std::to_string(i)).append(": {interfaces: [b")
        .append(std::to_string(i + 1)).append("]}\n");
  fs::create_directories(scratch.path() / "etc/netplan");
  std::ofstream(scratch.path() / "etc/netplan/chain.yaml") << chain;
  auto conf = readNetplanConfiguration(ConfigRoot(scratch.string()), {});
  ASSERT_EQ(conf.definitions.size(), 1u);  // b0; the loop is its own member
  EXPECT_EQ(conf.definitions[0].def.name, "b0");
}

}  // namespace
}  // namespace ifkit::native::netplan
