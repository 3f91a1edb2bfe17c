// SPDX-License-Identifier: LGPL-2.1-or-later
// ifupdown's files read as definitions: golden case directories, and ifupdown's own ifquery as
// the oracle of how the files read.
//
// Each directory under ifupdown_cases/ is a root: root/etc/network/interfaces and whatever it
// sources. expected.txt holds every definition as `iface-dumpxml --inactive` prints it, then
// the problems; IFKIT_UPDATE_GOLDEN=1 rewrites it. The oracle runs Debian's ifquery on the same
// files, bind-mounted over /etc/network in a private mount namespace (so absolute `source`
// paths resolve as on a host), and checks that what ifkit read is what ifupdown reads: the
// interfaces brought up at boot and on hotplug, and each one's addresses, gateways, MTU and
// bridge ports.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "golden_cases.h"
#include "ifupdown_oracle.h"
#include "native/ifupdown/ifupdown_configuration.h"

namespace ifkit::native::ifupdown {
namespace {

using test::ifquery;

namespace fs = std::filesystem;

std::set<std::string> lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

// ifquery NAME prints "option: value" per option; a value given several times (addresses)
// comes out once, its values joined by newlines.
std::multimap<std::string, std::string> queried(const std::string& text) {
  std::multimap<std::string, std::string> options;
  std::istringstream in(text);
  std::string key;
  for (std::string line; std::getline(in, line);) {
    auto colon = line.find(": ");
    if (colon == std::string::npos && line.size() && line.back() == ':') colon = line.size() - 1;
    if (colon != std::string::npos && line.find(' ') >= colon) {
      key = line.substr(0, colon);
      std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
      std::replace(key.begin(), key.end(), '-', '_');
      options.emplace(key, value);
    } else if (!key.empty()) {
      options.emplace(key, line);  // a further value of the same option
    }
  }
  return options;
}

std::multiset<std::string> valuesOf(const std::multimap<std::string, std::string>& options,
                                    const std::string& key) {
  std::multiset<std::string> values;
  auto [begin, end] = options.equal_range(key);
  for (auto it = begin; it != end; ++it)
    if (!it->second.empty()) values.insert(it->second.substr(0, it->second.find('/')));
  return values;
}

class IfupdownCase : public testing::TestWithParam<std::string> {};

TEST_P(IfupdownCase, ReadsAsGolden) {
  const std::string dir = std::string(IFKIT_IFUPDOWN_CASES_DIR) + "/" + GetParam();
  native::test::expectGolden(
      dir, native::test::rendered(readIfupdownConfiguration(ConfigRoot(dir + "/root"))));
}

TEST_P(IfupdownCase, ReadsAsIfupdownItself) {
  const std::string root = std::string(IFKIT_IFUPDOWN_CASES_DIR) + "/" + GetParam() + "/root";
  NativeConfiguration conf = readIfupdownConfiguration(ConfigRoot(root));

  // Started at boot and on hotplug: ifquery --list, against the definitions' start modes. A
  // member may carry its own auto line (ifup brings the port up too); it is no definition.
  std::set<std::string> onboot, hotplug, members;
  std::function<void(const conf::InterfaceDef&)> addMembers = [&](const conf::InterfaceDef& def) {
    if (auto* bridge = std::get_if<conf::BridgeDef>(&def.kind))
      for (const auto& member : bridge->members) members.insert(member.name), addMembers(member);
    if (auto* bond = std::get_if<conf::BondDef>(&def.kind))
      for (const auto& slave : bond->slaves) members.insert(slave.name);
  };
  for (const NativeDefinition& native : conf.definitions) {
    if (native.def.startMode == conf::StartMode::Onboot) onboot.insert(native.def.name);
    if (native.def.startMode == conf::StartMode::Hotplug) hotplug.insert(native.def.name);
    addMembers(native.def);
  }
  auto without = [&](std::set<std::string> names) {
    names.erase("lo");
    for (const auto& member : members) names.erase(member);
    return names;
  };
  EXPECT_EQ(without(lines(ifquery(root, "--list"))), onboot);
  std::set<std::string> queriedHotplug = without(lines(ifquery(root, "--list --allow=hotplug")));
  for (const auto& name : onboot) queriedHotplug.erase(name);  // auto wins
  EXPECT_EQ(queriedHotplug, hotplug);

  for (const NativeDefinition& native : conf.definitions) {
    SCOPED_TRACE(native.def.name);
    auto options = queried(ifquery(root, native.def.name));
    std::multiset<std::string> addresses, gateways;
    for (const conf::ProtocolDef& protocol : native.def.protocols) {
      for (const conf::IpDef& ip : protocol.ips) addresses.insert(ip.address);
      if (protocol.gateway) gateways.insert(*protocol.gateway);
    }
    EXPECT_EQ(valuesOf(options, "address"), addresses);
    auto queriedGateways = valuesOf(options, "gateway");
    for (const auto& gateway : gateways) EXPECT_TRUE(queriedGateways.count(gateway)) << gateway;
    if (native.def.mtu) {
      EXPECT_EQ(valuesOf(options, "mtu"), std::multiset<std::string>{std::to_string(native.def.mtu)});
    }
    if (auto* bridge = std::get_if<conf::BridgeDef>(&native.def.kind)) {
      std::istringstream ports(options.find("bridge_ports")->second);
      std::vector<std::string> queriedPorts{std::istream_iterator<std::string>(ports), {}};
      std::erase(queriedPorts, "none");
      std::vector<std::string> ours;
      for (const auto& member : bridge->members) ours.push_back(member.name);
      EXPECT_EQ(queriedPorts, ours);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, IfupdownCase,
                         testing::ValuesIn(native::test::caseNames(IFKIT_IFUPDOWN_CASES_DIR)),
                         [](const auto& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ifkit::native::ifupdown
