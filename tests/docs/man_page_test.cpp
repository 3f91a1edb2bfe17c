// SPDX-License-Identifier: LGPL-2.1-or-later
// The built man pages: groff and man render them without a warning, and ifkit(1) describes
// every command and every option of ifkit's command table.
#include <gtest/gtest.h>

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

#include "command_def.h"
#include "run_process.h"

namespace ifkit::test {
namespace {

const std::vector<std::string> kEnv = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "MANWIDTH=80"};

std::string page(const std::string& name) { return std::string(IFKIT_MAN_DIR) + "/" + name; }

// -ww: every warning; -z: format, print nothing. groff says nothing about a clean page.
TEST(ManPage, GroffFindsNothingToWarnAbout) {
  for (const std::string name : {"ifkit.1", "ifkitd.8"}) {
    const ProcessResult r = runProcess({"/usr/bin/groff", "-man", "-ww", "-z", page(name)}, kEnv);
    EXPECT_EQ(r.status, 0) << name;
    EXPECT_EQ(r.err, "") << name;
  }
}

TEST(ManPage, ManShowsIt) {
  for (const std::string name : {"ifkit.1", "ifkitd.8"}) {
    const ProcessResult r = runProcess({"/usr/bin/man", "-l", page(name)}, kEnv);
    EXPECT_EQ(r.status, 0) << name;
    EXPECT_EQ(r.err, "") << name;
    EXPECT_NE(r.out.find("NAME"), std::string::npos) << name;
    EXPECT_NE(r.out.find("EXIT STATUS"), std::string::npos) << name;
  }
}

// The page as plain text, on lines too long to break: each command's heading is one line.
std::vector<std::string> plainLines(const std::string& name) {
  const ProcessResult r = runProcess(
      {"/usr/bin/groff", "-man", "-Tascii", "-P-cbou", "-rLL=300n", page(name)}, kEnv);
  EXPECT_EQ(r.status, 0);
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The heading of a command's entry: the line that begins with its name, alone or in a list
// ("quit, exit").
const std::string* headingOf(const std::vector<std::string>& lines, std::string_view command) {
  for (const std::string& line : lines) {
    std::istringstream words(line);
    for (std::string word; words >> word;) {
      const bool more = word.ends_with(",");
      if (more) word.pop_back();
      if (word == command) return &line;
      if (!more) break;
    }
  }
  return nullptr;
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = char(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

TEST(ManPage, IfkitNamesEveryCommandAndOptionOfTheTable) {
  const std::vector<std::string> lines = plainLines("ifkit.1");
  int commands = 0;
  for (const cli::CommandGroup& group : cli::commandGroups()) {
    for (const cli::CommandDef& command : group.commands) {
      ++commands;
      const std::string* heading = headingOf(lines, command.name);
      ASSERT_NE(heading, nullptr) << "ifkit(1) has no entry for " << command.name;
      for (const cli::OptDef& opt : command.opts) {
        // A named option as --name; a positional one may be shown by its value's name.
        const bool named = heading->find("--" + std::string(opt.name)) != std::string::npos;
        const bool positional = heading->find(upper(opt.name)) != std::string::npos;
        EXPECT_TRUE(named || positional)
            << command.name << " --" << opt.name << " is not in: " << *heading;
      }
    }
  }
  EXPECT_GE(commands, 19);
}

TEST(ManPage, IfkitNamesItsOptionsUrisAndEnvironment) {
  std::string text;
  for (const std::string& l : plainLines("ifkit.1")) text += l + "\n";
  for (const char* word :
       {"-c, --connect URI", "-r, --readonly", "-q, --quiet", "-h, --help", "-v, --version",
        "test:///default", "ifkit:///system?netns=", "interface+unix:///system?socket=",
        "interface:///system", "interface+ssh://", "IFKIT_DEFAULT_URI", "/etc/ifkit/interfaces",
        "/run/ifkit/started", "EXIT STATUS", "iface-list --json", "iface-list --details",
        "ifkit complete --"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
}

TEST(ManPage, IfkitdNamesItsOptionsSignalsAndFiles) {
  const std::vector<std::string> lines = plainLines("ifkitd.8");
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  for (const char* word : {"--connect", "--socket", "--ro-socket", "--max-clients",
                           "--max-ro-clients", "--idle-timeout", "--version", "--config",
                           "--verbose", "--timeout", "SIGHUP", "SIGTERM",
                           "/etc/ifkit/ifkitd.conf", "ifkitd.socket", "ifkitd-ro.socket",
                           "ifkitd.service", "ifkit-boot.service"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
}

}  // namespace
}  // namespace ifkit::test
