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
// written atomically (temporary file, rename); the directories are made with mode 0700.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "driver/system/start_records.h"
#include "host/netlink/netns.h"
#include "util/unique_fd.h"

namespace ifkit::driver {

class StartRecordDirectory final : public StartRecords {
 public:
  static Result<std::unique_ptr<StartRecordDirectory>> open(
      const host::nl::Netns& netns, std::string runDirectory = "/run/ifkit/started");

  Result<std::optional<plan::StartRecord>> load(const std::string& name) override;
  Result<std::vector<plan::StartRecord>> loadAll() override;
  Status save(const plan::StartRecord& record) override;
  Status remove(const std::string& name) override;
  Status removeAll() override;

  const std::string& path() const { return directory_; }

 private:
  StartRecordDirectory(std::string directory, std::uint64_t cookie)
      : directory_(std::move(directory)), cookie_(cookie) {}
  // The directory if it exists and holds this namespace's records; an invalid fd otherwise.
  Result<UniqueFd> openOurs() const;
  // The directory, made if missing, emptied of another namespace's records.
  Result<UniqueFd> prepare() const;
  // The file names of the records in `dir`.
  Result<std::vector<std::string>> names(int dir) const;

  std::string directory_;  // runDirectory/<netns inode>
  std::uint64_t cookie_;
};

}  // namespace ifkit::driver
