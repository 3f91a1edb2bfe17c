// SPDX-License-Identifier: LGPL-2.1-or-later
// The host's own network managers beside ifkit's store: one owner per interface across them.
//
// ifkit's store holds ifkit's definitions; ifupdown, systemd-networkd (native_managers.h lists
// them) configure the rest of the host from their own files. NativeOwners reads those files under a root ("/"
// on a host, ifkit:///system?root=DIR in tests and images) so that their interfaces are listed
// and described, and moves interfaces between the two owners:
//
//   define    of an interface a manager configures (itself, or one it claims: a bridge over
//             the NIC ifupdown configures) stores ifkit's definition and releases the interfaces
//             from the managers' files (of each manager that configures any of them) in one step that a crash cannot split (native/handover.h);
//   undefine  of an adopted definition removes it and gives the manager its files back, byte
//             for byte.
//
// Every call is made under the store's exclusive lock; each first completes a hand-over that a
// dead process left half done. `links` are the kernel's link names, from the driver's dump:
// networkd matches its files against them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "conf/interface_def.h"
#include "driver/system/native_managers.h"
#include "host/live_state.h"
#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/handover.h"
#include "native/native_definition.h"
#include "store/store.h"
#include "util/unique_fd.h"

namespace ifkit::driver {

// The folder of hand-over records inside the store; a dot name keeps it out of the definitions.
inline constexpr const char* kHandOverFolder = ".handover";

// The names of the kernel's links, as NativeOwners' calls take them.
std::vector<std::string> linkNames(const host::LiveState& live);

class NativeOwners {
 public:
  // Reads the managers' files under `root`; keeps hand-over records in the store's folder;
  // tells the managers that run in the network namespace `netnsFd` (kept, duplicated; -1: none)
  // to reread their files.
  static Result<NativeOwners> open(std::string root, const store::DefinitionStore& store,
                                   int netnsFd = -1);

  // What the managers configure now, read afresh: definitions of interfaces that ifkit's store
  // does not define nor claim. Unreadable files are problems, not errors.
  native::NativeConfiguration configuration(const store::LoadedDefinitions& stored,
                                            const std::vector<std::string>& links) const;
  // The manager's definition of `name`, if one configures it on its own (not as a member).
  std::optional<native::NativeDefinition> find(std::string_view name,
                                               const std::vector<std::string>& links) const;

  // Defines `def` under the one-owner rule of the store (definition_owners.h), taking over
  // from the manager whatever it configures of the interfaces `def` owns.
  Status define(store::DefinitionStore& store, const conf::InterfaceDef& def,
                const std::vector<std::string>& links);
  // What define would change, changing nothing: the store change (out) and the edits of the
  // managers' files.
  Result<std::vector<native::FileEdit>> planDefine(store::DefinitionStore& store,
                                                   const conf::InterfaceDef& def,
                                                   const std::vector<std::string>& links,
                                                   store::StoreChange& change);
  // Removes the definition `name` and gives its interfaces back to their manager, if it took
  // them over; refused with nothing changed when a manager's file was edited by hand since.
  Status undefine(store::DefinitionStore& store, const store::StoreLock& held,
                  const std::string& name);
  // Takes over, for every stored definition, what the manager configures again of its
  // interfaces: after a rollback brought back definitions whose interfaces were given back.
  Status takeOverForStored(store::DefinitionStore& store, const store::StoreLock& held,
                           const std::vector<std::string>& links);
  // Completes what a dead process left half done, and gives back interfaces whose adopting
  // definition is gone (a rollback removed it).
  Status reconcile(store::DefinitionStore& store, const store::StoreLock& held);
  // The interfaces of stored definitions that a manager configures again (an administrator or
  // a configuration tool put the stanza back, a package added a file that comes first): one
  // message each, naming the managers. ifkit does not take them again by itself: the file is
  // somebody's decision; a define hands them over again, an undefine leaves them.
  std::vector<std::string> configuredTwice(const store::LoadedDefinitions& stored,
                                           const std::vector<std::string>& links);

  // Before ifkit's start of the definitions `names` changes the live links: the managers it
  // took them from, if they run, let go of them, leaving them as they are. Returns their
  // hand-over records, whom to tell after the start: none, for the cost of one look for the
  // records' folder, on a host that never had a hand-over.
  std::vector<native::HandOver> tellBeforeStart(const std::vector<std::string>& names);
  // After that start: the managers that are told only then (networkd_reload.h). A failure of
  // either is a warning: the start goes on, and the files hold at the manager's next start.
  void tellAfterStart(const std::vector<native::HandOver>& handOvers);

  const native::ConfigRoot& root() const { return root_; }

 private:
  NativeOwners(native::ConfigRoot root, int storeFd, std::string storePath, UniqueFd netns)
      : root_(std::move(root)),
        storeFd_(storeFd),
        storePath_(std::move(storePath)),
        netns_(std::move(netns)) {}
  // Tells each manager of the hand-overs that has `hook`, if it runs, about the interfaces it
  // released in them, in one call; warns on failure.
  void tell(NativeManager::Tell NativeManager::*hook, const std::vector<native::HandOver>& handOvers);
  // The hand-over records of the definitions `names` (those that have one).
  std::vector<native::HandOver> handOversOf(const std::vector<std::string>& names);
  // The hand-over records' folder; -1 when there is none and `create` is false.
  Result<int> records(bool create);

  // The hand-over a define needs: the manager's interfaces it releases, the records it absorbs,
  // and the record to write (none when nothing is handed over).
  struct HandOverPlan {
    std::vector<std::string> released;
    std::vector<std::string> releasedBy;  // the managers whose files release them
    std::vector<native::HandOver> absorbed;
    std::optional<native::HandOver> handOver;
  };
  Result<HandOverPlan> handOverFor(const store::StoreChange* change, const conf::InterfaceDef& def,
                                   const std::vector<std::string>& links);
  // The store change of a define, made with the hand-over it needs, if any; without a change,
  // `def` is stored already and only the hand-over is made.
  Status commitDefine(store::DefinitionStore& store, const store::StoreLock& held,
                      const store::StoreChange* change, const conf::InterfaceDef& def,
                      const std::vector<std::string>& links);

  native::ConfigRoot root_;
  int storeFd_;  // the store's directory, which the driver keeps open as long as this
  std::string storePath_;
  UniqueFd records_;  // the store's .handover folder, once opened
  UniqueFd netns_;    // the namespace whose running managers are told; invalid: none
};

}  // namespace ifkit::driver
