// SPDX-License-Identifier: LGPL-2.1-or-later
// One XML file per definition, written atomically, guarded by flock.
#include "store/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "conf/host_checks.h"
#include "conf/interface_xml.h"
#include "store/store_journal.h"
#include "util/atomic_file.h"
#include "util/safe_file.h"
#include "util/system_error.h"

namespace ifkit::store {
namespace {

constexpr std::string_view kSuffix = ".xml";
constexpr const char* kLockFile = ".lock";
constexpr const char* kHostChangesLockFile = ".host-changes.lock";
// A definition file is small; a bigger one is not ours.
constexpr std::size_t kMaxDefinitionFile = conf::kMaxDocumentBytes;

Error storeError(std::string_view detail) {
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface, detail);
}

// The file's bytes, or nullopt if there is no such file. Not opened blocking, not followed,
// refused unless regular (util/safe_file.h): a FIFO named zz.xml must not hang every listing.
// `listedType` is the type the directory listing gave for it, if it was listed.
Result<std::optional<std::string>> readWholeFile(int dirFd, const std::string& name,
                                                 unsigned char listedType) {
  return readListedRegularFileAt(dirFd, name, listedType, kMaxDefinitionFile, name);
}

// What a change recorded in the journal does to one file: writes `content` there, removes it
// (writes come first, so a file both written and removed ends up removed), or neither.
struct JournalEffect {
  const std::string* content = nullptr;
  bool removes = false;
};

JournalEffect effectOn(const StoreJournal& journal, std::string_view file) {
  JournalEffect out;
  for (const auto& w : journal.writes)
    if (w.file == file) out.content = &w.content;
  for (const auto& r : journal.removes)
    if (r == file) out = JournalEffect{nullptr, true};
  return out;
}

}  // namespace

Result<std::optional<conf::InterfaceDef>> DefinitionStore::readDefinitionFile(
    const std::string& file, const StoreJournal* pending, unsigned char listedType) const {
  const std::string* journaled = pending ? effectOn(*pending, file).content : nullptr;
  auto read = journaled ? Result<std::optional<std::string>>(*journaled)
                        : readWholeFile(dir_.get(), file, listedType);
  if (!read) return std::move(read).error();
  if (!*read) return std::optional<conf::InterfaceDef>();
  std::string& text = **read;
  {
    std::lock_guard lock(parsed_->mutex);
    parsed_->readOnceLocked(path_);
    auto known = parsed_->byFile.find(file);
    if (known != parsed_->byFile.end() && known->second.text == text)
      return std::optional<conf::InterfaceDef>(known->second.def);
  }
  auto def = conf::parseInterfaceXml(text);
  if (!def) return std::move(def).error();
  const std::string expected = file.substr(0, file.size() - kSuffix.size());
  if (def->name != expected)
    return storeError("'" + file + "' defines interface '" + def->name + "', not '" + expected +
                      "'");
  std::lock_guard lock(parsed_->mutex);
  parsed_->byFile.insert_or_assign(file, ParsedDefinition{std::move(text), *def});
  parsed_->unsaved = true;
  return std::optional<conf::InterfaceDef>(std::move(*def));
}

DefinitionStore::DefinitionStore(std::string path, UniqueFd dir, bool readOnly)
    : path_(std::move(path)), dir_(std::move(dir)), readOnly_(readOnly) {
  if (dir_.valid()) parsed_->dir = UniqueFd(::fcntl(dir_.get(), F_DUPFD_CLOEXEC, 0));
  parsed_->writable = !readOnly_;
}

void DefinitionStore::ParsedFiles::readOnceLocked(const std::string& storePath) {
  if (diskRead) return;
  diskRead = true;
  if (!dir.valid()) return;
  const std::string name(kParsedCacheFile);
  auto bytes = readRegularFileAt(dir.get(), name, kMaxParsedCacheBytes, storePath + "/" + name);
  // Missing, unreadable, damaged or of another format: each definition is parsed, as without it.
  if (!bytes || !*bytes) return;
  auto entries = decodeParsedDefinitions(**bytes);
  if (!entries) return;
  for (auto& [file, entry] : *entries) byFile.try_emplace(file, std::move(entry));
}

