// SPDX-License-Identifier: LGPL-2.1-or-later
// The store's redo journal: its text form, and placing, applying and dropping it durably.
#include "store/store_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <optional>

#include "conf/host_checks.h"
#include "util/atomic_file.h"
#include "util/safe_file.h"
#include "util/system_error.h"
#include "util/unique_fd.h"

namespace ifkit::store {
namespace {

constexpr std::string_view kHeader = "ifkit-store-journal 1\n";
constexpr std::string_view kWrite = "write ";
constexpr std::string_view kRemove = "remove ";
constexpr std::string_view kEnd = "end";
constexpr std::string_view kSuffix = ".xml";

Error malformed(std::string_view why) {
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                   "malformed store journal: " + std::string(why));
}

bool isDefinitionFile(std::string_view file) {
  return file.ends_with(kSuffix) &&
         conf::isKernelInterfaceName(file.substr(0, file.size() - kSuffix.size()));
}

// The line starting at `at` without its '\n'; advances `at` past it.
std::optional<std::string_view> takeLine(std::string_view text, std::size_t& at) {
  const std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view line = text.substr(at, end - at);
  at = end + 1;
  return line;
}

// A journal holds whole definition files; a bigger one is not ours.
constexpr std::size_t kMaxJournal = std::size_t{1} << 30;

Result<std::string> readAll(int dirFd, const char* name) {
  auto text = readRegularFileAt(dirFd, name, kMaxJournal, name);
  if (!text) return std::move(text).error();
  if (!*text)
    return systemError(ENOENT, "cannot open '" + std::string(name) + "'", ErrorDomain::Interface);
  return std::move(**text);
}

}  // namespace

std::string StoreJournal::serialize() const {
  std::string out(kHeader);
  for (const auto& w : writes) {
    out += std::string(kWrite) + w.file + " " + std::to_string(w.content.size()) + "\n";
    out += w.content;
    out += '\n';
  }
  for (const auto& file : removes) out += std::string(kRemove) + file + "\n";
  out += std::string(kEnd) + "\n";
  return out;
}

Result<StoreJournal> StoreJournal::parse(std::string_view text) {
  if (!text.starts_with(kHeader)) return malformed("no header");
  StoreJournal journal;
  std::size_t at = kHeader.size();
  for (;;) {
    auto line = takeLine(text, at);
    if (!line) return malformed("no end");
    if (*line == kEnd) break;
    if (line->starts_with(kWrite)) {
      if (!journal.removes.empty()) return malformed("a write after a remove");
      const std::string_view rest = line->substr(kWrite.size());
      const std::size_t space = rest.rfind(' ');
      if (space == std::string_view::npos) return malformed("a write without a size");
      const std::string_view file = rest.substr(0, space);
      const std::string_view sizeText = rest.substr(space + 1);
      std::size_t size = 0;
      auto [end, ec] = std::from_chars(sizeText.data(), sizeText.data() + sizeText.size(), size);
      if (ec != std::errc() || end != sizeText.data() + sizeText.size() || sizeText.empty())
        return malformed("a write with a bad size");
      if (!isDefinitionFile(file)) return malformed(std::string("'").append(file).append("' is no definition"));
      if (text.size() - at < size + 1 || text[at + size] != '\n')
        return malformed("a write cut short");
      journal.writes.push_back({std::string(file), std::string(text.substr(at, size))});
      at += size + 1;
      continue;
    }
    if (line->starts_with(kRemove)) {
      const std::string_view file = line->substr(kRemove.size());
      if (!isDefinitionFile(file)) return malformed(std::string("'").append(file).append("' is no definition"));
      journal.removes.emplace_back(file);
      continue;
    }
    return malformed("an unknown step");
  }
  if (at != text.size()) return malformed("bytes after the end");
  return journal;
}

Result<bool> journalPresent(int dirFd) {
  struct stat st {};
  if (::fstatat(dirFd, kJournalFile, &st, AT_SYMLINK_NOFOLLOW) == 0) return true;
  if (errno == ENOENT) return false;
  return systemError(errno, "cannot look for the store's journal", ErrorDomain::Interface);
}

Result<StoreJournal> readJournal(int dirFd) {
  auto text = readAll(dirFd, kJournalFile);
  if (!text) return std::move(text).error();
  return StoreJournal::parse(*text);
}

Status placeJournal(int dirFd, const StoreJournal& journal) {
  return writeFileAtomically(dirFd, kJournalFile, journal.serialize());
}

Status applyJournal(int dirFd, const StoreJournal& journal,
                    const std::function<void(std::string_view)>& onStep) {
  for (const auto& w : journal.writes) {
    if (Status st = writeFileAtomically(dirFd, w.file, w.content); !st) return st;
    if (onStep) onStep("wrote " + w.file);
  }
  for (const auto& file : journal.removes) {
    if (Status st = removeFileDurably(dirFd, file); !st) return st;
    if (onStep) onStep("removed " + file);
  }
  return Status();
}

Status dropJournal(int dirFd) { return removeFileDurably(dirFd, kJournalFile); }

}  // namespace ifkit::store
