// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/native_owners.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "conf/claimed_interfaces.h"
#include "driver/system/definition_owners.h"
#include "driver/system/native_managers.h"
#include "driver/system/warning.h"
#include "native/handover.h"
#include "native/netplan/netplan_configuration.h"
#include "util/listed_in_words.h"
#include "util/system_error.h"

namespace ifkit::driver {
namespace {

using native::FileEdit;
using native::FileForm;
using native::HandOver;

// The interface and every interface it claims.
std::set<std::string> namesOf(const conf::InterfaceDef& def) {
  std::set<std::string> names{def.name};
  for (const std::string& claimed : conf::claimedInterfaces(def)) names.insert(claimed);
  return names;
}

// Later edits of a file already in `into` keep its first `before`: the manager's own bytes.
void merge(std::vector<FileEdit>& into, const std::vector<FileEdit>& edits) {
  for (const FileEdit& edit : edits) {
    auto same = std::find_if(into.begin(), into.end(),
                             [&](const FileEdit& e) { return e.path == edit.path; });
    if (same == into.end()) into.push_back(edit);
    else same->after = edit.after;
  }
}

bool sharesEveryFile(const HandOver& part, const HandOver& whole) {
  return std::all_of(part.files.begin(), part.files.end(), [&](const FileEdit& file) {
    return std::any_of(whole.files.begin(), whole.files.end(),
                       [&](const FileEdit& other) { return other.path == file.path; });
  });
}

}  // namespace

std::vector<std::string> linkNames(const host::LiveState& live) {
  std::vector<std::string> names;
  names.reserve(live.links.size());
  for (const host::Link& link : live.links) names.push_back(link.name);
  return names;
}

Result<NativeOwners> NativeOwners::open(std::string root, const store::DefinitionStore& store,
                                        int netnsFd) {
  UniqueFd netns(netnsFd < 0 ? -1 : ::fcntl(netnsFd, F_DUPFD_CLOEXEC, 0));
  if (netnsFd >= 0 && !netns.valid())
    return systemError(errno, "cannot keep the network namespace", ErrorDomain::Interface);
  return NativeOwners(native::ConfigRoot(std::move(root)), store.directoryFd(), store.path(),
                      std::move(netns));
}

void NativeOwners::tell(NativeManager::Tell NativeManager::*hook,
                        const std::vector<HandOver>& handOvers) {
  if (!netns_.valid() || handOvers.empty()) return;
  for (const NativeManager& manager : nativeManagers()) {
    if (manager.*hook == nullptr) continue;
    bool involved = false;
    std::vector<std::string> names;
    for (const HandOver& handOver : handOvers) {
      const auto& managers = handOver.managers;
      if (std::find(managers.begin(), managers.end(), manager.name) == managers.end()) continue;
      involved = true;
      if (auto released = handOver.released.find(manager.name);
          released != handOver.released.end())
        names.insert(names.end(), released->second.begin(), released->second.end());
    }
    if (!involved) continue;
    if (Status st = (manager.*hook)(TellContext{netns_.get(), root_}, names); !st)
      printWarning(st.error().message);
  }
}

std::vector<HandOver> NativeOwners::handOversOf(const std::vector<std::string>& names) {
  std::vector<HandOver> found;
  auto folder = records(/*create=*/false);
  if (!folder || *folder < 0) return found;
  for (const std::string& name : names) {
    auto record = native::loadHandOver(*folder, name);
    if (record && *record) found.push_back(std::move(**record));
  }
  return found;
}

std::vector<HandOver> NativeOwners::tellBeforeStart(const std::vector<std::string>& names) {
  std::vector<HandOver> handOvers = handOversOf(names);
  tell(&NativeManager::letGo, handOvers);
  return handOvers;
}

void NativeOwners::tellAfterStart(const std::vector<HandOver>& handOvers) {
  tell(&NativeManager::afterStart, handOvers);
}

Result<int> NativeOwners::records(bool create) {
  if (records_.valid()) return records_.get();
  // Made at the first hand-over: a host that never had one, and every reader, write nothing.
  if (create && ::mkdirat(storeFd_, kHandOverFolder, 0700) != 0 && errno != EEXIST)
    return systemError(errno, "cannot create '" + storePath_ + "/" + kHandOverFolder + "'",
                       ErrorDomain::Interface);
  records_.reset(::openat(storeFd_, kHandOverFolder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (records_.valid()) return records_.get();
  if (errno == ENOENT && !create) return -1;
  return systemError(errno, "cannot open '" + storePath_ + "/" + kHandOverFolder + "'",
                     ErrorDomain::Interface);
}

native::NativeConfiguration NativeOwners::configuration(
    const store::LoadedDefinitions& stored, const std::vector<std::string>& links) const {
  native::NativeConfiguration all;
  std::map<std::string, std::string> managerOf;  // name -> the manager listed for it
  for (const NativeManager& manager : nativeManagers()) {
    native::NativeConfiguration read = manager.read(root_, links);
    for (native::NativeDefinition& native : read.definitions) {
      auto [first, fresh] = managerOf.emplace(native.def.name, manager.name);
      if (!fresh) {
        // netplan's interfaces are configured by its renderer (networkd or NetworkManager)
        // from the files netplan wrote: one configuration, seen twice, not two owners.
        if (first->second == std::string_view(native::netplan::kManagerName)) continue;
        all.problems.push_back({manager.name, native.def.name + " is configured by " +
                                                  first->second + " too: " + first->second +
                                                  "'s definition is listed"});
        continue;
      }
      all.definitions.push_back(std::move(native));
    }
    for (native::NativeProblem& problem : read.problems) {
      // One problem of the YAML, not again for each file netplan rendered from it.
      if (manager.name != std::string_view(native::netplan::kManagerName) &&
          native::netplan::namesRenderedFile(problem.message))
        continue;
      all.problems.push_back(std::move(problem));
    }
  }
  std::set<std::string> ifkits;
  for (const conf::InterfaceDef& def : stored.definitions)
    for (const std::string& name : namesOf(def)) ifkits.insert(name);
  std::erase_if(all.definitions, [&](const native::NativeDefinition& native) {
    return ifkits.count(native.def.name) > 0;
  });
  native::sortByName(all);
  return all;
}

std::optional<native::NativeDefinition> NativeOwners::find(
    std::string_view name, const std::vector<std::string>& links) const {
  for (const NativeManager& manager : nativeManagers()) {
    native::NativeConfiguration all = manager.read(root_, links);
    for (native::NativeDefinition& native : all.definitions)
      if (native.def.name == name) return std::move(native);
  }
  return std::nullopt;
}

Status NativeOwners::define(store::DefinitionStore& store, const conf::InterfaceDef& def,
                           const std::vector<std::string>& links) {
  // From reading the others to writing: no other define may come between.
  auto held = store.lockExclusive();
  if (!held) return std::move(held).error();
  if (Status st = reconcile(store, *held); !st) return st;
  auto change = changeForDefineLocked(def, store, *held);
  if (!change) return std::move(change).error();
  if (Status st = commitDefine(store, *held, &*change, def, links); !st) return st;
  // An interface that is there already may never be started by ifkit (it runs: iface-unbridge
  // defines the NIC it just gave its addresses back to), so its manager is told now. One that
  // is not there yet (a new bridge) is told at its start, when ifkit begins to run it: a
  // manager's DHCP client keeps the lease until then.
  if (std::find(links.begin(), links.end(), def.name) != links.end())
    tellBeforeStart({def.name});
  return {};
}

Status NativeOwners::takeOverForStored(store::DefinitionStore& store,
                                       const store::StoreLock& held,
                                       const std::vector<std::string>& links) {
  auto stored = store.loadAllLocked(held);
  if (!stored) return std::move(stored).error();
  for (const conf::InterfaceDef& def : stored->definitions)
    if (Status st = commitDefine(store, held, nullptr, def, links); !st) return st;
  return {};
}

Result<NativeOwners::HandOverPlan> NativeOwners::handOverFor(
    const store::StoreChange* change, const conf::InterfaceDef& def,
    const std::vector<std::string>& links) {
  HandOverPlan plan;
  // Every interface a manager configures as part of what the new definition owns goes: the
  // manager's whole definition of it (a bridge's ports with the bridge). The owned names are
  // looked for whether the kernel has them or not (a bridge that only a .netdev makes).
  const std::set<std::string> owned = namesOf(def);
  std::vector<std::string> looked = links;
  looked.insert(looked.end(), owned.begin(), owned.end());
  std::vector<FileEdit> releases;
  std::map<std::string, std::vector<std::string>> namesReleasedBy;
  for (const NativeManager& manager : nativeManagers()) {
    std::vector<std::string> released;
    for (const native::NativeDefinition& native : manager.read(root_, looked).definitions) {
      std::set<std::string> names = namesOf(native.def);
      if (std::any_of(names.begin(), names.end(), [&](const auto& n) { return owned.count(n); }))
        released.insert(released.end(), names.begin(), names.end());
    }
    if (released.empty()) continue;
    auto edits = manager.release(root_, released);
    if (!edits) return std::move(edits).error();
    if (edits->empty()) continue;
    merge(releases, *edits);
    plan.releasedBy.push_back(manager.name);
    namesReleasedBy[manager.name] = released;
    plan.released.insert(plan.released.end(), released.begin(), released.end());
  }
  // Earlier hand-overs this definition absorbs: its own (a redefine) and those of the
  // definitions it replaces (a bridge over a NIC that was adopted on its own).
  std::vector<std::string> candidates = change ? change->remove : std::vector<std::string>{};
  candidates.push_back(def.name);
  auto folder = records(/*create=*/false);
  if (!folder) return std::move(folder).error();
  for (const std::string& name : candidates) {
    if (*folder < 0) break;
    auto record = native::loadHandOver(*folder, name);
    if (!record) return std::move(record).error();
    if (*record) plan.absorbed.push_back(std::move(**record));
  }
  // Without a change (the definition is stored already), only a new release is worth a record.
  if (plan.released.empty() && (plan.absorbed.empty() || !change)) return plan;
  plan.handOver = HandOver{def.name, {}, HandOver::State::Adopting, {}, {}};
  auto note = [&](const std::string& manager, const std::vector<std::string>& names) {
    auto& all = plan.handOver->managers;
    if (std::find(all.begin(), all.end(), manager) == all.end()) all.push_back(manager);
    auto& kept = plan.handOver->released[manager];
    for (const std::string& name : names)
      if (std::find(kept.begin(), kept.end(), name) == kept.end()) kept.push_back(name);
  };
  for (const HandOver& old : plan.absorbed) {
    merge(plan.handOver->files, old.files);
    for (const std::string& manager : old.managers) {
      auto names = old.released.find(manager);
      note(manager, names == old.released.end() ? std::vector<std::string>{} : names->second);
    }
  }
  merge(plan.handOver->files, releases);
  for (const std::string& manager : plan.releasedBy) note(manager, namesReleasedBy[manager]);
  std::erase_if(plan.handOver->released, [](const auto& entry) { return entry.second.empty(); });
  return plan;
}

Status NativeOwners::commitDefine(store::DefinitionStore& store, const store::StoreLock& held,
                                  const store::StoreChange* change, const conf::InterfaceDef& def,
                                  const std::vector<std::string>& links) {
  auto plan = handOverFor(change, def, links);
  if (!plan) return std::move(plan).error();
  if (!plan->handOver) return change ? store.commitLocked(*change, held) : Status();
  HandOver& handOver = *plan->handOver;
  auto folder = records(/*create=*/true);
  if (!folder) return std::move(folder).error();
  // From here the hand-over is written down: whoever finds it completes it (reconcile).
  if (Status st = native::saveHandOver(*folder, handOver); !st) return st;
  // The managers' files before the store: a file that cannot be written (a folder gone, a full
  // disk) leaves everything as it was, the files given back, the store untouched and the
  // record as before. A crash between the two leaves a record whose definition is not stored,
  // which the next writer gives back (of a redefine, the earlier definition is stored: the
  // next writer completes the hand-over for it).
  Status written = native::putFiles(root_, handOver, FileForm::After);
  if (written && change) written = store.commitLocked(*change, held);
  if (!written) {
    (void)native::putFiles(root_, handOver, FileForm::Before);
    auto own = std::find_if(plan->absorbed.begin(), plan->absorbed.end(),
                            [&](const HandOver& old) { return old.name == def.name; });
    (void)(own != plan->absorbed.end() ? native::saveHandOver(*folder, *own)
                                       : native::removeHandOver(*folder, def.name));
    return written;
  }
  handOver.state = HandOver::State::Adopted;
  if (Status st = native::saveHandOver(*folder, handOver); !st) return st;
  for (const HandOver& old : plan->absorbed)
    if (old.name != def.name)
      if (Status st = native::removeHandOver(*folder, old.name); !st) return st;
  return {};
}

Result<std::vector<native::FileEdit>> NativeOwners::planDefine(store::DefinitionStore& store,
                                                               const conf::InterfaceDef& def,
                                                               const std::vector<std::string>& links,
                                                               store::StoreChange& change) {
  auto held = store.lockExclusive();
  if (!held) return std::move(held).error();
  auto planned = changeForDefineLocked(def, store, *held);
  if (!planned) return std::move(planned).error();
  change = std::move(*planned);
  auto plan = handOverFor(&change, def, links);
  if (!plan) return std::move(plan).error();
  std::vector<native::FileEdit> edits;
  if (plan->handOver)
    for (const native::FileEdit& file : plan->handOver->files) {
      // Only what changes from now: the files as they are, to what the define makes of them.
      auto now = root_.read(file.path);
      if (!now) return std::move(now).error();
      native::FileEdit edit{file.path, *now, file.after};
      if (edit.before != edit.after) edits.push_back(std::move(edit));
    }
  return edits;
}

Status NativeOwners::undefine(store::DefinitionStore& store, const store::StoreLock& held,
                              const std::string& name) {
  if (Status st = reconcile(store, held); !st) return st;
  auto folder = records(/*create=*/false);
  if (!folder) return std::move(folder).error();
  if (*folder < 0) return store.removeLocked(name, held);
  auto record = native::loadHandOver(*folder, name);
  if (!record) return std::move(record).error();
  if (!*record) return store.removeLocked(name, held);
  HandOver handOver = std::move(**record);
  // Nothing changes if a file cannot be given back as it was.
  for (const FileEdit& file : handOver.files) {
    auto now = root_.read(file.path);
    if (!now) return std::move(now).error();
    if (!native::giveBack(file, *now).possible)
      return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                       "operation failed: '" + file.path + "' was changed by hand, in or next " +
                           "to the lines ifkit changed, since ifkit took " + name + " over from " + handOver.managerNames() +
                           "; nothing was changed (the original is in '" + store.path() + "/" +
                           kHandOverFolder + "/" + name + "')");
  }
  handOver.state = HandOver::State::Returning;
  if (Status st = native::saveHandOver(*folder, handOver); !st) return st;
  if (Status st = store.removeLocked(name, held); !st) return st;
  if (Status st = native::putFiles(root_, handOver, FileForm::Before); !st) return st;
  if (Status st = native::removeHandOver(*folder, name); !st) return st;
  // The manager configures its interfaces again from its own files.
  tell(&NativeManager::takeBack, {handOver});
  return {};
}

Status NativeOwners::reconcile(store::DefinitionStore& store, const store::StoreLock& held) {
  auto folder = records(/*create=*/false);
  if (!folder) return std::move(folder).error();
  if (*folder < 0) return {};
  auto records = native::loadHandOvers(*folder);
  if (!records) return std::move(records).error();
  for (HandOver& handOver : *records) {
    const bool defined = store.exists(handOver.name);
    if (handOver.state == HandOver::State::Adopting && defined) {
      if (Status st = native::putFiles(root_, handOver, FileForm::After); !st) return st;
      handOver.state = HandOver::State::Adopted;
      if (Status st = native::saveHandOver(*folder, handOver); !st) return st;
      continue;
    }
    if (handOver.state == HandOver::State::Adopted && defined) continue;
    // Absorbed by another hand-over whose definition replaced this one: nothing to give back.
    if (handOver.state == HandOver::State::Adopted &&
        std::any_of(records->begin(), records->end(), [&](const HandOver& other) {
          return &other != &handOver && store.exists(other.name) &&
                 sharesEveryFile(handOver, other);
        })) {
      if (Status st = native::removeHandOver(*folder, handOver.name); !st) return st;
      continue;
    }
    // Adopting without its definition (the define died before storing it), Returning, or a
    // definition gone another way (a rollback): the manager gets its files back.
    if (handOver.state == HandOver::State::Returning && defined)
      if (Status st = store.removeLocked(handOver.name, held); !st) return st;
    if (Status st = native::putFiles(root_, handOver, FileForm::Before); !st) return st;
    if (Status st = native::removeHandOver(*folder, handOver.name); !st) return st;
    tell(&NativeManager::takeBack, {handOver});
  }
  return {};
}

std::vector<std::string> NativeOwners::configuredTwice(const store::LoadedDefinitions& stored,
                                                       const std::vector<std::string>& links) {
  // Each manager read once, for every name ifkit's definitions own: only a definition that
  // owns a name some manager configures needs its hand-over planned (which reads them again).
  std::vector<std::string> looked = links;
  for (const conf::InterfaceDef& def : stored.definitions)
    for (const std::string& name : namesOf(def)) looked.push_back(name);
  std::set<std::string> configured;
  for (const NativeManager& manager : nativeManagers())
    for (const native::NativeDefinition& native : manager.read(root_, looked).definitions)
      for (const std::string& name : namesOf(native.def)) configured.insert(name);
  std::vector<std::string> messages;
  for (const conf::InterfaceDef& def : stored.definitions) {
    const std::set<std::string> owned = namesOf(def);
    if (std::none_of(owned.begin(), owned.end(),
                     [&](const std::string& name) { return configured.count(name) > 0; }))
      continue;
    auto plan = handOverFor(nullptr, def, links);
    if (!plan) {
      messages.push_back(plan.error().message);
      continue;
    }
    if (plan->released.empty()) continue;
    const std::set<std::string> released(plan->released.begin(), plan->released.end());
    const std::string names =
        listedInWords(std::vector<std::string>(released.begin(), released.end()));
    const std::string managers = listedInWords(plan->releasedBy);
    messages.push_back("ifkit's definition " + def.name + " owns " + names + ", which " +
                       managers + " configures too: at boot both configure it; 'iface-define' " +
                       def.name + " again to hand it over to ifkit, or 'iface-undefine' " +
                       def.name + " to leave it to " + managers);
  }
  return messages;
}

}  // namespace ifkit::driver
