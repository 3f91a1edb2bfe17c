// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/managed_host_test.h: the base of the tests of a server whose NIC another network
// manager (ifupdown, systemd-networkd, netplan, NetworkManager) configures.
//
// A ServerHost (the NIC with the host's addresses, a LAN peer), a test folder holding ifkit's
// store and a root for the managers' files (ifkit:///system?root=, so the machine's own /etc is
// never read nor written), ifkit run as a process on both, and the kernel's answers the tests
// compare. Each test's fixture adds its manager: its files and its boot step.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "host_view.h"
#include "server_host.h"
#include "test_netns.h"

namespace ifkit::test {

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file under a folder (recursively, by its path inside it) with its bytes; none when the
// folder is absent.
inline std::map<std::string, std::string> folderContents(const std::filesystem::path& folder) {
  std::map<std::string, std::string> files;
  if (!std::filesystem::exists(folder)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
    if (entry.is_regular_file())
      files[std::filesystem::relative(entry.path(), folder).string()] = readFile(entry.path());
  return files;
}

class ManagedHostTest : public ::testing::Test {
 protected:
  // `kind` names the test folder (/tmp/ifkit-KIND-host-PID-N).
  explicit ManagedHostTest(const std::string& kind) {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("ifkit-" + kind + "-host-" + std::to_string(getpid()) + "-" +
            std::to_string(counter++));
    std::filesystem::create_directories(root());
  }
  ~ManagedHostTest() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path root() const { return dir_ / "root"; }
  std::string uri() const {
    return "ifkit:///system?netns=" + server_.host().name() + "&store=" + (dir_ / "store").string() +
           "&root=" + root().string();
  }
  CommandResult run(const std::string& commands) const {
    return runCommand(std::string(IFKIT_BIN) + " -c '" + uri() + "' '" + commands + "'");
  }
  // ifkit's output; a failure of the command fails the test.
  std::string ifkit(const std::string& commands) const {
    auto r = run(commands);
    EXPECT_EQ(r.exitCode, 0) << commands << ": " << r.output;
    return r.output;
  }
  // The link's global addresses, ADDRESS/PREFIX in the kernel's order.
  std::vector<std::string> globalAddresses(const std::string& link) const {
    std::vector<std::string> out;
    for (const Json& a : server_.host().ipJson("addr show dev " + link)[0]["addr_info"].items())
      if (a["scope"].str() == "global")
        out.push_back(a["local"].str() + "/" + std::to_string(int(a["prefixlen"].num())));
    return out;
  }
  // The link of the one default route of the family ("-4", "-6"); "" for none or several.
  std::string defaultRouteDevice(const char* family) const {
    Json routes = server_.host().ipJson(std::string(family) + " route show default");
    return routes.size() == 1 ? routes[0]["dev"].str() : std::string();
  }

  ServerHost server_;
  std::filesystem::path dir_;
};

}  // namespace ifkit::test
