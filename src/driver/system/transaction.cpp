// SPDX-License-Identifier: LGPL-2.1-or-later
// Writing, reading and dropping the transaction record, atomically.
#include "driver/system/transaction.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <variant>

#include "conf/interface_xml.h"
#include "util/atomic_file.h"
#include "util/safe_file.h"
#include "util/system_error.h"

namespace ifkit::driver {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRecordDir = ".transaction";
constexpr ErrorDomain kDomain = ErrorDomain::Interface;

Error invalid(const char* message) {
  return makeError(ErrorNumber::OperationInvalid, kDomain, message);
}

std::string randomSuffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

UniqueFd openDirectory(int parent, const std::string& name) {
  return UniqueFd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

std::string detailOf(const Error& e) { return e.str2.empty() ? e.message : e.str2; }

std::string utcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// A transaction file holds a restore point or definitions: a bigger one is not ours.
constexpr std::size_t kMaxTransactionFile = std::size_t{64} << 20;

// The file, read as util/safe_file.h reads (never a FIFO's blocking open, never through a link).
Result<std::optional<std::string>> readFile(int dirFd, const std::string& name) {
  return readRegularFileAt(dirFd, name, kMaxTransactionFile, name);
}

// The names in a directory, but "." and "..", sorted.
Result<std::vector<std::string>> listFiles(int dirFd, const std::string& what) {
  UniqueFd forListing(::dup(dirFd));
  DIR* listing = forListing.valid() ? ::fdopendir(forListing.get()) : nullptr;
  if (listing == nullptr) return systemError(errno, "cannot list " + what, kDomain);
  (void)forListing.release();  // closedir owns it now
  std::vector<std::string> files;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string file = entry->d_name;
    if (file != "." && file != "..") files.push_back(file);
  }
  ::closedir(listing);
  std::sort(files.begin(), files.end());
  return files;
}

// Removes a directory tree that is already out of the way (renamed to a private name).
void removeTree(const store::DefinitionStore& store, const std::string& name) {
  std::error_code ignored;
  fs::remove_all(fs::path(store.path()) / name, ignored);  // best effort: garbage by now
}

}  // namespace

Status beginTransaction(const store::DefinitionStore& store, const TransactionRecord& record) {
  const int storeFd = store.directoryFd();
  const std::string temp = ".transaction-new-" + randomSuffix();
  if (::mkdirat(storeFd, temp.c_str(), 0700) != 0)
    return systemError(errno, "cannot create '" + temp + "'", kDomain);
  bool placed = false;
  struct Cleanup {
    const store::DefinitionStore& store;
    const std::string& name;
    bool& placed;
    ~Cleanup() {
      if (!placed) removeTree(store, name);
    }
  } cleanup{store, temp, placed};

  UniqueFd dir = openDirectory(storeFd, temp);
  if (!dir.valid()) return systemError(errno, "cannot open '" + temp + "'", kDomain);
  if (::mkdirat(dir.get(), "definitions", 0700) != 0)
    return systemError(errno, "cannot create '" + temp + "/definitions'", kDomain);
  UniqueFd defs = openDirectory(dir.get(), "definitions");
  for (const auto& def : record.definitions)
    if (Status st =
            writeFileAtomically(defs.get(), def.name + ".xml", conf::formatInterfaceXml(def));
        !st)
      return st;
  if (Status st = writeFileAtomically(dir.get(), "live", record.live.serialize()); !st) return st;
  if (record.started) {
    if (::mkdirat(dir.get(), "started", 0700) != 0)
      return systemError(errno, "cannot create '" + temp + "/started'", kDomain);
    UniqueFd started = openDirectory(dir.get(), "started");
    if (!started.valid()) return systemError(errno, "cannot open '" + temp + "/started'", kDomain);
    for (const auto& start : *record.started)
      if (Status st = writeFileAtomically(started.get(), start.name, start.serialize()); !st)
        return st;
  }
  if (record.deadline)
    if (Status st = writeFileAtomically(dir.get(), "deadline", std::to_string(*record.deadline));
        !st)
      return st;

  // renameat fails with EEXIST or ENOTEMPTY when a record is already in place.
  if (::renameat(storeFd, temp.c_str(), storeFd, kRecordDir) != 0) {
    if (errno == EEXIST || errno == ENOTEMPTY)
      return invalid("there is another transaction running.");
    return systemError(errno, "cannot record the transaction", kDomain);
  }
  placed = true;
  if (::fsync(storeFd) != 0) return systemError(errno, "cannot sync the store directory", kDomain);
  return Status();
}

