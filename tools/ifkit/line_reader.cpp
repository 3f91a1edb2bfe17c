// SPDX-License-Identifier: LGPL-2.1-or-later
// The two line readers: plain lines with virsh's echo, and libedit on a terminal.
//
// libedit, not GNU readline (which virsh uses): the same editing, history and completion
// through readline's own interface, under a BSD licence that puts no condition on ifkit's.
#include "line_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "character_set.h"
#include "libedit_loader.h"

namespace ifkit::cli {
namespace {

class PipedLineReader final : public LineReader {
 public:
  PipedLineReader(std::FILE* in, std::FILE* out) : in_(in), out_(out) {}
  ~PipedLineReader() override { std::free(buffer_); }

  std::optional<std::string> read(std::string_view prompt) override {
    std::fwrite(prompt.data(), 1, prompt.size(), out_);
    std::fflush(out_);
    const ssize_t n = ::getline(&buffer_, &capacity_, in_);
    if (n < 0) return std::nullopt;
    std::string line(buffer_, std::size_t(n));
    if (!line.empty() && line.back() == '\n') line.pop_back();
    // What a terminal would have shown as it was typed.
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fputc('\n', out_);
    std::fflush(out_);
    return line;
  }

 private:
  std::FILE* in_;
  std::FILE* out_;
  char* buffer_ = nullptr;
  std::size_t capacity_ = 0;
};

constexpr int kHistoryLines = 500;  // as many as virsh keeps

// libedit calls back through plain functions: the one terminal reader a process has.
class TerminalLineReader;
TerminalLineReader* activeReader = nullptr;

class TerminalLineReader final : public LineReader {
 public:
  TerminalLineReader(const Libedit& edit, std::string historyFile, InterfaceSource interfaces)
      : edit_(edit), historyFile_(std::move(historyFile)), interfaces_(std::move(interfaces)) {
    activeReader = this;
    *edit_.rl_readline_name = "ifkit";
    *edit_.rl_attempted_completion_function = &TerminalLineReader::complete;
    edit_.using_history();
    edit_.stifle_history(kHistoryLines);
    if (!historyFile_.empty()) edit_.read_history(historyFile_.c_str());
  }
  ~TerminalLineReader() override {
    if (!historyFile_.empty() && edit_.write_history(historyFile_.c_str()) == 0)
      edit_.history_truncate_file(historyFile_.c_str(), kHistoryLines);
    *edit_.rl_attempted_completion_function = nullptr;
    activeReader = nullptr;
  }

  std::optional<std::string> read(std::string_view prompt) override {
    const std::string promptText(prompt);
    std::fflush(stdout);  // the last command's output, before libedit writes the prompt
    char* raw = edit_.readline(promptText.c_str());
    if (raw == nullptr) return std::nullopt;
    std::string line(raw);
    std::free(raw);
    if (line.find_first_not_of(" \t") != std::string::npos) edit_.add_history(line.c_str());
    return line;
  }

 private:
  // Candidates for the word between `start` and `end` of the line being edited.
  static char** complete(const char* text, int start, int /*end*/) {
    TerminalLineReader& self = *activeReader;
    const Libedit& edit = self.edit_;
    const std::string_view before(*edit.rl_line_buffer, std::size_t(start));
    std::optional<std::vector<std::string>> found =
        completeWord(before, text, [&] { return self.interfaces_(); });
    if (!found) {
      *edit.rl_attempted_completion_over = 0;  // a file name: libedit's own completion
      return nullptr;
    }
    *edit.rl_attempted_completion_over = 1;
    self.candidates_ = std::move(*found);
    self.nextCandidate_ = 0;
    if (self.candidates_.empty()) return nullptr;
    return edit.rl_completion_matches(text, &TerminalLineReader::nextCandidate);
  }

  // readline's generator protocol: one malloc'd string a call, nullptr when there are no more.
  static char* nextCandidate(const char* /*text*/, int /*state*/) {
    TerminalLineReader& self = *activeReader;
    if (self.nextCandidate_ >= self.candidates_.size()) return nullptr;
    return ::strdup(self.candidates_[self.nextCandidate_++].c_str());
  }

  const Libedit& edit_;
  std::string historyFile_;
  InterfaceSource interfaces_;
  std::vector<std::string> candidates_;
  std::size_t nextCandidate_ = 0;
};

}  // namespace

std::unique_ptr<LineReader> makePipedLineReader(std::FILE* in, std::FILE* out) {
  return std::make_unique<PipedLineReader>(in, out);
}

std::unique_ptr<LineReader> makeTerminalLineReader(std::string historyFile,
                                                   InterfaceSource interfaces) {
  // Without libedit (loadLibedit said why), lines are still read, as from a pipe.
  const Libedit* edit = loadLibedit();
  if (edit == nullptr) return makePipedLineReader(stdin, stdout);
  adoptUsersCharacterSet();  // libedit edits characters, not bytes
  return std::make_unique<TerminalLineReader>(*edit, std::move(historyFile),
                                              std::move(interfaces));
}

std::string historyFilePath() {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache == '/')
    dir = cache;
  else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    dir = fs::path(home) / ".cache";
  else
    return {};
  dir /= "ifkit";
  std::error_code ec;
  const bool made = fs::create_directories(dir, ec);
  if (ec) return {};  // history is a convenience: without it the terminal still works
  if (made) ::chmod(dir.c_str(), 0700);  // what one typed is one's own
  return (dir / "history").string();
}

}  // namespace ifkit::cli
