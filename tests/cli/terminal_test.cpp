// SPDX-License-Identifier: LGPL-2.1-or-later
// The interactive terminal on a real (pseudo-)terminal, as a person uses it: Tab completes
// commands, options and interfaces; what was typed is kept and comes back in the next session.
// Each test has its own home folder, so no history is shared or left behind. (The end of input
// is tested through a pipe, beside virsh: tests/cli/cases.txt, interactive_*.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace ifkit {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// `ifkit -c test:///default` with no command, on a pseudo-terminal whose other end we hold.
class Terminal {
 public:
  explicit Terminal(const fs::path& home) {
    struct winsize size {};
    size.ws_row = 24;
    size.ws_col = 120;
    pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
    if (pid_ == 0) {
      const std::string homeVar = "HOME=" + home.string();
      char* env[] = {const_cast<char*>(homeVar.c_str()), const_cast<char*>("TERM=xterm"),
                     const_cast<char*>("LC_ALL=C.UTF-8"), const_cast<char*>("PATH=/usr/bin:/bin"),
                     nullptr};
      ::execle(IFKIT_BIN, IFKIT_BIN, "-c", "test:///default", static_cast<char*>(nullptr), env);
      ::_exit(127);
    }
  }
  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }

  bool started() const { return pid_ > 0; }
  void type(std::string_view keys) {
    ASSERT_EQ(::write(master_, keys.data(), keys.size()), ssize_t(keys.size()));
  }

  // Reads until `text` has appeared since the last call (true), or 10 s pass (false).
  bool waitFor(std::string_view text) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    for (;;) {
      if (const auto at = pending_.find(text); at != std::string::npos) {
        seen_ += pending_.substr(0, at + text.size());
        pending_.erase(0, at + text.size());
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd p{master_, POLLIN, 0};
      if (::poll(&p, 1, int(left.count())) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(master_, buf, sizeof buf);
      if (n <= 0) return false;  // the program is gone
      pending_.append(buf, std::size_t(n));
    }
  }
  // Everything read so far, for failure reports.
  std::string transcript() const { return seen_ + pending_; }

  // The exit status, once the program ends by itself (-1 if it does not within 10 s).
  int exitStatus() {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      char buf[4096];  // keep the terminal drained, so that the program never blocks writing
      pollfd p{master_, POLLIN, 0};
      if (::poll(&p, 1, 10) > 0) {
        const ssize_t n = ::read(master_, buf, sizeof buf);
        if (n > 0) {
          pending_.append(buf, std::size_t(n));
          continue;
        }
      }
      std::this_thread::sleep_for(10ms);
    }
    return -1;
  }

 private:
  // The terminal's mode is shared by both ends: what the program set shows here too.
  bool inLineMode() const {
    termios mode{};
    return ::tcgetattr(master_, &mode) != 0 || (mode.c_lflag & ICANON) != 0;
  }

  int master_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string seen_, pending_;
};

class TerminalTest : public ::testing::Test {
 protected:
  TerminalTest() {
    home_ = fs::temp_directory_path() /
            ("ifkit-terminal-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(home_);
  }
  ~TerminalTest() override { fs::remove_all(home_); }
  fs::path home_;
};

constexpr std::string_view kPrompt = "ifkit # ";

TEST_F(TerminalTest, TabCompletesTheCommandAndTheInterface) {
  Terminal t(home_);
  ASSERT_TRUE(t.started());
  ASSERT_TRUE(t.waitFor(kPrompt)) << t.transcript();
  // "iface-dumpx" can only be iface-dumpxml, "e" only eth1 (test:///default's one interface):
  // the XML appears only if both were completed.
  t.type("iface-dumpx\te\t\r");
  EXPECT_TRUE(t.waitFor("<interface type='ethernet' name='eth1'>")) << t.transcript();
  ASSERT_TRUE(t.waitFor(kPrompt)) << t.transcript();
  t.type("quit\r");
  EXPECT_EQ(t.exitStatus(), 0) << t.transcript();
}

TEST_F(TerminalTest, TabCompletesAnOption) {
  Terminal t(home_);
  ASSERT_TRUE(t.waitFor(kPrompt)) << t.transcript();
  t.type("iface-list --inac\t\r");  // --inactive: a table with no row
  ASSERT_TRUE(t.waitFor("MAC Address")) << t.transcript();
  ASSERT_TRUE(t.waitFor(kPrompt)) << t.transcript();
  EXPECT_EQ(t.transcript().find("doesn't support option"), std::string::npos) << t.transcript();
  EXPECT_EQ(t.transcript().find("aa:bb:cc:dd:ee:ff"), std::string::npos) << t.transcript();
  t.type("quit\r");
  EXPECT_EQ(t.exitStatus(), 0) << t.transcript();
}

TEST_F(TerminalTest, WhatWasTypedComesBackInTheNextSession) {
  {
    Terminal first(home_);
    ASSERT_TRUE(first.waitFor(kPrompt)) << first.transcript();
    first.type("iface-mac eth1\r");
    ASSERT_TRUE(first.waitFor("aa:bb:cc:dd:ee:ff")) << first.transcript();
    ASSERT_TRUE(first.waitFor(kPrompt));
    first.type("quit\r");
    ASSERT_EQ(first.exitStatus(), 0);
  }
  const fs::path history = home_ / ".cache" / "ifkit" / "history";
  std::ifstream in(history);
  std::stringstream kept;
  kept << in.rdbuf();
  // libedit's own format: a header line, then each line with its blanks escaped as \040.
  EXPECT_NE(kept.str().find("iface-mac\\040eth1"), std::string::npos) << kept.str();
  EXPECT_EQ(fs::status(history.parent_path()).permissions() & fs::perms::all, fs::perms::owner_all);

  Terminal second(home_);
  ASSERT_TRUE(second.waitFor(kPrompt)) << second.transcript();
  // Ctrl-P steps back: past "quit" to "iface-mac eth1", which runs again.
  second.type("\x10\x10\r");
  EXPECT_TRUE(second.waitFor("aa:bb:cc:dd:ee:ff")) << second.transcript();
  ASSERT_TRUE(second.waitFor(kPrompt));
  second.type("quit\r");
  EXPECT_EQ(second.exitStatus(), 0) << second.transcript();
}

}  // namespace
}  // namespace ifkit
