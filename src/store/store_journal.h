// SPDX-License-Identifier: LGPL-2.1-or-later
// The store's journal: a change of several definition files, written down whole before any of
// them is touched, so that the change happens entirely or not at all, whatever instant a crash
// strikes.
//
//   StoreJournal journal;
//   journal.writes.push_back({"br0.xml", bytes});     // the bridge that claims eth0 ...
//   journal.removes.push_back("eth0.xml");            // ... replaces eth0's own definition
//   Status st = placeJournal(dirFd, journal);         // durable: from here on the change is made
//   st = applyJournal(dirFd, journal, onStep);        // each file, atomically and durably
//   st = dropJournal(dirFd);                          // durable: nothing left to complete
//
// It is a redo log. Until the journal is in place (temporary file, fsync, rename, fsync of the
// directory) no definition file has changed: a crash leaves the old state. Once it is, every step
// it lists can be done again from its own bytes, so whoever finds it under the store's lock (the
// writer that placed it held that lock to the end, so finding it means the writer died) finishes
// the change before reading anything: a crash leaves the new state. Nobody ever sees both or
// neither.
//
// Why not a fresh copy of the directory swapped in by one rename: every definition would be
// copied at every change, and the store's path (/etc/ifkit/interfaces, where administrators read
// and back up one file per interface) would have to become a symbolic link.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ifkit/error.h"

namespace ifkit::store {

// The journal's file in the store directory; its leading '.' keeps it out of the definitions.
inline constexpr const char* kJournalFile = ".journal";

struct JournalWrite {
  std::string file;     // "br0.xml"
  std::string content;  // the file's new bytes, whole
  bool operator==(const JournalWrite&) const = default;
};

struct StoreJournal {
  std::vector<JournalWrite> writes;  // done first, in order
  std::vector<std::string> removes;  // then these files go
  bool operator==(const StoreJournal&) const = default;

  // Length-prefixed text: "ifkit-store-journal 1\n", then "write FILE SIZE\n" followed by SIZE
  // bytes and "\n", or "remove FILE\n", and "end\n" last (a journal without it is not one).
  std::string serialize() const;
  // Refuses anything but what serialize writes, and any file name that is not a definition's
  // ("NAME.xml" with a kernel interface name): a journal never reaches outside the directory.
  static Result<StoreJournal> parse(std::string_view text);
};

// Whether the store directory holds a journal.
Result<bool> journalPresent(int dirFd);
// The journal in place, or an error naming what is wrong with it.
Result<StoreJournal> readJournal(int dirFd);
// Writes the journal durably (util/atomic_file.h): its rename is the instant the change is made.
Status placeJournal(int dirFd, const StoreJournal& journal);
// Does every step of the journal, each durable before the next; doing one again is harmless.
// `onStep`, when set, is told the name of each step done ("wrote br0.xml", "removed eth0.xml"):
// the tests' way to stop a writer between two steps, as a crash would.
Status applyJournal(int dirFd, const StoreJournal& journal,
                    const std::function<void(std::string_view)>& onStep = {});
// Removes the journal durably: the change is complete.
Status dropJournal(int dirFd);

}  // namespace ifkit::store
