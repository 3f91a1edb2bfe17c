// SPDX-License-Identifier: LGPL-2.1-or-later
// completeWord: what Tab offers in the interactive terminal, for each kind of word.
#include "completion.h"

#include <gtest/gtest.h>

namespace ifkit::cli {
namespace {

using Words = std::vector<std::string>;

std::vector<KnownInterface> lab() {
  return {{"eth0", "52:54:00:aa:00:01"}, {"eth1", "52:54:00:aa:00:02"}, {"br0", ""}};
}

Words complete(std::string_view line) {
  const auto cut =
      line.find_last_of(" ;") == std::string_view::npos ? 0 : line.find_last_of(" ;") + 1;
  auto found = completeWord(line.substr(0, cut), line.substr(cut), lab);
  return found ? *found : Words{"<file>"};
}

TEST(Completion, TheFirstWordIsACommand) {
  EXPECT_EQ(complete("iface-st"), (Words{"iface-start"}));
  EXPECT_EQ(complete("iface-un"), (Words{"iface-unbridge", "iface-undefine"}));
  EXPECT_EQ(complete("qu"), (Words{"quit"}));
  EXPECT_EQ(complete("nothing-like-it"), Words{});
}

TEST(Completion, AfterASemicolonANewCommandBegins) {
  EXPECT_EQ(complete("iface-list --all; iface-dump"), (Words{"iface-dumpxml"}));
  EXPECT_EQ(complete("iface-list --all ;iface-ma"), (Words{"iface-mac"}));
}

TEST(Completion, ADashIsAnOptionOfTheCommandNotYetGiven) {
  EXPECT_EQ(complete("iface-list --"),
            (Words{"--all", "--details", "--help", "--inactive", "--json"}));
  EXPECT_EQ(complete("iface-list --all --json --"), (Words{"--details", "--help", "--inactive"}));
  EXPECT_EQ(complete("iface-dumpxml --in"), (Words{"--inactive", "--interface"}));
  EXPECT_EQ(complete("bogus --"), Words{});
}

TEST(Completion, AnInterfaceIsCompletedFromTheConnection) {
  EXPECT_EQ(complete("iface-start e"), (Words{"eth0", "eth1"}));
  EXPECT_EQ(complete("iface-dumpxml --inactive b"), (Words{"br0"}));
  EXPECT_EQ(complete("iface-dumpxml --interface e"), (Words{"eth0", "eth1"}));
  EXPECT_EQ(complete("iface-unbridge b"), (Words{"br0"}));
}

TEST(Completion, IfaceStartTakesMoreThanOne) {
  EXPECT_EQ(complete("iface-start eth0 e"), (Words{"eth0", "eth1"}));
}

TEST(Completion, IfaceNameTakesAMacAddress) {
  EXPECT_EQ(complete("iface-name 52:54:00:aa:00:0"),
            (Words{"52:54:00:aa:00:01", "52:54:00:aa:00:02"}));
}

TEST(Completion, AWordThatNamesNothingKnownGetsNothing) {
  EXPECT_EQ(complete("iface-bridge eth0 b"), Words{});  // the new bridge's name
  EXPECT_EQ(complete("iface-mac eth0 e"), Words{});     // one interface only
}

TEST(Completion, AFileIsLeftToTheLineEditor) {
  EXPECT_EQ(complete("iface-define br"), Words{"<file>"});
  EXPECT_EQ(complete("iface-define --file br"), Words{"<file>"});
}

TEST(Completion, TheConnectionIsAskedOnlyForAnInterface) {
  int asked = 0;
  auto counting = [&] {
    ++asked;
    return lab();
  };
  (void)completeWord("", "iface-", counting);
  (void)completeWord("iface-list ", "--", counting);
  (void)completeWord("iface-define ", "x", counting);
  EXPECT_EQ(asked, 0);
  (void)completeWord("iface-start ", "", counting);
  EXPECT_EQ(asked, 1);
}

}  // namespace
}  // namespace ifkit::cli
