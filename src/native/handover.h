// SPDX-License-Identifier: LGPL-2.1-or-later
// A hand-over: an interface that the host's own manager configured, now ifkit's, and the record
// that lets ifkit give it back byte for byte.
//
// Taking an interface over changes two owners' files: ifkit's store gains the definition and the
// manager's files lose the interface (ifupdown_release.h and its kin). Neither write can be made
// atomic with the other, so the hand-over is written down first, whole, as a record in ifkit's
// own folder; the record's state says which way the hand-over goes, and whoever finds a record
// (the writer that died, or the next process, under the store's lock) completes it:
//
//   Adopting   the definition is being stored: with it in the store, the manager's files are
//              put in their `after` form (released); without it, back in their `before` form
//              and the record goes (the hand-over never happened).
//   Adopted    done: the record stays, to give the interface back.
//   Returning  the definition is being removed: the files go back to `before`, then the
//              record goes.
//
// A file that is in neither form (edited by hand since) is never overwritten: the step fails,
// naming it, and the record stays for the administrator.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/file_edit.h"

namespace ifkit::native {

struct HandOver {
  enum class State { Adopting, Adopted, Returning };
  std::string name;     // the interface ifkit's definition is named after
  // The managers whose files it changes ("ifupdown", "systemd-networkd", ...): one define may
  // take interfaces from several, and the record holds all their files, so that one step puts
  // them all in one form.
  std::vector<std::string> managers;
  State state = State::Adopting;
  std::vector<FileEdit> files;
  // The interfaces each manager released, by manager: what a running manager is told to let go
  // of before ifkit's start, and to take back when they are given back. Empty in records
  // written before ifkit kept it: their managers are told only what needs no names.
  std::map<std::string, std::vector<std::string>> released = {};
  bool operator==(const HandOver&) const = default;

  // The managers, as a message names them: "ifupdown and systemd-networkd".
  std::string managerNames() const;

  // Length-prefixed text: "ifkit-handover 1", the name, manager (the names, blank-separated) and
  // state lines, a "released MANAGER NAME..." line per manager that released interfaces, then
  // per file
  // "file PATH", "before SIZE" and "after SIZE" each followed by SIZE bytes and a newline, and
  // "end" last. parse refuses anything else, and any path outside the managers' folders.
  std::string serialize() const;
  static Result<HandOver> parse(std::string_view text);
};

// The records, one file per interface in a folder of ifkit's (the store's ".handover").
Status saveHandOver(int dirFd, const HandOver& handOver);
Result<std::optional<HandOver>> loadHandOver(int dirFd, std::string_view name);
Result<std::vector<HandOver>> loadHandOvers(int dirFd);
Status removeHandOver(int dirFd, std::string_view name);

// What giving `file` back makes of it, from its bytes `now`: its before form when it is as ifkit
// left it; when it is not (another hand-over of the same file since, an edit elsewhere in it), only
// ifkit's change undone, by a three-way merge of the lines (line_merge.h). Not possible when the
// edits touch ifkit's lines, or a file ifkit added or removed is not as ifkit left it.
struct GiveBack {
  bool possible = false;
  std::optional<std::string> bytes;  // none: no file
};
GiveBack giveBack(const FileEdit& file, const std::optional<std::string>& now);

enum class FileForm { Before, After };

// Puts every file of the hand-over in the given form, each atomically and durably, keeping its
// mode and owner. A file already in that form is not written; in the before form, a file in
// neither form is given back as giveBack says.
Status putFiles(const ConfigRoot& root, const HandOver& handOver, FileForm form);

}  // namespace ifkit::native
