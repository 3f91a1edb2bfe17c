// SPDX-License-Identifier: LGPL-2.1-or-later
// StartRecordDirectory: the start records (start_records.h) of one network namespace, one file
// per interface under RUN/<namespace inode>/, beside the DHCP clients' RUN/../dhcp/<inode>/.
//
//   auto records = StartRecordDirectory::open(netns);   // /run/ifkit/started/<inode>/
//   Status st = (*records)->save(record);               // /run/ifkit/started/<inode>/br0
//
// /run is volatile on purpose: a reboot resets the kernel the records describe, and must not
// leave records that a stop would take for this kernel's. A namespace made after another one is
// deleted may get its inode number again, so the directory also holds the namespace's cookie
// (netns:cookie; no interface can be named so, the kernel refuses ':'): records found under
// another namespace's cookie are not this one's, and are dropped at the next save. Files are
// written atomically (temporary file, rename); a start's unfinished record is NAME:unfinished,
// which finish() renames to NAME (start_records.h); the directories are made with mode 0700. The
// namespace's folder must be a directory of ifkit's own (not a symbolic link, not writable by
// others): anything else is refused, never followed, never emptied. Records are read as
// util/safe_file.h reads (never a FIFO's blocking open); a damaged one is set aside as
// .damaged-NAME-TIME-PID and reported (start_records.h).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "driver/system/start_records.h"
#include "host/netlink/netns.h"
#include "util/unique_fd.h"

namespace ifkit::driver {

class StartRecordDirectory final : public StartRecords {
 public:
  static Result<std::unique_ptr<StartRecordDirectory>> open(
      const host::nl::Netns& netns, std::string runDirectory = "/run/ifkit/started");

  Result<std::optional<LoadedRecord>> load(const std::string& name) override;
  Result<std::vector<plan::StartRecord>> loadAll() override;
  Result<std::set<std::string>> names() override;
  Status save(const plan::StartRecord& record) override;
  Status saveUnfinished(const plan::StartRecord& record) override;
  Status finish(const std::string& name) override;
  Status dropUnfinished(const std::string& name) override;
  Status remove(const std::string& name) override;
  Status removeAll() override;

  const std::string& path() const { return directory_; }

 private:
  StartRecordDirectory(std::string run, std::string leaf, std::uint64_t cookie, UniqueFd netns)
      : run_(std::move(run)),
        leaf_(std::move(leaf)),
        directory_(run_ + "/" + leaf_),
        cookie_(cookie),
        netns_(std::move(netns)) {}
  // The namespace's folder, not followed if a link, refused unless ifkit's own; invalid if none.
  Result<UniqueFd> openLeaf() const;
  // The directory (owned by ours_) if it exists and holds this namespace's records; -1 otherwise.
  Result<int> openOurs() const;
  // The directory (owned by ours_), made if missing, emptied of another namespace's records.
  Result<int> prepare() const;
  bool cachedStillThere() const;
  Result<std::optional<LoadedRecord>> loadLocked(const std::string& name) const;
  // The record in `file` (NAME or NAME:unfinished) of `name`; a damaged one set aside.
  Result<std::optional<LoadedRecord>> loadFileLocked(int dir, const std::string& name,
                                                     const std::string& file) const;
  // Renames a damaged record out of the way and says so on stderr.
  void setAsideLocked(int dir, const std::string& file, const std::string& why) const;
  // The files of records in `dir`, finished and unfinished.
  Result<std::vector<std::string>> recordFiles(int dir) const;
  Result<std::set<std::string>> namesLocked(int dir) const;

  std::string run_;        // runDirectory
  std::string leaf_;       // <netns inode>
  std::string directory_;  // runDirectory/<netns inode>
  std::uint64_t cookie_;
  UniqueFd netns_;  // the namespace, held: its inode names the directory
  // The directory once found to be this namespace's: a start of many interfaces checks the
  // cookie once, not once per record.
  mutable std::mutex mutex_;
  mutable UniqueFd ours_;
  mutable bool swept_ = false;  // abandoned temporary files removed from ours_
};

}  // namespace ifkit::driver
