// SPDX-License-Identifier: LGPL-2.1-or-later
// DefinitionStore: persistent interface definitions, one XML file per interface in a directory.
//
//   auto store = DefinitionStore::open("/etc/ifkit/interfaces");
//   Status st = store->save(def);            // atomic and durable; replaces br0.xml
//   auto loaded = store->loadAll();          // every definition, plus a list of bad files
//
// Files are written atomically (util/atomic_file.h). A lock file (flock) serializes writers
// across processes; loadAll takes it shared so that it sees one consistent state, load of one
// name needs none (a file is replaced whole, by rename). A change of several files at once
// (commit) goes through a journal (store_journal.h) so that it is one step too, across a crash:
// every read and write first completes a change that a dead writer left half done. Names are
// checked against the kernel's rules before they touch the file system, so no name can leave the
// directory. Files starting with '.' belong to the store itself (lock, temporaries, transaction
// data) and are never read as definitions.
//
// Every read reads the file; a file whose bytes are those parsed before is not parsed again
// (a start of many interfaces looks each one up, then loads them all; a daemon answers lookups
// all day). Comparing the bytes, not the time stamps, leaves no window for a stale answer. What
// was parsed is kept across processes too, in the store's file .parsed (parsed_cache.h): a
// command that reads only definitions parsed before never loads the XML parser.
//
// A store opened for reading (openForReading: a read-only connection) writes nothing anywhere:
// a missing directory is a store with no definitions (not made), the lock file is used if it is
// there (never made), and a change that a dead writer left half done is not completed but read
// as completed (the journal's new files in place of the old ones), which is what every reader
// after the completion will see. Its writes, and its exclusive locks, are refused.
#pragma once

#include <dirent.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/interface_def.h"
#include "ifkit/error.h"
#include "store/parsed_cache.h"
#include "store/store_journal.h"
#include "util/unique_fd.h"

namespace ifkit::store {

// A file in the store directory that is not a loadable definition, and why.
struct LoadProblem {
  std::string file;
  Error error;
};

struct LoadedDefinitions {
  std::vector<conf::InterfaceDef> definitions;  // sorted by name
  std::vector<LoadProblem> problems;            // sorted by file name

  // The definition called `name`, or nullptr; a binary search, since they are sorted.
  const conf::InterfaceDef* definitionNamed(std::string_view name) const;
};

// Holds the store's flock until destroyed.
class StoreLock {
 public:
  StoreLock(UniqueFd fd, bool exclusive) : fd_(std::move(fd)), exclusive_(exclusive) {}

  // Whether a lock is held: a reader of a store that has never been written to has no lock
  // file to take (openForReading).
  bool held() const { return fd_.valid(); }

  bool exclusive() const { return exclusive_; }

 private:
  UniqueFd fd_;  // closing the descriptor releases the lock
  bool exclusive_;
};

// Several definitions changed in one step: after it, or after a crash at any instant of it, the
// store holds either all of the old files or all of the new ones.
struct StoreChange {
  std::vector<conf::InterfaceDef> save;  // written, each replacing any of the same name
  std::vector<std::string> remove;       // names whose definitions go (absent ones are no error)
};

class DefinitionStore {
 public:
  // Opens the store directory, creating it and any missing parent if need be.
  static Result<DefinitionStore> open(const std::string& directory);
  // Opens the store for reading only, creating nothing: a missing directory holds no definitions.
  static Result<DefinitionStore> openForReading(const std::string& directory);

  Result<LoadedDefinitions> loadAll() const;
  // The definition of `name`, or nullopt when there is none.
  Result<std::optional<conf::InterfaceDef>> load(std::string_view name) const;
  // Whether NAME.xml is there, readable or not.
  bool exists(std::string_view name) const;
  // Writes the definition, replacing any of the same name.
  Status save(const conf::InterfaceDef& def);
  // Removes the definition; removing one that does not exist is not an error.
  Status remove(std::string_view name);
  // Makes the whole change, or none of it (store_journal.h). A change of one file is written as
  // save or remove write it; more go through the journal. Once the journal is in place the change
  // is made: if a later step fails, the error is returned and the next use of the store completes
  // it.
  Status commit(const StoreChange& change);

