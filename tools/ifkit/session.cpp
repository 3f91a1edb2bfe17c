// SPDX-License-Identifier: LGPL-2.1-or-later
// Session: printing for commands, in virsh's three kinds (output, chatter, errors).
#include "session.h"

#include <string>

namespace ifkit::cli {
namespace {

void write(std::FILE* f, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), f);
  // Flushed at once so that output and errors interleave as virsh's do on one terminal.
  std::fflush(f);
}

}  // namespace

void Session::print(std::string_view text) { write(out_, text); }

void Session::printExtra(std::string_view text) {
  if (!quiet_) write(out_, text);
}

void Session::error(std::string_view message) {
  std::fflush(out_);
  write(err_, "error: " + std::string(message) + "\n");
}

std::optional<Error> Session::takeFailure() {
  std::optional<Error> e = std::move(failure_);
  failure_.reset();
  return e;
}

}  // namespace ifkit::cli