Result<bool> transactionExists(const store::DefinitionStore& store) {
  if (store.directoryFd() < 0) return false;  // a reader's missing store: nothing in it
  struct stat st {};
  if (::fstatat(store.directoryFd(), kRecordDir, &st, AT_SYMLINK_NOFOLLOW) == 0) return true;
  if (errno == ENOENT) return false;
  return systemError(errno, "cannot look for a transaction", kDomain);
}

namespace {

// What reading the record found: a file that cannot be read now for want of a descriptor or
// memory is an error of the call; anything else wrong is damage of the record.
struct Damage {
  std::string what;
};

// The deadline, nullopt without one; Damage when the file is there but no deadline.
Result<std::variant<std::optional<long long>, Damage>> readDeadline(int recordDir) {
  using Out = std::variant<std::optional<long long>, Damage>;
  auto text = readFile(recordDir, "deadline");
  if (!text && isTransientFailure(text.error())) return std::move(text).error();
  if (!text) return Out(Damage{detailOf(text.error())});
  if (!*text) return Out(std::optional<long long>());
  long long when = 0;
  auto [end, ec] = std::from_chars((*text)->data(), (*text)->data() + (*text)->size(), when);
  if (ec != std::errc() || end != (*text)->data() + (*text)->size() || (*text)->empty())
    return Out(Damage{"'deadline': malformed transaction deadline"});
  return Out(std::optional<long long>(when));
}

// Reads the parts of a record; the first damage found ends it.
class RecordReader {
 public:
  // The file's text; nullopt after an error or damage (see failed()).
  std::optional<std::string> text(int dirFd, const std::string& name, const std::string& shown) {
    auto content = readRegularFileAt(dirFd, name, kMaxTransactionFile, shown);
    if (!content) {
      fail(content.error());
      return std::nullopt;
    }
    if (!*content) {
      damage("'" + shown + "' is missing");
      return std::nullopt;
    }
    return std::move(**content);
  }
  UniqueFd directory(int parent, const std::string& name, bool required) {
    auto dir = openDirectoryAt(parent, name, name);
    if (!dir) {
      fail(dir.error());
      return UniqueFd();
    }
    if (!dir->valid() && required) damage("'" + name + "' is missing");
    return std::move(*dir);
  }
  void fail(const Error& e) {
    if (isTransientFailure(e))
      error_ = e;
    else
      damage(detailOf(e));
  }
  void damage(std::string what) {
    if (!damage_) damage_ = Damage{std::move(what)};
  }
  bool failed() const { return error_ || damage_; }

  std::optional<Error> error_;
  std::optional<Damage> damage_;
};

}  // namespace

long long wallClockMilliseconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool TransactionState::rollbackDue() const {
  return exists && !damage && deadline && *deadline <= wallClockMilliseconds();
}

Result<TransactionState> transactionState(const store::DefinitionStore& store) {
  if (store.directoryFd() < 0) return TransactionState{};  // a reader's missing store
  auto dir = openDirectoryAt(store.directoryFd(), kRecordDir, kRecordDir);
  if (!dir && isTransientFailure(dir.error())) return std::move(dir).error();
  // Not a directory (a link, a file, a FIFO): a damaged record, which holds no deadline.
  if (!dir) return TransactionState{true, std::nullopt, detailOf(dir.error())};
  if (!dir->valid()) return TransactionState{};
  auto deadline = readDeadline(dir->get());
  if (!deadline) return std::move(deadline).error();
  if (const auto* damage = std::get_if<Damage>(&*deadline))
    return TransactionState{true, std::nullopt, damage->what};
  return TransactionState{true, std::get<std::optional<long long>>(*deadline), std::nullopt};
}

