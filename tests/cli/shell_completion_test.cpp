// SPDX-License-Identifier: LGPL-2.1-or-later
// Completion from a shell: `ifkit complete -- WORD...` for several partial command lines, and
// the bash and zsh scripts (completion/) run for real, each given the words its shell would
// give it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "run_process.h"

namespace ifkit::test {
namespace {

const std::string kIfkit = IFKIT_BIN;
const std::string kCompletionDir = IFKIT_COMPLETION_DIR;
// No URI in the environment: what the tests do not pass with -c must not be connected to.
const std::vector<std::string> kEnv = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8",
                                       "IFKIT_DEFAULT_URI=nowhere:///at-all"};

ProcessResult complete(std::vector<std::string> globalOptions, std::vector<std::string> words) {
  std::vector<std::string> argv = {kIfkit};
  argv.insert(argv.end(), globalOptions.begin(), globalOptions.end());
  argv.push_back("complete");
  argv.push_back("--");
  argv.insert(argv.end(), words.begin(), words.end());
  return runProcess(argv, kEnv);
}

std::string candidates(std::vector<std::string> globalOptions, std::vector<std::string> words) {
  const ProcessResult r = complete(std::move(globalOptions), std::move(words));
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  return r.out;
}

TEST(CompleteCommand, CompletesACommand) {
  EXPECT_EQ(candidates({}, {"iface-un"}), "iface-unbridge\niface-undefine\n");
  EXPECT_EQ(candidates({}, {"bo"}), "boot\n");
  EXPECT_EQ(candidates({}, {"nothing-like-it"}), "");
}

TEST(CompleteCommand, EveryCommandButItself) {
  const std::string all = candidates({}, {""});
  for (const char* name : {"boot\n", "echo\n", "help\n", "iface-begin\n", "iface-undefine\n"})
    EXPECT_NE(all.find(name), std::string::npos) << name;
  EXPECT_EQ(all.find("complete"), std::string::npos);
}

TEST(CompleteCommand, CompletesTheOptionsOfTheCommand) {
  EXPECT_EQ(candidates({}, {"iface-dumpxml", "--in"}), "--inactive\n--interface\n");
  EXPECT_EQ(candidates({}, {"iface-start", "eth0", "--"}), "--dry-run\n--help\n--interface\n");
  EXPECT_EQ(candidates({}, {"iface-bridge", "--no-stp", "--no-"}), "--no-start\n");
}

TEST(CompleteCommand, CompletesInterfacesFromTheConnectionGiven) {
  EXPECT_EQ(candidates({"-c", "test:///default"}, {"iface-mac", ""}), "eth1\n");
  EXPECT_EQ(candidates({"-c", "test:///default"}, {"iface-dumpxml", "--inactive", "e"}),
            "eth1\n");
  EXPECT_EQ(candidates({"-r", "-c", "test:///default"}, {"iface-name", "aa:bb"}),
            "aa:bb:cc:dd:ee:ff\n");
  EXPECT_EQ(candidates({"--connect=test:///default"}, {"iface-start", "x"}), "");
}

TEST(CompleteCommand, TakesAWholeLineAsVirshDoes) {
  EXPECT_EQ(candidates({"-c", "test:///default"}, {"iface-mac e"}), "eth1\n");
  EXPECT_EQ(candidates({}, {"iface-list --all; iface-du"}), "iface-dumpxml\n");
}

TEST(CompleteCommand, QuotedWordsStayWords) {
  // A word with a quote or a ';' before the cursor is one word, as the shell handed it.
  EXPECT_EQ(candidates({"-c", "test:///default"}, {"iface-mac", "it's;", "--"}),
            "--help\n--interface\n");
}

TEST(CompleteCommand, AFileNameIsLeftToTheShell) {
  EXPECT_EQ(candidates({}, {"iface-define", "br"}), "");
}

TEST(CompleteCommand, AConnectionThatFailsGivesNothingAndSaysNothing) {
  EXPECT_EQ(candidates({"-c", "nowhere:///at-all"}, {"iface-mac", ""}), "");
  EXPECT_EQ(candidates({}, {"iface-mac", ""}), "");  // the default URI, from the environment
}

// The bash script, sourced into a real bash and called as bash calls it: COMP_WORDS split at
// COMP_WORDBREAKS (so "test:///default" is three words), COMP_LINE and COMP_POINT.
struct BashCase {
  std::string line;
  std::vector<std::string> compWords;
  std::string expected;  // COMPREPLY, one a line
};

std::string shellQuoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

const std::vector<BashCase>& bashCases() {
  static const std::vector<BashCase> cases = {
      {"ifkit iface-st", {"ifkit", "iface-st"}, "iface-start\n"},
      {"ifkit iface-list --a", {"ifkit", "iface-list", "--a"}, "--all\n"},
      {"ifkit -c test:///default iface-mac ",
       {"ifkit", "-c", "test", ":", "///default", "iface-mac", ""},
       "eth1\n"},
      {"ifkit -r -c test:///default iface-destroy e",
       {"ifkit", "-r", "-c", "test", ":", "///default", "iface-destroy", "e"},
       "eth1\n"},
      // bash replaces only what follows the last ':' of a MAC address.
      {"ifkit -c test:///default iface-name aa:bb:c",
       {"ifkit", "-c", "test", ":", "///default", "iface-name", "aa", ":", "bb", ":", "c"},
       "cc:dd:ee:ff\n"},
      {"ifkit --re", {"ifkit", "--re"}, "--readonly\n"},
      {"ifkit -c te", {"ifkit", "-c", "te"}, "test:///default\n"},
      {"ifkit -q iface-un", {"ifkit", "-q", "iface-un"}, "iface-unbridge\niface-undefine\n"},
  };
  return cases;
}

std::string runBash(const BashCase& c, bool withBashCompletion) {
  std::string script;
  if (withBashCompletion) script += ". /usr/share/bash-completion/bash_completion\n";
  script += ". " + shellQuoted(kCompletionDir + "/ifkit.bash") + "\n";
  script += "COMP_LINE=" + shellQuoted(c.line) + "\nCOMP_POINT=${#COMP_LINE}\nCOMP_WORDS=(";
  for (const std::string& w : c.compWords) script += shellQuoted(w) + " ";
  script += ")\nCOMP_CWORD=" + std::to_string(c.compWords.size() - 1) + "\n";
  script += "_ifkit " + shellQuoted(kIfkit) + " " + shellQuoted(c.compWords.back()) + " " +
            shellQuoted(c.compWords[c.compWords.size() - 2]) + "\n";
  script += "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  const ProcessResult r = runProcess({"/bin/bash", "-c", script}, kEnv);
  EXPECT_EQ(r.status, 0) << c.line;
  EXPECT_EQ(r.err, "") << c.line;
  return r.out == "\n" ? "" : r.out;
}

TEST(BashCompletion, WithBashCompletionsHelpers) {
  for (const BashCase& c : bashCases()) EXPECT_EQ(runBash(c, true), c.expected) << c.line;
}

TEST(BashCompletion, OnItsOwn) {
  for (const BashCase& c : bashCases()) EXPECT_EQ(runBash(c, false), c.expected) << c.line;
}

// The zsh function, run by zsh with the completion system's builtins replaced by stand-ins that
// print what they were given: `words` and `CURRENT` as zsh sets them, PREFIX the current word.
std::string runZsh(const std::vector<std::string>& words, const std::string& prefix) {
  std::string script =
      "compadd() { [[ $1 == -a ]] && print -rl -- \"${(@P)2}\" }\n"
      "_describe() { print -rl -- ${(M)${(@P)4}:#${PREFIX}*} }\n"
      "_files() { print -r -- '<files>' }\n"
      "_call_program() { shift; eval \"$@\" }\n"
      "words=(";
  for (const std::string& w : words) script += shellQuoted(w) + " ";
  script += ")\nCURRENT=" + std::to_string(words.size()) + "\nPREFIX=" + shellQuoted(prefix) +
            "\n. " + shellQuoted(kCompletionDir + "/_ifkit") + "\n";
  const ProcessResult r = runProcess({"/usr/bin/zsh", "-f", "-c", script}, kEnv);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  return r.out;
}

TEST(ZshCompletion, AsksIfkitComplete) {
  if (access("/usr/bin/zsh", X_OK) != 0) GTEST_SKIP() << "zsh is not installed";
  EXPECT_EQ(runZsh({kIfkit, "iface-un"}, "iface-un"), "iface-unbridge\niface-undefine\n");
  EXPECT_EQ(runZsh({kIfkit, "-c", "test:///default", "iface-mac", ""}, ""), "eth1\n");
  EXPECT_EQ(runZsh({kIfkit, "-c", "'test:///default'", "iface-list", "--in"}, "--in"),
            "--inactive\n");
  EXPECT_EQ(runZsh({kIfkit, "iface-define", "br"}, "br"), "<files>\n");
  EXPECT_EQ(runZsh({kIfkit, "--conn"}, "--conn"), "--connect:connection URI\n");
}

}  // namespace
}  // namespace ifkit::test
