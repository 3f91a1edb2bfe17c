// SPDX-License-Identifier: LGPL-2.1-or-later
// The user's side of iface-edit, as virsh's edit loop has it: a temporary copy of the document,
// the user's editor run on it, the edited text read back, and the "Try again?" question.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ifkit/error.h"
#include "session.h"

namespace ifkit::cli {

// $TMPDIR/virshXXXXXX.xml (TMPDIR defaults to /tmp; mode 0600, virsh's name so that editor
// rules and scripts written for virsh still match), removed when this goes out of scope.
class EditFile {
 public:
  // Writes `text` to a new file; on failure prints virsh's message and returns nullopt.
  static std::optional<EditFile> create(Session& s, std::string_view text);
  EditFile(EditFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  EditFile& operator=(EditFile&&) = delete;
  ~EditFile();

  const std::string& path() const { return path_; }

 private:
  explicit EditFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Runs $VISUAL, else $EDITOR, else vi on `path` with the terminal as its standard streams and
// waits for it. An editor named only with [A-Za-z0-9-/_.:@] runs directly (looked up in PATH);
// anything else runs through `sh -c "EDITOR PATH"`, so it may carry options. Prints virsh's
// error and returns false if it cannot start or does not exit with 0.
bool runEditor(Session& s, const std::string& path);

// The edited text. On failure prints "PATH: failed to read temporary file: ..." and leaves the
// reason in the session, as virsh does.
std::optional<std::string> readBack(Session& s, const std::string& path);

// On a terminal: prints `reason` (if any) as an error, then asks "MSG Try again? [y,n,f,?]: "
// in raw mode until it gets y, n or f ('?' lists them), and returns it; end of input counts as
// n. nullopt when standard input is not a terminal (nothing is asked or printed).
std::optional<char> askReedit(Session& s, std::string_view msg, const std::optional<Error>& reason);

}  // namespace ifkit::cli