Result<LoadedTransaction> loadTransaction(const store::DefinitionStore& store) {
  RecordReader read;
  auto damaged = [&]() -> Result<LoadedTransaction> {
    if (read.error_) return *read.error_;
    return LoadedTransaction{std::nullopt, read.damage_->what};
  };
  auto dir = openDirectoryAt(store.directoryFd(), kRecordDir, kRecordDir);
  if (dir && !dir->valid()) return invalid(kNothingToRollback);
  if (!dir) read.fail(dir.error());
  if (read.failed()) return damaged();

  TransactionRecord record;
  auto live = read.text(dir->get(), "live", "live");
  if (!live) return damaged();
  auto point = plan::RestorePoint::parse(*live);
  if (!point) read.damage("'live': " + detailOf(point.error()));
  if (read.failed()) return damaged();
  record.live = std::move(*point);
  auto deadline = readDeadline(dir->get());
  if (!deadline) return std::move(deadline).error();
  if (const auto* damage = std::get_if<Damage>(&*deadline)) read.damage(damage->what);
  if (read.failed()) return damaged();
  record.deadline = std::get<std::optional<long long>>(*deadline);

  UniqueFd defs = read.directory(dir->get(), "definitions", true);
  if (read.failed()) return damaged();
  auto files = listFiles(defs.get(), "the recorded definitions");
  if (!files) return std::move(files).error();
  for (const auto& file : *files) {
    if (file.starts_with('.') || !file.ends_with(".xml")) continue;
    auto text = read.text(defs.get(), file, "definitions/" + file);
    if (!text) return damaged();
    auto def = conf::parseInterfaceXml(*text);
    if (!def) read.damage("'definitions/" + file + "': " + detailOf(def.error()));
    if (read.failed()) return damaged();
    record.definitions.push_back(std::move(*def));
  }

  UniqueFd started = read.directory(dir->get(), "started", false);
  if (read.failed()) return damaged();
  if (!started.valid()) return LoadedTransaction{std::move(record), std::nullopt};  // older ifkit
  auto names = listFiles(started.get(), "the recorded start records");
  if (!names) return std::move(names).error();
  record.started.emplace();
  for (const auto& name : *names) {
    if (name.starts_with('.')) continue;  // a temporary file of a write cut short
    auto text = read.text(started.get(), name, "started/" + name);
    if (!text) return damaged();
    auto start = plan::StartRecord::parse(*text);
    if (!start) read.damage("'started/" + name + "': " + detailOf(start.error()));
    if (read.failed()) return damaged();
    record.started->push_back(std::move(*start));
  }
  return LoadedTransaction{std::move(record), std::nullopt};
}

Error setDamagedTransactionAside(const store::DefinitionStore& store, const std::string& damage,
                                 std::string_view outcome) {
  const int storeFd = store.directoryFd();
  const std::string record = store.path() + "/" + kRecordDir;
  const std::string aside =
      std::string(kRecordDir) + ".damaged-" + utcStamp() + "-" + std::to_string(::getpid());
  std::string detail = "the transaction record '" + record + "' is damaged (" + damage + ")";
  // Renamed, not deleted: it may still tell a person what the host and the definitions were.
  if (::renameat(storeFd, kRecordDir, storeFd, aside.c_str()) != 0)
    detail += " and cannot be set aside: " + std::string(std::strerror(errno));
  else
    detail += ": kept aside as '" + store.path() + "/" + aside + "'";
  (void)::fsync(storeFd);  // best effort: a record found again is set aside again
  detail += "; " + std::string(outcome);
  return makeError(ErrorNumber::OperationFailed, kDomain, detail);
}

Status restoreRecordedDefinitions(store::DefinitionStore& store, const TransactionRecord& record,
                                  const store::StoreLock& held) {
  auto current = store.loadAllLocked(held);
  if (!current) return std::move(current).error();
  store::StoreChange change;
  for (const auto& def : record.definitions) {
    // What did not change is not written again: fewer files touched, less to complete after a
    // crash.
    const conf::InterfaceDef* now = current->definitionNamed(def.name);
    if (now == nullptr || !(*now == def)) change.save.push_back(def);
  }
  for (const auto& def : current->definitions) {
    const bool recorded = std::any_of(record.definitions.begin(), record.definitions.end(),
                                      [&](const auto& r) { return r.name == def.name; });
    if (!recorded) change.remove.push_back(def.name);
  }
  return store.commitLocked(change, held);
}

Status endTransaction(const store::DefinitionStore& store, const char* missingMessage) {
  const int storeFd = store.directoryFd();
  const std::string doomed = ".transaction-done-" + randomSuffix();
  if (::renameat(storeFd, kRecordDir, storeFd, doomed.c_str()) != 0) {
    if (errno == ENOENT) return invalid(missingMessage);
    return systemError(errno, "cannot end the transaction", kDomain);
  }
  if (::fsync(storeFd) != 0) return systemError(errno, "cannot sync the store directory", kDomain);
  removeTree(store, doomed);
  return Status();
}

}  // namespace ifkit::driver
