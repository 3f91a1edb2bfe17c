// SPDX-License-Identifier: LGPL-2.1-or-later
// The host's network managers that ifkit shares interfaces with, one entry each.
//
// NativeOwners (native_owners.h) knows managers only through this table: a manager is its name,
// a reader of its files and a releaser, both pure functions of files under a root
// (src/native/<manager>/), and what tells it, running, to let go of interfaces and to take them
// back. Adding a manager is adding its entry in native_managers.cpp:
//
//   {native::netplan::kManagerName, &native::netplan::readNetplanConfiguration,
//    &native::netplan::releaseFromNetplan, nullptr, &rereadNetplan, &rereadNetplan},
//
// The kernel's link names are given to the readers because some managers (networkd,
// NetworkManager) match their files against the links there are (globs, types): the driver has
// them from the dump it made anyway.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/file_edit.h"
#include "native/native_definition.h"

namespace ifkit::driver {

// Where a manager is told: the network namespace ifkit changes, the root of the managers' files.
struct TellContext {
  int netnsFd;
  const native::ConfigRoot& root;
};

struct NativeManager {
  const char* name;  // as NativeDefinition::manager and the hand-over records name it
  // What the manager configures: its definitions, named by the links of `links` (and the
  // devices its files make) they configure. Unreadable files are problems, not errors.
  native::NativeConfiguration (*read)(const native::ConfigRoot& root,
                                      const std::vector<std::string>& links);
  // The edits of its files that make it leave `names` alone, durably (after a reboot too); none
  // when it configures none of them.
  Result<std::vector<native::FileEdit>> (*release)(const native::ConfigRoot& root,
                                                   const std::vector<std::string>& names);
  // Telling the manager, if it runs in the network namespace where.netnsFd (its bookkeeping:
  // under where.root), what ifkit did with the
  // interfaces `names` it released; each null when there is nothing to tell then. A failure is
  // a warning: the files hold from the manager's next start on.
  using Tell = Status (*)(const TellContext& where, const std::vector<std::string>& names);
  // Before ifkit's start changes the live links: let go of them, leaving them as they are.
  Tell letGo;
  // Once ifkit's start changed them (networkd_reload.h says why networkd is told only then).
  Tell afterStart;
  // After the files were given back: configure them again from its own files.
  Tell takeBack;
};

// In order of precedence: where two managers configure one name, the first one's definition
// is listed (and a problem names the other).
const std::vector<NativeManager>& nativeManagers();

}  // namespace ifkit::driver