  // For a sequence of changes that must not interleave with other processes' (a transaction, a
  // start or stop of interfaces): take the lock once and use the *Locked forms. The plain forms
  // above take the lock themselves, so calling them while holding it would wait forever (flock
  // locks belong to open file descriptions, not to processes).
  Result<StoreLock> lockExclusive() const;

  // A second lock, on the host rather than the definitions: held by whoever changes the host
  // through this store (start, stop, boot, begin, rollback) from reading it to the last
  // operation, so that two processes never change it at once. Kept apart from the definitions'
  // lock so that a start waiting seconds for a DHCP lease holds up no reader of definitions.
  // Taken before the definitions' lock by whoever needs both.
  Result<StoreLock> lockHostChanges() const;
  Status saveLocked(const conf::InterfaceDef& def, const StoreLock& held);
  Status removeLocked(std::string_view name, const StoreLock& held);
  Status commitLocked(const StoreChange& change, const StoreLock& held);
  Result<LoadedDefinitions> loadAllLocked(const StoreLock& held) const;

  // For tests: told each step of a journaled change as it is done (store_journal.h), so that a
  // test can end the process between two steps, as a crash would.
  void setJournalStepHookForTest(std::function<void(std::string_view)> hook) {
    journalStepHook_ = std::move(hook);
  }

  const std::string& path() const { return path_; }
  // -1 for a store opened for reading whose directory does not exist.
  int directoryFd() const { return dir_.get(); }
  bool readOnly() const { return readOnly_; }

 private:
  DefinitionStore(std::string path, UniqueFd dir, bool readOnly);
  Result<StoreLock> lock(const char* file, int operation) const;
  // Completes the change a writer that died left half done, if any: under the exclusive lock, as
  // nobody else writes then. A journal found while holding it can only be a dead writer's.
  Status finishInterruptedChangeLocked(const StoreLock& held) const;
  // The same for a caller without the lock: a stat when there is nothing to do.
  Status finishInterruptedChange() const;
  // The change a dead writer left half done, as a read-only reader sees it: nullopt if none.
  Result<std::optional<StoreJournal>> pendingChange() const;
  // A read-only reader's loadAll: under the shared lock if there is a lock file.
  Result<LoadedDefinitions> loadAllForReading() const;
  // Every definition file of the directory, read, as `pending` (if any) will leave them; the
  // lock (either kind) is the caller's.
  Result<LoadedDefinitions> readAllFiles(const StoreJournal* pending = nullptr) const;
  // Reads one definition file (or its bytes in `pending`) and checks that it defines the
  // interface its name says; nullopt when there is no such file. `listedType` is the type a
  // directory listing gave for the file (dirent's d_type), if it was listed.
  Result<std::optional<conf::InterfaceDef>> readDefinitionFile(
      const std::string& file, const StoreJournal* pending = nullptr,
      unsigned char listedType = DT_UNKNOWN) const;

  // What was parsed, here or by an earlier process (read from .parsed: parsed_cache.h). Written
  // back to .parsed when the store is closed, if anything was parsed here: once a process, not at
  // each read (a thousand defines in one process would each rewrite the whole file). A
  // definition this store writes is parsed then too, so that the next process (a start after a
  // define) finds it parsed.
  struct ParsedFiles {
    ~ParsedFiles() { save(); }
    // Reads .parsed (of the store at `storePath`) into byFile, the first time only; the mutex is
    // held.
    void readOnceLocked(const std::string& storePath);
    void save();

    std::mutex mutex;
    ParsedDefinitions byFile;
    bool diskRead = false;  // .parsed read, or looked for
    bool unsaved = false;   // parsed here since .parsed was written
    UniqueFd dir;           // its own descriptor of the store: a move may close the store's first
    bool writable = false;  // not a store opened for reading
  };
  // Keeps the definition that `text`, just written to `file`, parses into.
  void keepWritten(const std::string& file, std::string text) const;

  std::string path_;
  UniqueFd dir_;  // invalid: opened for reading, and there is no directory
  bool readOnly_ = false;
  std::unique_ptr<ParsedFiles> parsed_ = std::make_unique<ParsedFiles>();
  std::function<void(std::string_view)> journalStepHook_;
};

// The file that holds `name`'s definition ("br0" -> "br0.xml"), or an error when `name` is not
// a kernel interface name (and so could escape the directory or clash with the store's own files).
Result<std::string> definitionFileName(std::string_view name);

}  // namespace ifkit::store
