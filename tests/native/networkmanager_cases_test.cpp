// SPDX-License-Identifier: LGPL-2.1-or-later
// NetworkManager's keyfiles read as definitions: golden case directories whose keyfiles
// NetworkManager itself wrote (`nmcli --offline connection add`, the commands in each case's
// commands.sh), checked again against what this host's nmcli writes today.
//
// Each directory under networkmanager_cases/ is a root (etc/, run/ and
// usr/lib/NetworkManager/system-connections) and a links.txt naming the kernel's links;
// expected.txt holds the definitions as `iface-dumpxml --inactive` prints them, then the
// problems (IFKIT_UPDATE_GOLDEN=1 rewrites it). NetworkManager ignores a keyfile that others
// may read, and git checks files out readable by all: the test reads a copy made private.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "native/networkmanager/keyfile_syntax.h"
#include "golden_cases.h"
#include "native/networkmanager/networkmanager_configuration.h"
#include "netplan_oracle.h"

namespace ifkit::native::networkmanager {
namespace {

namespace fs = std::filesystem;
using netplan::test::ScratchRoot;
using native::test::caseNames;
using native::test::expectGolden;
using native::test::linksOf;
using native::test::rendered;

void makePrivate(const fs::path& path) {
  constexpr auto kPrivate = fs::perms::owner_read | fs::perms::owner_write;
  if (!fs::is_directory(path)) {
    fs::permissions(path, kPrivate);
    return;
  }
  for (const auto& entry : fs::recursive_directory_iterator(path))
    if (entry.is_regular_file() && !entry.is_symlink()) fs::permissions(entry.path(), kPrivate);
}

class NetworkManagerCase : public testing::TestWithParam<std::string> {
 protected:
  std::string dir() const { return std::string(IFKIT_NETWORKMANAGER_CASES_DIR) + "/" + GetParam(); }
};

TEST_P(NetworkManagerCase, ReadsAsGolden) {
  ScratchRoot scratch(dir() + "/root");
  makePrivate(scratch.path());
  expectGolden(dir(), rendered(readNetworkManagerConfiguration(ConfigRoot(scratch.string()),
                                                               linksOf(dir()))));
}

// The case's keyfiles written again by this host's nmcli read exactly as the recorded ones
// (the file names are the same; only the UUIDs differ, and the XML does not show them).
TEST_P(NetworkManagerCase, ReadsAlikeWhatNmcliWritesNow) {
  if (!fs::exists(dir() + "/commands.sh")) return;  // a hand-written case
  ScratchRoot recorded(dir() + "/root");
  makePrivate(recorded.path());
  ScratchRoot fresh;
  fs::create_directories(fresh.path() / "etc/NetworkManager/system-connections");
  const std::string command = "sh '" + dir() + "/commands.sh' '" + fresh.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  makePrivate(fresh.path());
  EXPECT_EQ(
      rendered(readNetworkManagerConfiguration(ConfigRoot(recorded.string()), linksOf(dir()))),
      rendered(readNetworkManagerConfiguration(ConfigRoot(fresh.string()), linksOf(dir()))));
}

INSTANTIATE_TEST_SUITE_P(Cases, NetworkManagerCase,
                         testing::ValuesIn(caseNames(IFKIT_NETWORKMANAGER_CASES_DIR)),
                         [](const auto& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(KeyfileSyntax, GroupsKeysEscapesAndProblems) {
  Keyfile keyfile = parseKeyfile(
      "# comment\n[connection]\n id = a\\sb\\\\c \nid=x\n[ipv4]\nmethod=auto\n[connection]\n"
      "type=ethernet\nno equals sign\n[broken\n");
  ASSERT_EQ(keyfile.groups.size(), 2u);
  EXPECT_EQ(keyfile.group("connection")->value("id"), "x");  // the later one wins
  EXPECT_EQ(keyfile.group("connection")->value("type"), "ethernet");
  EXPECT_EQ(parseKeyfile("[g]\nk = a\\sb\\\\c\n").group("g")->value("k"), "a b\\c");
  EXPECT_EQ(keyfile.problems,
            (std::vector<std::string>{"9: not a key=value line", "10: not a group header"}));
}

TEST(NetworkManagerFiles, OthersReadableHugeAndBinaryFilesAreProblemsNotCrashes) {
  ScratchRoot scratch;
  const fs::path dir = scratch.path() / "etc/NetworkManager/system-connections";
  fs::create_directories(dir);
  std::ofstream(dir / "open.nmconnection") << "[connection]\ntype=ethernet\ninterface-name=eth0\n";
  fs::permissions(dir / "open.nmconnection", fs::perms::owner_read | fs::perms::others_read);
  std::ofstream(dir / "huge.nmconnection") << std::string(5 << 20, '[');
  std::string many;
  for (int i = 0; i < 200000; ++i)
    many += "[g" + std::to_string(i % 1000) + "]\nk" + std::to_string(i) + "=v\n";
  std::ofstream(dir / "many.nmconnection") << many << std::string(1000, '\0') << "\xff\xfe";
  makePrivate(dir / "huge.nmconnection");
  makePrivate(dir / "many.nmconnection");
  auto conf = readNetworkManagerConfiguration(ConfigRoot(scratch.string()), {"eth0"});
  EXPECT_TRUE(conf.definitions.empty());
  std::string problems;
  for (const NativeProblem& problem : conf.problems) problems += problem.message + "\n";
  EXPECT_NE(problems.find("open.nmconnection: NetworkManager ignores it"), std::string::npos);
  EXPECT_NE(problems.find("larger than"), std::string::npos);
  EXPECT_NE(problems.find("many.nmconnection: no [connection] group"), std::string::npos);
}

}  // namespace
}  // namespace ifkit::native::networkmanager
