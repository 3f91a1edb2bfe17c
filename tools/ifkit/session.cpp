// SPDX-License-Identifier: LGPL-2.1-or-later
// Session: printing for commands, in virsh's three kinds (output, chatter, errors).
#include "session.h"

#include <string>

namespace ifkit::cli {
namespace {

void write(std::FILE* f, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), f);
}

}  // namespace

// Output is buffered as stdio buffers it (by the line on a terminal, by the block into a pipe or
// a file), as virsh's is: the live XML of a thousand interfaces is a few writes, not two each.
// What must not wait flushes first: an error (below), a warning, a question to the user.
void Session::print(std::string_view text) { write(out_, text); }

void Session::printExtra(std::string_view text) {
  if (!quiet_) write(out_, text);
}

void Session::error(std::string_view message) {
  // Flushed at once, output first, so that output and errors interleave as virsh's do when both
  // go to one terminal or file.
  std::fflush(out_);
  write(err_, "error: " + std::string(message) + "\n");
  std::fflush(err_);
}

void Session::flush() { std::fflush(out_); }

std::optional<Error> Session::takeFailure() {
  std::optional<Error> e = std::move(failure_);
  failure_.reset();
  return e;
}

}  // namespace ifkit::cli
