// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver's change transactions: begin, commit, rollback, and expiry of a timeout.
#include <algorithm>

#include "driver/check_flags.h"
#include "driver/system/system_driver.h"
#include "driver/system/system_driver_private.h"
#include "driver/system/transaction.h"
#include "driver/system/warning.h"
#include "plan/restore/restore_plan.h"

namespace ifkit::driver {

Status SystemDriver::beginLocked(std::optional<long long> deadline) {
  // The host and the definitions as they are at one moment: nobody changes either meanwhile.
  auto changing = store_.lockHostChanges();
  if (!changing) return std::move(changing).error();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  auto stored = store_.loadAllLocked(*held);
  if (!stored) return std::move(stored).error();
  plan::RestorePoint point = plan::RestorePoint::capture(*live);
  point.dhcpClients = runningDhcpClients(*host_, *live);
  // A rollback returns the host to where these describe it: they are part of what it restores.
  auto started = records_->loadAll();
  if (!started) return std::move(started).error();
  TransactionRecord record{std::move(stored->definitions), std::move(point), std::move(*started),
                           deadline};
  return beginTransaction(store_, record);
}

Status SystemDriver::changeBegin(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceChangeBegin", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  return beginLocked(std::nullopt);
}

Status SystemDriver::changeBeginWithTimeout(unsigned flags, unsigned seconds) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceChangeBeginTimeout", kDomain); !st) return st;
  if (seconds == 0)
    return makeError(ErrorNumber::InvalidArg, kDomain, "the timeout must be at least 1 second");
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  return beginLocked(wallClockMilliseconds() + 1000LL * seconds);
}

Status SystemDriver::changeCommit(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceChangeCommit", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  // A commit after the deadline is too late: the rollback has happened, or happens now.
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  // A damaged record is not deleted: it is kept aside, and said so.
  auto exists = transactionExists(store_);
  if (!exists) return std::move(exists).error();
  if (!*exists) return makeError(ErrorNumber::OperationInvalid, kDomain, kNothingToCommit);
  auto loaded = loadTransaction(store_);
  if (!loaded) return std::move(loaded).error();
  if (loaded->damage)
    return setDamagedTransactionAside(store_, *loaded->damage,
                                      "the definitions stay as they are, as a commit leaves them");
  return endTransaction(store_, kNothingToCommit);
}

Status SystemDriver::changeRollback(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceChangeRollback", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto changing = store_.lockHostChanges();
  if (!changing) return std::move(changing).error();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  return rollbackLocked(*held);
}

Result<bool> SystemDriver::expireTransaction() {
  if (store_.readOnly()) return false;  // a rollback is a change (beginQuery)
  std::lock_guard lock(mutex_);
  // Cheap when there is nothing to do: a stat of the record, no look at the host.
  auto before = transactionExists(store_);
  if (!before) return std::move(before).error();
  if (!*before) return false;
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto after = transactionExists(store_);
  if (!after) return std::move(after).error();
  return !*after;
}

Status SystemDriver::expireLocked() {
  // Every call comes here first: without a transaction due, two small reads and no lock.
  auto state = transactionState(store_);
  if (!state) return std::move(state).error();
  if (!state->rollbackDue()) return Status();
  auto changing = store_.lockHostChanges();
  if (!changing) return std::move(changing).error();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  auto loaded = loadTransaction(store_);
  if (!loaded) return Status();  // another process ended it meanwhile
  // Damage costs only itself: the call that found it goes on, and the user is told.
  if (loaded->damage) {
    printWarning(
        setDamagedTransactionAside(store_, *loaded->damage, "nothing was rolled back").message);
    return Status();
  }
  const auto& deadline = loaded->record->deadline;
  if (!deadline || *deadline > wallClockMilliseconds()) return Status();
  return rollbackLocked(*held);
}

Status SystemDriver::rollbackLocked(const store::StoreLock& held) {
  auto loaded = loadTransaction(store_);
  if (!loaded) return std::move(loaded).error();
  if (loaded->damage)
    return setDamagedTransactionAside(store_, *loaded->damage, "nothing was rolled back");
  auto record = std::move(loaded->record);

  // The definitions first: the recorded set, exactly, in one step.
  if (Status st = restoreRecordedDefinitions(store_, *record, held); !st) return st;
  // Interfaces taken over from the host's manager by definitions the rollback removed go back;
  // those of definitions it brought back, given back since, are taken over again.
  if (native_) {
    if (Status st = native_->reconcile(store_, held); !st) return st;
    // The links the host is given back: those it had at begin.
    std::vector<std::string> links;
    for (const auto& link : record->live.links) links.push_back(link.name);
    if (Status st = native_->takeOverForStored(store_, held, links); !st) return st;
  }

  // Then the host. A failure keeps the record, so that the rollback can be tried again. The
  // start records go first: they describe starts the rollback undoes, or miss the ones it
  // redoes; until it is through, stops go by the definitions.
  if (Status st = records_->removeAll(); !st) return st;
  if (Status st = stopDhcpClientsStartedSince(*host_, record->live); !st) return st;
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  for (const auto& op : plan::planRestore(record->live, *live))
    if (Status st = host_->apply(op); !st) return st;
  if (Status st = startDhcpClientsStoppedSince(*host_, record->live, store_); !st) return st;
  // The host is where it was at begin, and so are the records of the starts that made it so.
  for (const plan::StartRecord& start : record->started.value_or(std::vector<plan::StartRecord>{}))
    if (Status st = records_->save(start); !st) return st;
  return endTransaction(store_, kNothingToRollback);
}

}  // namespace ifkit::driver
