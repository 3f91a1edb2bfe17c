// SPDX-License-Identifier: LGPL-2.1-or-later
// systemd-networkd as the oracle of how its files read: networkd itself configures one network
// namespace from a case's files (tests/native/networkd_cases), ifkit defines and starts, in a
// second namespace with the same links, the definitions it read from the same files; the
// kernel's view of the two must agree: each link's kind, master, MTU, MAC (of an ethernet), its
// global addresses, the default routes, and a bridge's STP and forward delay.
//
// networkd runs as notes/real-hosts.md describes (networkd_in_netns.h), on the case's files; it
// is stopped after a few seconds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "conf/claimed_interfaces.h"
#include "host_view.h"
#include "native/networkd/networkd_configuration.h"
#include "networkd_in_netns.h"
#include "test_netns.h"

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using test::Json;
using test::TestNetns;

std::vector<std::string> linksOf(const std::string& caseDir) {
  std::vector<std::string> links;
  std::ifstream in(caseDir + "/links.txt");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) links.push_back(line);
  return links;
}

// What both must agree on, one line per fact, sorted.
std::set<std::string> viewOf(const TestNetns& ns, const std::set<std::string>& names) {
  std::set<std::string> facts;
  for (const Json& link : ns.ipJson("-d link show").items()) {
    const std::string name = link["ifname"].str();
    if (!names.count(name)) continue;
    const Json& info = link["linkinfo"];
    const std::string kind = info["info_kind"].str();
    facts.insert(name + " kind " + (kind.empty() || kind == "veth" ? "ethernet" : kind));
    facts.insert(name + " master " + link["master"].str());
    facts.insert(name + " mtu " + std::to_string(int(link["mtu"].num())));
    if (kind == "veth") facts.insert(name + " mac " + link["address"].str());
    if (kind == "bridge") {
      facts.insert(name + " stp " + std::to_string(int(info["info_data"]["stp_state"].num())));
      facts.insert(name + " forward_delay " +
                   std::to_string(int(info["info_data"]["forward_delay"].num())));
    }
  }
  for (const Json& link : ns.ipJson("addr show").items())
    if (names.count(link["ifname"].str()))
      for (const Json& a : link["addr_info"].items())
        if (a["scope"].str() == "global")
          facts.insert(link["ifname"].str() + " address " + a["local"].str() + "/" +
                       std::to_string(int(a["prefixlen"].num())));
  for (const char* family : {"-4", "-6"})
    for (const Json& r : ns.ipJson(std::string(family) + " route show default").items())
      facts.insert("default via " + r["gateway"].str() + " dev " + r["dev"].str());
  return facts;
}

class NetworkdOracle : public testing::TestWithParam<std::string> {
 protected:
  NetworkdOracle() {
    dir_ = fs::temp_directory_path() / ("ifkit-networkd-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "store");
    fs::create_directories(dir_ / "emptyroot");
  }
  ~NetworkdOracle() override { fs::remove_all(dir_); }

  // The case's links in `ns`, each a veth whose peer is up in the LAN namespace (a carrier).
  void plugLinks(const TestNetns& ns, const std::vector<std::string>& links, int side) {
    int n = 0;
    for (const std::string& link : links) {
      if (link == "lo") continue;
      const std::string peer =
          std::string("p").append(std::to_string(side)).append("x").append(std::to_string(n));
      // The same MAC on both sides, as the same NIC would have after a reboot.
      char mac[32];
      std::snprintf(mac, sizeof mac, "52:54:00:00:01:%02x", (n++) & 0xff);
      lan_.ip("link add " + peer + " type veth peer name " + link + " netns " + ns.name() +
              " address " + mac);
      lan_.ip("link set " + peer + " up");
    }
  }

  TestNetns lan_;
  TestNetns byNetworkd_;
  TestNetns byIfkit_;
  fs::path dir_;
};

TEST_P(NetworkdOracle, IfkitStartsWhatNetworkdMakesOfTheSameFiles) {
  const std::string caseDir = std::string(IFKIT_NETWORKD_CASES) + "/" + GetParam();
  const std::vector<std::string> links = linksOf(caseDir);
  plugLinks(byNetworkd_, links, 0);
  plugLinks(byIfkit_, links, 1);

  native::NativeConfiguration read =
      native::networkd::readNetworkdConfiguration(native::ConfigRoot(caseDir + "/root"), links);
  ASSERT_FALSE(read.definitions.empty());
  std::set<std::string> names;
  std::string commands;
  for (const native::NativeDefinition& definition : read.definitions) {
    names.insert(definition.def.name);
    for (const std::string& member : conf::claimedInterfaces(definition.def)) names.insert(member);
    const fs::path xml = dir_ / (definition.def.name + ".xml");
    std::ofstream(xml) << native::formatNativeXml(definition);
    commands += "iface-define " + xml.string() + "; iface-start " + definition.def.name + "; ";
  }
  test::runNetworkdFor(byNetworkd_, caseDir + "/root/etc/systemd/network");
  auto r = test::runCommand(std::string(IFKIT_BIN) + " -c 'ifkit:///system?netns=" +
                            byIfkit_.name() + "&store=" + (dir_ / "store").string() + "&root=" +
                            (dir_ / "emptyroot").string() + "' '" + commands + "'");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(viewOf(byIfkit_, names), viewOf(byNetworkd_, names));
}

INSTANTIATE_TEST_SUITE_P(Cases, NetworkdOracle,
                         testing::Values("server-static", "vm-host-bridge"),
                         [](const auto& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ifkit