void DefinitionStore::ParsedFiles::save() {
  std::string bytes;
  {
    std::lock_guard lock(mutex);
    if (!unsaved || !writable || !dir.valid()) return;
    unsaved = false;
    bytes = encodeParsedDefinitions(byFile);
  }
  // Best effort, and not durable: a write that fails or is lost costs the next process a parse.
  (void)writeFileAtomically(dir.get(), kParsedCacheFile, bytes, Durability::Volatile);
}

void DefinitionStore::keepWritten(const std::string& file, std::string text) const {
  // Parsed from the bytes written, not taken from the definition given: an entry answers what a
  // parse of the file would.
  auto def = conf::parseInterfaceXml(text);
  if (!def) return;
  std::lock_guard lock(parsed_->mutex);
  parsed_->readOnceLocked(path_);
  parsed_->byFile.insert_or_assign(file, ParsedDefinition{std::move(text), std::move(*def)});
  parsed_->unsaved = true;
}

Result<std::string> definitionFileName(std::string_view name) {
  if (!conf::isKernelInterfaceName(name))
    return makeError(ErrorNumber::InvalidArg, ErrorDomain::Interface,
                     std::string("'").append(name).append("' is not a kernel interface name"));
  // The store's own files start with '.', and a definition so named would never be listed.
  if (name.starts_with('.'))
    return makeError(ErrorNumber::InvalidArg, ErrorDomain::Interface,
                     std::string("'").append(name).append(
                         "' starts with '.', which the store keeps for its own files"));
  return std::string(name) + std::string(kSuffix);
}

Result<DefinitionStore> DefinitionStore::open(const std::string& directory) {
  // Parents too: on a fresh host /etc/ifkit does not exist yet.
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    return systemError(ec.value(), "cannot create store directory '" + directory + "'",
                       ErrorDomain::Interface);
  UniqueFd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid())
    return systemError(errno, "cannot open store directory '" + directory + "'",
                       ErrorDomain::Interface);
  return DefinitionStore(directory, std::move(dir), /*readOnly=*/false);
}

Result<DefinitionStore> DefinitionStore::openForReading(const std::string& directory) {
  // A store nobody has defined anything in yet (or a missing parent) holds no definitions; it is
  // made by the first writer, not by a reader.
  UniqueFd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid() && errno != ENOENT)
    return systemError(errno, "cannot open store directory '" + directory + "'",
                       ErrorDomain::Interface);
  return DefinitionStore(directory, std::move(dir), /*readOnly=*/true);
}

Result<StoreLock> DefinitionStore::lock(const char* file, int operation) const {
  if (readOnly_ && operation != LOCK_SH)
    return makeError(ErrorNumber::OperationDenied, ErrorDomain::Interface,
                     "read only access prevents changing store '" + path_ + "'");
  // A reader makes no lock file: without one, no writer has ever locked the store (flock needs
  // no write access, so a read-only descriptor takes the shared lock).
  if (readOnly_ && !dir_.valid()) return StoreLock(UniqueFd(), false);
  const int access = readOnly_ ? O_RDONLY : O_RDWR | O_CREAT;
  // Never through a symbolic link (it would make a file at its target), never a FIFO's blocking
  // open: the lock is a regular file of the store's own.
  UniqueFd fd(::openat(dir_.get(), file, access | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600));
  if (!fd.valid() && readOnly_ && errno == ENOENT) return StoreLock(UniqueFd(), false);
  if (!fd.valid() && errno == ELOOP)
    return storeError("the lock of store '" + path_ + "' ('" + file +
                      "') is a symbolic link, not a regular file");
  if (!fd.valid())
    return systemError(errno, "cannot open the lock of store '" + path_ + "'",
                       ErrorDomain::Interface);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return systemError(errno, "cannot stat the lock of store '" + path_ + "'",
                       ErrorDomain::Interface);
  if (!S_ISREG(st.st_mode))
    return storeError("the lock of store '" + path_ + "' ('" + file + "') is " +
                      std::string(fileTypeInWords(st.st_mode)) + ", not a regular file");
  while (::flock(fd.get(), operation) != 0) {
    if (errno != EINTR)
      return systemError(errno, "cannot lock store '" + path_ + "'", ErrorDomain::Interface);
  }
  return StoreLock(std::move(fd), operation == LOCK_EX);
}

