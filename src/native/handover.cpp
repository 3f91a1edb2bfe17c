// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/handover.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "native/line_merge.h"
#include "native/words.h"
#include "util/listed_in_words.h"
#include "util/atomic_file.h"
#include "util/safe_file.h"
#include "util/system_error.h"
#include "util/unique_fd.h"

namespace ifkit::native {
namespace {

constexpr std::string_view kMagic = "ifkit-handover 1\n";
// In place of a size: the file does not exist in that form.
constexpr std::string_view kAbsent = "absent";

// A record holds each changed file twice (before and after); the readers take files of up to
// kMaxConfigFileBytes, and a hand-over changes a few of them.
constexpr std::size_t kMaxRecordBytes = 16 * kMaxConfigFileBytes;

// The folders whose files a hand-over may change: the managers' configuration, nothing else.
constexpr std::string_view kManagerFolders[] = {"/etc/network/", "/etc/systemd/network/",
                                                "/etc/netplan/", "/etc/NetworkManager/"};

bool isManagerPath(std::string_view path) {
  if (path.find("/../") != std::string_view::npos || path.find("/./") != std::string_view::npos ||
      path.find('\n') != std::string_view::npos)
    return false;
  return std::any_of(std::begin(kManagerFolders), std::end(kManagerFolders),
                     [&](std::string_view folder) { return path.starts_with(folder); });
}

bool isRecordName(std::string_view name) {
  return !name.empty() && name.size() < 16 && name.front() != '.' &&
         name.find('/') == std::string_view::npos && name.find('\n') == std::string_view::npos &&
         name.find(' ') == std::string_view::npos;
}

const char* wordOf(HandOver::State state) {
  switch (state) {
    case HandOver::State::Adopting: return "adopting";
    case HandOver::State::Adopted: return "adopted";
    case HandOver::State::Returning: return "returning";
  }
  return "adopting";
}

Error damaged(std::string_view why) {
  Error error;
  error.number = ErrorNumber::InternalError;
  error.domain = ErrorDomain::Interface;
  error.message = std::string("internal error: damaged hand-over record: ").append(why);
  return error;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  std::optional<std::string_view> line() {
    auto newline = text_.find('\n');
    if (newline == std::string_view::npos) return std::nullopt;
    auto out = text_.substr(0, newline);
    text_.remove_prefix(newline + 1);
    return out;
  }
  std::optional<std::string> field(std::string_view key) {
    auto text = line();
    if (!text || !text->starts_with(key) || text->size() <= key.size() ||
        (*text)[key.size()] != ' ')
      return std::nullopt;
    return std::string(text->substr(key.size() + 1));
  }
  // A file's bytes, or that there was no file: nullopt inside when absent, outside when damaged.
  std::optional<std::optional<std::string>> block(std::string_view key) {
    auto size = field(key);
    if (!size) return std::nullopt;
    if (*size == kAbsent) return std::optional<std::string>();
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(size->data(), size->data() + size->size(), n);
    if (ec != std::errc() || end != size->data() + size->size() || n + 1 > text_.size() ||
        text_[n] != '\n')
      return std::nullopt;
    std::string bytes(text_.substr(0, n));
    text_.remove_prefix(n + 1);
    return std::optional<std::string>(std::move(bytes));
  }
  bool atEnd() const { return text_.empty(); }

 private:
  std::string_view text_;
};

// "before SIZE\nBYTES\n", or "before absent\n" for a file that does not exist.
std::string blockOf(std::string_view key, const std::optional<std::string>& bytes) {
  std::string text(key);
  if (!bytes) return text.append(" ").append(kAbsent).append("\n");
  return text.append(" ").append(std::to_string(bytes->size())).append("\n").append(*bytes).append(
      "\n");
}

Error writeError(const std::string& path, int err) {
  return systemError(err, "cannot write '" + path + "'", ErrorDomain::Interface);
}

// Replaces the host file with `content`, atomically and durably, with the mode and owner it had;
// without content, removes it durably.
Status replaceFile(const ConfigRoot& root, const std::string& hostPath,
                   const std::optional<std::string>& content) {
  auto slash = hostPath.rfind('/');
  const std::string folder = root.locate(hostPath.substr(0, slash + 1));
  const std::string name = hostPath.substr(slash + 1);
  UniqueFd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return writeError(hostPath, errno);
  if (!content) return removeFileDurably(dir.get(), name);
  struct stat old {};
  const bool existed = ::fstatat(dir.get(), name.c_str(), &old, AT_SYMLINK_NOFOLLOW) == 0;
  if (Status st = writeFileAtomically(dir.get(), name, *content); !st) return st;
  // The new file was made 0644 by root; an older one's mode and owner are the manager's choice
  // (NetworkManager refuses keyfiles that others can read).
  if (existed && S_ISREG(old.st_mode)) {
    if (::fchownat(dir.get(), name.c_str(), old.st_uid, old.st_gid, AT_SYMLINK_NOFOLLOW) != 0 ||
        ::fchmodat(dir.get(), name.c_str(), old.st_mode & 07777, 0) != 0)
      return writeError(hostPath, errno);
  }
  return {};
}

}  // namespace

std::string HandOver::managerNames() const { return listedInWords(managers); }

std::string HandOver::serialize() const {
  std::string text(kMagic);
  std::string joined;
  for (const std::string& manager : managers) joined += (joined.empty() ? "" : " ") + manager;
  text += "name " + name + "\nmanager " + joined + "\nstate " + wordOf(state) + "\n";
  for (const auto& [manager, names] : released) {
    if (names.empty()) continue;
    text.append("released ").append(manager);
    for (const std::string& one : names) text.append(" ").append(one);
    text.append("\n");
  }
  for (const FileEdit& file : files) {
    text += "file " + file.path + "\n";
    text += blockOf("before", file.before);
    text += blockOf("after", file.after);
  }
  return text + "end\n";
}

Result<HandOver> HandOver::parse(std::string_view text) {
  if (!text.starts_with(kMagic)) return damaged("no header");
  Reader reader(text.substr(kMagic.size()));
  HandOver handOver;
  auto name = reader.field("name");
  auto manager = reader.field("manager");
  auto state = reader.field("state");
  if (!name || !isRecordName(*name) || !manager || !state) return damaged("bad header lines");
  handOver.name = *name;
  handOver.managers = splitWords(*manager);
  if (*state == "adopting") handOver.state = State::Adopting;
  else if (*state == "adopted") handOver.state = State::Adopted;
  else if (*state == "returning") handOver.state = State::Returning;
  else return damaged("unknown state '" + *state + "'");
  for (;;) {
    auto line = reader.line();
    if (!line) return damaged("no end line");
    if (*line == "end") break;
    if (line->starts_with("released ") && handOver.files.empty()) {
      std::vector<std::string> words = splitWords(line->substr(9));
      if (words.size() < 2 || handOver.released.count(words.front()) ||
          !std::all_of(words.begin() + 1, words.end(), isRecordName))
        return damaged("bad released line");
      handOver.released[words.front()].assign(words.begin() + 1, words.end());
      continue;
    }
    if (!line->starts_with("file ")) return damaged("unexpected line");
    FileEdit file;
    file.path = std::string(line->substr(5));
    if (!isManagerPath(file.path)) return damaged("path outside the managers' folders");
    auto before = reader.block("before");
    auto after = reader.block("after");
    if (!before || !after) return damaged("truncated file contents");
    file.before = std::move(*before);
    file.after = std::move(*after);
    handOver.files.push_back(std::move(file));
  }
  if (!reader.atEnd()) return damaged("bytes after the end line");
  return handOver;
}

Status saveHandOver(int dirFd, const HandOver& handOver) {
  if (!isRecordName(handOver.name)) return damaged("bad interface name");
  for (const FileEdit& file : handOver.files)
    if (!isManagerPath(file.path)) return damaged("path outside the managers' folders");
  return writeFileAtomically(dirFd, handOver.name, handOver.serialize());
}

Result<std::optional<HandOver>> loadHandOver(int dirFd, std::string_view name) {
  if (!isRecordName(name)) return std::optional<HandOver>();
  // ifkit's own file: read as the store's are, never blocked on, never followed.
  const std::string file(name);
  auto text = readRegularFileAt(dirFd, file, kMaxRecordBytes, ".handover/" + file);
  if (!text) return std::move(text).error();
  if (!*text) return std::optional<HandOver>();
  auto parsed = HandOver::parse(**text);
  if (!parsed) return std::move(parsed).error();
  if (parsed->name != name)
    return damaged(std::string("'").append(name).append("' names another interface"));
  return std::optional<HandOver>(std::move(*parsed));
}

Result<std::vector<HandOver>> loadHandOvers(int dirFd) {
  std::vector<HandOver> records;
  UniqueFd listing(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  DIR* dir = listing.valid() ? ::fdopendir(listing.release()) : nullptr;
  if (!dir) return systemError(errno, "cannot list hand-over records", ErrorDomain::Interface);
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir))
    if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    auto record = loadHandOver(dirFd, name);
    if (!record) return std::move(record).error();
    if (*record) records.push_back(std::move(**record));
  }
  return records;
}

