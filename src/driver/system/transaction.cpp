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
#include <filesystem>
#include <random>
#include <string>

#include "conf/interface_xml.h"
#include "util/atomic_file.h"
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
  return UniqueFd(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

Result<std::string> readAll(int dirFd, const std::string& name) {
  UniqueFd fd(::openat(dirFd, name.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid())
    return systemError(errno, "cannot open transaction file '" + name + "'", kDomain);
  std::string out;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return systemError(errno, "cannot read transaction file '" + name + "'", kDomain);
    if (n == 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
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
  struct stat st {};
  if (::fstatat(store.directoryFd(), kRecordDir, &st, AT_SYMLINK_NOFOLLOW) == 0) return true;
  if (errno == ENOENT) return false;
  return systemError(errno, "cannot look for a transaction", kDomain);
}

namespace {

Result<std::optional<long long>> readDeadline(int recordDir) {
  auto deadline = readAll(recordDir, "deadline");
  if (!deadline) return std::optional<long long>();
  long long when = 0;
  auto [end, ec] = std::from_chars(deadline->data(), deadline->data() + deadline->size(), when);
  if (ec != std::errc() || end != deadline->data() + deadline->size())
    return makeError(ErrorNumber::InternalError, kDomain, "malformed transaction deadline");
  return std::optional<long long>(when);
}

}  // namespace

long long wallClockMilliseconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool TransactionState::rollbackDue() const {
  return exists && deadline && *deadline <= wallClockMilliseconds();
}

Result<TransactionState> transactionState(const store::DefinitionStore& store) {
  UniqueFd dir = openDirectory(store.directoryFd(), kRecordDir);
  if (!dir.valid()) {
    if (errno == ENOENT) return TransactionState{};
    return systemError(errno, "cannot look for a transaction", kDomain);
  }
  auto deadline = readDeadline(dir.get());
  if (!deadline) return std::move(deadline).error();
  return TransactionState{true, *deadline};
}

Result<TransactionRecord> loadTransaction(const store::DefinitionStore& store) {
  UniqueFd dir = openDirectory(store.directoryFd(), kRecordDir);
  if (!dir.valid()) {
    if (errno == ENOENT) return invalid(kNothingToRollback);
    return systemError(errno, "cannot open the transaction record", kDomain);
  }
  TransactionRecord record;
  auto live = readAll(dir.get(), "live");
  if (!live) return std::move(live).error();
  auto point = plan::RestorePoint::parse(*live);
  if (!point) return std::move(point).error();
  record.live = std::move(*point);
  auto deadline = readDeadline(dir.get());
  if (!deadline) return std::move(deadline).error();
  record.deadline = *deadline;

  UniqueFd defs = openDirectory(dir.get(), "definitions");
  if (!defs.valid()) return systemError(errno, "cannot open the recorded definitions", kDomain);
  auto files = listFiles(defs.get(), "the recorded definitions");
  if (!files) return std::move(files).error();
  for (const auto& file : *files) {
    if (file.starts_with('.') || !file.ends_with(".xml")) continue;
    auto text = readAll(defs.get(), file);
    if (!text) return std::move(text).error();
    auto def = conf::parseInterfaceXml(*text);
    if (!def) return std::move(def).error();
    record.definitions.push_back(std::move(*def));
  }

  UniqueFd started = openDirectory(dir.get(), "started");
  if (!started.valid() && errno != ENOENT)
    return systemError(errno, "cannot open the recorded start records", kDomain);
  if (!started.valid()) return record;  // begun by an ifkit that did not keep them
  auto names = listFiles(started.get(), "the recorded start records");
  if (!names) return std::move(names).error();
  record.started.emplace();
  for (const auto& name : *names) {
    if (name.starts_with(kTempFilePrefix)) continue;
    auto text = readAll(started.get(), name);
    if (!text) return std::move(text).error();
    auto start = plan::StartRecord::parse(*text);
    if (!start) return std::move(start).error();
    record.started->push_back(std::move(*start));
  }
  return record;
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