Result<StoreLock> DefinitionStore::lockExclusive() const { return lock(kLockFile, LOCK_EX); }

Result<StoreLock> DefinitionStore::lockHostChanges() const {
  return lock(kHostChangesLockFile, LOCK_EX);
}

Result<LoadedDefinitions> DefinitionStore::loadAll() const {
  if (readOnly_) return loadAllForReading();
  {
    auto held = lock(kLockFile, LOCK_SH);
    if (!held) return std::move(held).error();
    auto pending = journalPresent(dir_.get());
    if (!pending) return std::move(pending).error();
    if (!*pending) return readAllFiles();
  }
  // A writer died in the middle of a change: complete it, and read under the same lock.
  auto held = lockExclusive();
  if (!held) return std::move(held).error();
  return loadAllLocked(*held);
}

Result<LoadedDefinitions> DefinitionStore::loadAllForReading() const {
  if (!dir_.valid()) return LoadedDefinitions{};
  auto held = lock(kLockFile, LOCK_SH);
  if (!held) return std::move(held).error();
  auto pending = pendingChange();
  if (!pending) return std::move(pending).error();
  auto loaded = readAllFiles(*pending ? &**pending : nullptr);
  // Read without a lock file, then one appeared: a first writer came, whose change may have been
  // read half made. Read again, under its lock this time.
  struct stat st {};
  if (!held->held() && ::fstatat(dir_.get(), kLockFile, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return loadAllForReading();
  return loaded;
}

Result<std::optional<StoreJournal>> DefinitionStore::pendingChange() const {
  auto present = journalPresent(dir_.get());
  if (!present) return std::move(present).error();
  if (!*present) return std::optional<StoreJournal>{};
  auto journal = readJournal(dir_.get());
  // Gone since: a writer completed the change, and the files hold it now.
  if (!journal && journal.error().sysErrno == ENOENT) return std::optional<StoreJournal>{};
  if (!journal) {
    const Error& why = journal.error();
    Error e = storeError("cannot read the change recorded in '" + path_ + "/" + kJournalFile +
                         "': " + (why.str2.empty() ? why.message : why.str2));
    e.sysErrno = why.sysErrno;
    return e;
  }
  return std::optional<StoreJournal>{std::move(*journal)};
}

Result<LoadedDefinitions> DefinitionStore::loadAllLocked(const StoreLock& held) const {
  if (held.exclusive())
    if (Status st = finishInterruptedChangeLocked(held); !st) return std::move(st).error();
  return readAllFiles();
}

Status DefinitionStore::finishInterruptedChangeLocked(const StoreLock& held) const {
  auto pending = journalPresent(dir_.get());
  if (!pending) return std::move(pending).error();
  if (!*pending) return Status();
  // Only ever under the exclusive lock: a shared holder must not write under other readers.
  if (!held.exclusive())
    return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                     "the store's journal completed without the exclusive lock");
  auto interrupted = [&](const Error& why) {
    Error e = storeError("cannot complete the change recorded in '" + path_ + "/" + kJournalFile +
                         "': " + (why.str2.empty() ? why.message : why.str2));
    e.sysErrno = why.sysErrno;
    return e;
  };
  auto journal = readJournal(dir_.get());
  if (!journal) return interrupted(journal.error());
  if (Status st = applyJournal(dir_.get(), *journal); !st) return interrupted(st.error());
  if (Status st = dropJournal(dir_.get()); !st) return interrupted(st.error());
  return Status();
}

Status DefinitionStore::finishInterruptedChange() const {
  auto pending = journalPresent(dir_.get());
  if (!pending) return std::move(pending).error();
  if (!*pending) return Status();
  auto held = lockExclusive();
  if (!held) return std::move(held).error();
  return finishInterruptedChangeLocked(*held);
}

Result<LoadedDefinitions> DefinitionStore::readAllFiles(const StoreJournal* pending) const {
  // A fresh descriptor: readdir on dir_ itself would share its position across calls.
  UniqueFd listing(::openat(dir_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!listing.valid())
    return systemError(errno, "cannot list store '" + path_ + "'", ErrorDomain::Interface);
  DIR* dir = ::fdopendir(listing.get());
  if (dir == nullptr)
    return systemError(errno, "cannot list store '" + path_ + "'", ErrorDomain::Interface);
  (void)listing.release();  // closedir owns it now
  // Each name with the type the listing gave it (d_type): reading the file needs no lstat then.
  struct ListedFile {
    std::string name;
    unsigned char type = DT_UNKNOWN;
  };
  std::vector<ListedFile> files;
  while (const dirent* entry = ::readdir(dir)) {
    std::string file = entry->d_name;
    if (file.starts_with('.')) continue;  // ".", "..", the lock, temporaries, transaction data
    files.push_back({std::move(file), entry->d_type});
  }
  ::closedir(dir);
  if (pending) {
    for (const auto& w : pending->writes) files.push_back({w.file, DT_UNKNOWN});
    std::erase_if(files, [&](const ListedFile& f) { return effectOn(*pending, f.name).removes; });
  }
  const auto byName = [](const ListedFile& a, const ListedFile& b) { return a.name < b.name; };
  std::sort(files.begin(), files.end(), byName);
  files.erase(std::unique(files.begin(), files.end(),
                          [](const ListedFile& a, const ListedFile& b) { return a.name == b.name; }),
              files.end());
  {
    // Files that are gone leave the cache: it never holds more than the directory.
    std::lock_guard lock(parsed_->mutex);
    parsed_->readOnceLocked(path_);
    const std::size_t before = parsed_->byFile.size();
    std::erase_if(parsed_->byFile, [&](const auto& entry) {
      return !std::binary_search(files.begin(), files.end(), ListedFile{entry.first}, byName);
    });
    if (parsed_->byFile.size() != before) parsed_->unsaved = true;
  }

  LoadedDefinitions out;
  for (const auto& [file, type] : files) {
    if (!file.ends_with(kSuffix) || file.size() == kSuffix.size()) {
      out.problems.push_back({file, storeError("'" + file + "' is not an interface definition")});
      continue;
    }
    auto def = readDefinitionFile(file, pending, type);
    if (def && !*def)  // listed, then gone before it was read
      def = systemError(ENOENT, "cannot open '" + file + "'", ErrorDomain::Interface);
    if (!def) {
      out.problems.push_back({file, std::move(def).error()});
      continue;
    }
    out.definitions.push_back(std::move(**def));
  }
  std::sort(out.definitions.begin(), out.definitions.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<std::optional<conf::InterfaceDef>> DefinitionStore::load(std::string_view name) const {
  // No lock: a definition is replaced by a rename, so a reader sees the old file or the new one,
  // whole, and never waits for a writer (but one of a change that a dead writer left half done).
  // A reader only reads a half-done change as done (openForReading).
  auto file = definitionFileName(name);
  if (!file) return std::move(file).error();
  std::optional<StoreJournal> pending;
  if (readOnly_) {
    if (!dir_.valid()) return std::optional<conf::InterfaceDef>{};
    auto found = pendingChange();
    if (!found) return std::move(found).error();
    pending = std::move(*found);
  } else if (Status st = finishInterruptedChange(); !st) {
    return std::move(st).error();
  }
  if (pending && effectOn(*pending, *file).removes) return std::optional<conf::InterfaceDef>{};
  // No stat first: the read looks at the entry itself, and says when there is none.
  return readDefinitionFile(*file, pending ? &*pending : nullptr);
}

bool DefinitionStore::exists(std::string_view name) const {
  auto file = definitionFileName(name);
  struct stat st {};
  return file && dir_.valid() && ::fstatat(dir_.get(), file->c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

Status DefinitionStore::save(const conf::InterfaceDef& def) {
  auto held = lockExclusive();
  if (!held) return std::move(held).error();
  return saveLocked(def, *held);
}

Status DefinitionStore::saveLocked(const conf::InterfaceDef& def, const StoreLock& held) {
  auto file = definitionFileName(def.name);
  if (!file) return std::move(file).error();
  // A half-done change completed later would overwrite this write: it goes first.
  if (Status st = finishInterruptedChangeLocked(held); !st) return st;
  removeAbandonedTempFiles(dir_.get());
  std::string text = conf::formatInterfaceXml(def);
  if (Status st = writeFileAtomically(dir_.get(), *file, text); !st) return st;
  keepWritten(*file, std::move(text));
  return Status();
}

Status DefinitionStore::remove(std::string_view name) {
  auto held = lockExclusive();
  if (!held) return std::move(held).error();
  return removeLocked(name, *held);
}

Status DefinitionStore::removeLocked(std::string_view name, const StoreLock& held) {
  auto file = definitionFileName(name);
  if (!file) return std::move(file).error();
  if (Status st = finishInterruptedChangeLocked(held); !st) return st;
  removeAbandonedTempFiles(dir_.get());
  return removeFileDurably(dir_.get(), *file);
}

Status DefinitionStore::commit(const StoreChange& change) {
  auto held = lockExclusive();
  if (!held) return std::move(held).error();
  return commitLocked(change, *held);
}

Status DefinitionStore::commitLocked(const StoreChange& change, const StoreLock& held) {
  if (!held.exclusive())
    return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                     "a change of the store without its exclusive lock");
  // One file is replaced or removed by one rename or unlink: atomic without a journal.
  if (change.save.size() == 1 && change.remove.empty()) return saveLocked(change.save[0], held);
  if (change.save.empty() && change.remove.size() == 1) return removeLocked(change.remove[0], held);
  if (change.save.empty() && change.remove.empty()) return finishInterruptedChangeLocked(held);
  // Every name is checked, and every file formatted, before the journal decides anything.
  StoreJournal journal;
  for (const auto& def : change.save) {
    auto file = definitionFileName(def.name);
    if (!file) return std::move(file).error();
    journal.writes.push_back({std::move(*file), conf::formatInterfaceXml(def)});
  }
  for (const auto& name : change.remove) {
    auto file = definitionFileName(name);
    if (!file) return std::move(file).error();
    journal.removes.push_back(std::move(*file));
  }
  if (Status st = finishInterruptedChangeLocked(held); !st) return st;
  removeAbandonedTempFiles(dir_.get());
  if (Status st = placeJournal(dir_.get(), journal); !st) return st;
  if (journalStepHook_) journalStepHook_("placed the journal");
  if (Status st = applyJournal(dir_.get(), journal, journalStepHook_); !st) return st;
  if (Status st = dropJournal(dir_.get()); !st) return st;
  for (auto& write : journal.writes) keepWritten(write.file, std::move(write.content));
  return Status();
}

const conf::InterfaceDef* LoadedDefinitions::definitionNamed(std::string_view name) const {
  const auto it =
      std::lower_bound(definitions.begin(), definitions.end(), name,
                       [](const conf::InterfaceDef& d, std::string_view n) { return d.name < n; });
  return it != definitions.end() && it->name == name ? &*it : nullptr;
}

}  // namespace ifkit::store