Status removeHandOver(int dirFd, std::string_view name) {
  if (!isRecordName(name)) return damaged("bad interface name");
  return removeFileDurably(dirFd, name);
}

GiveBack giveBack(const FileEdit& file, const std::optional<std::string>& now) {
  if (now == file.after) return {true, file.before};
  if (!now || !file.before || !file.after) return {};
  std::optional<std::string> merged = mergeLines(*file.after, *now, *file.before);
  if (!merged) return {};
  return {true, std::move(merged)};
}

Status putFiles(const ConfigRoot& root, const HandOver& handOver, FileForm form) {
  for (const FileEdit& file : handOver.files) {
    const auto& wanted = form == FileForm::Before ? file.before : file.after;
    const auto& other = form == FileForm::Before ? file.after : file.before;
    auto current = root.read(file.path);
    if (!current) return std::move(current).error();
    if (*current == wanted) continue;
    if (form == FileForm::Before) {
      if (GiveBack back = giveBack(file, *current); back.possible) {
        if (Status st = replaceFile(root, file.path, back.bytes); !st) return st;
        continue;
      }
    }
    if (*current != other) {
      Error error;
      error.number = ErrorNumber::OperationFailed;
      error.domain = ErrorDomain::Interface;
      error.message = "operation failed: '" + file.path + "' was changed by hand since ifkit " +
                      (form == FileForm::Before ? "took " : "began to take ") + handOver.name +
                      " over from " + handOver.managerNames() + "; it is left as it is";
      return error;
    }
    if (Status st = replaceFile(root, file.path, wanted); !st) return st;
  }
  return {};
}

}  // namespace ifkit::native
