// SPDX-License-Identifier: LGPL-2.1-or-later
// Every case runs through `virsh` and `ifkit` alike; standard output, standard error and the
// exit status must be identical, except for the deliberate differences of
// docs/virsh-differences.md, whose cases hold ifkit's own expected output in expected/.
#include <gtest/gtest.h>
#include <unistd.h>

#include "cases.h"
#include "run_process.h"

namespace ifkit::test {
namespace {

// Both programs see the same, fixed environment: table widths depend on the locale.
const std::vector<std::string> kEnv = {"LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp",
                                       "TERM=dumb"};

std::vector<std::string> withProgram(const std::string& program,
                                     const std::vector<std::string>& args) {
  std::vector<std::string> argv{program};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// virsh's interactive terminal under ifkit's name: its banner and prompts are the only words
// that differ by design.
std::string asIfkitsTerminal(std::string out) {
  return replaceAll(std::move(out),
                    {
                        {"Welcome to virsh, the virtualization interactive terminal.",
                         "Welcome to ifkit, the interactive terminal for host network interfaces."},
                        {"virsh # ", "ifkit # "},
                        {"virsh > ", "ifkit > "},
                    });
}

}  // namespace

// Names the case in failure reports instead of dumping its bytes.
void PrintTo(const CliCase& c, std::ostream* os) {
  *os << c.name << ":";
  for (const std::string& a : c.args) *os << " [" << a << "]";
  if (c.input) *os << " < [" << *c.input << "]";
}

namespace {

class VirshDiff : public ::testing::TestWithParam<CliCase> {};

TEST(VirshDiffSetup, VirshIsInstalled) {
  // Without the oracle the comparison means nothing: fail, never skip.
  ASSERT_EQ(::access(VIRSH_BIN, X_OK), 0) << VIRSH_BIN << " is missing (libvirt-clients)";
}

TEST(VirshDiffSetup, CorpusIsThere) {
  EXPECT_GT(loadCases().size(), 300u) << "is IFKIT_SHARED_DIR (" << IFKIT_SHARED_DIR << ") right?";
}

TEST_P(VirshDiff, SameOutputAsVirsh) {
  const CliCase& c = GetParam();
  ASSERT_EQ(c.name.find("DUPLICATE"), std::string::npos) << "case names must be unique";
  const ProcessResult ifkit = runProcess(withProgram(IFKIT_BIN, c.args), kEnv, c.input);
  ProcessResult virsh = runProcess(withProgram(VIRSH_BIN, c.args), kEnv, c.input);
  ASSERT_NE(virsh.status, -1) << virsh.err;
  if (c.input) virsh.out = asIfkitsTerminal(std::move(virsh.out));
  if (!c.expected) {
    EXPECT_EQ(ifkit.out, virsh.out) << "standard output";
    EXPECT_EQ(ifkit.err, virsh.err) << "standard error";
    EXPECT_EQ(ifkit.status, virsh.status) << "exit status";
    return;
  }
  EXPECT_EQ(ifkit.out, c.expected->out) << "standard output";
  EXPECT_EQ(ifkit.err, c.expected->err) << "standard error";
  EXPECT_EQ(ifkit.status, c.expected->status) << "exit status";
  // A documented difference must still be one; if virsh now agrees, drop the exception.
  EXPECT_FALSE(virsh.out == c.expected->out && virsh.err == c.expected->err &&
               virsh.status == c.expected->status)
      << "virsh now behaves as ifkit does: remove expected/" << c.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, VirshDiff, ::testing::ValuesIn(loadCases()),
                         [](const ::testing::TestParamInfo<CliCase>& p) { return p.param.name; });

}  // namespace
}  // namespace ifkit::test
