// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading the small files ifkit keeps for itself (definitions, start records, transaction
// records) without trusting what stands where they belong.
//
//   auto text = readRegularFileAt(dirFd, "br0.xml", 1 << 20, "br0.xml");
//   if (!text) ...                    // a FIFO, a link, a directory, a device: named, not opened
//   else if (!*text) ...              // no such file
//   auto dir = openDirectoryAt(storeFd, ".transaction", ".transaction");
//
// Anyone who can write in a folder of ifkit (an administrator's slip, a damaged disk, a hostile
// user where permissions are wrong) could leave a FIFO there: opened without O_NONBLOCK, it
// blocks until a writer comes, and every listing with it. A symbolic link would lead ifkit's
// reads, and its writes and deletions, to a file that is not its own. So the entry is looked at
// first (lstat, or the type the directory listing gave), anything but a regular file is refused
// without being opened, and the open itself is O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC and checked
// again with fstat (the entry may have been swapped in between): never blocked, never followed.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ifkit/error.h"
#include "util/unique_fd.h"

namespace ifkit {

// What a file type is called in a message: "a FIFO", "a symbolic link", "a directory", ...
std::string_view fileTypeInWords(mode_t mode);

// The whole content of the regular file `name` in directory `dirFd`, or nullopt if there is no
// such entry. Anything else there, or a file larger than `maxBytes`, is an OPERATION_FAILED error
// naming it as `shownAs` ("'zz.xml' is a FIFO, not a regular file"); a failed system call keeps
// its errno.
Result<std::optional<std::string>> readRegularFileAt(int dirFd, const std::string& name,
                                                     std::size_t maxBytes,
                                                     std::string_view shownAs);

// The same for an entry that a directory listing (readdir) found, with the type it gave for it
// (dirent's d_type): that look stands for the lstat, one system call fewer per file of a
// listing. The file is opened only if it was listed as a regular file, and checked again once
// open, as above; DT_UNKNOWN (a file system that does not say) makes it look with lstat.
Result<std::optional<std::string>> readListedRegularFileAt(int dirFd, const std::string& name,
                                                           unsigned char listedType,
                                                           std::size_t maxBytes,
                                                           std::string_view shownAs);

// The directory `name` of `dirFd`, opened without following a symbolic link, or an invalid fd if
// there is no such entry. A link, a file or anything else there is an OPERATION_FAILED error
// naming it as `shownAs`.
Result<UniqueFd> openDirectoryAt(int dirFd, const std::string& name, std::string_view shownAs);

// Whether an error of these helpers (or any system call) says that the process lacks a resource
// for now (descriptors, memory) rather than that the file is wrong: such a file is not damaged.
bool isTransientFailure(const Error& error);

}  // namespace ifkit
