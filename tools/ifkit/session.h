// SPDX-License-Identifier: LGPL-2.1-or-later
// Session: what a running command sees: the connection, -q, and the two output streams.
#pragma once

#include <cstdio>
#include <optional>
#include <string_view>

#include <cassert>
#include <optional>

#include "ifkit/connection.h"
#include "ifkit/error.h"

namespace ifkit::cli {

class Session {
 public:
  // `conn` is absent when no command of the string needs one (help, echo): virsh does not
  // connect for those either.
  Session(std::optional<Connection> conn, bool quiet, std::FILE* out, std::FILE* err)
      : conn_(std::move(conn)), quiet_(quiet), out_(out), err_(err) {}

  Connection& conn() {
    assert(conn_.has_value());  // the runner connects when any command needs it
    return *conn_;
  }
  bool quiet() const { return quiet_; }

  // virsh's vshPrint: always printed.
  void print(std::string_view text);
  // virsh's vshPrintExtra: chatter that -q suppresses.
  void printExtra(std::string_view text);
  // "error: <message>" on standard error, after what was printed before it.
  void error(std::string_view message);
  // Writes out what print() holds back: before asking the user and waiting for an answer.
  void flush();

  // The library error that explains why the current command failed; the runner prints it
  // after the command's own message. Only the handler decides what goes here, so an error
  // from an earlier, expected failure never leaks into a later report.
  void setFailure(Error e) { failure_ = std::move(e); }
  std::optional<Error> takeFailure();

 private:
  std::optional<Connection> conn_;
  bool quiet_;
  std::FILE* out_;
  std::FILE* err_;
  std::optional<Error> failure_;
};

}  // namespace ifkit::cli
