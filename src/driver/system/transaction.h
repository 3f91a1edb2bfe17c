// SPDX-License-Identifier: LGPL-2.1-or-later
// The record of a change transaction on the system driver, kept in the store directory so that
// it outlives the process that began it (each `ifkit iface-*` is a process of its own) and a
// reboot (`ifkit boot` rolls an unfinished one back).
//
//   STORE/.transaction/definitions/*.xml   the definitions as they were at begin
//   STORE/.transaction/live                the restore point of the host at begin
//   STORE/.transaction/started/NAME        the start records at begin (start_records.h)
//   STORE/.transaction/deadline            (optional) when to roll back by itself, unix ms
//
// The record appears whole or not at all: it is written in a temporary directory, synced, and
// renamed into place; commit renames it away before deleting it. Only one can exist: a second
// begin finds the name taken.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/interface_def.h"
#include "plan/restore/restore_point.h"
#include "plan/start_record.h"
#include "store/store.h"

namespace ifkit::driver {

struct TransactionRecord {
  std::vector<conf::InterfaceDef> definitions;
  plan::RestorePoint live;
  // What the starts before begin did, for the stops after a rollback (which returns the host to
  // where those records describe it); nullopt in a record written before ifkit kept them.
  std::optional<std::vector<plan::StartRecord>> started;
  std::optional<long long> deadline;  // milliseconds since the epoch (wall clock)
};

// "Requested operation is not valid: there is another transaction running." when one exists.
Status beginTransaction(const store::DefinitionStore& store, const TransactionRecord& record);
// Whether a record exists.
Result<bool> transactionExists(const store::DefinitionStore& store);
// Whether a record exists, and its deadline if it has one: two small reads, no lock (the record
// appears and goes whole), so that every call can ask whether a rollback is due. A deadline
// that cannot be read (or a record that is no directory) is damage: no rollback is due, and the
// call goes on; commit, rollback or boot set the record aside.
struct TransactionState {
  bool exists = false;
  std::optional<long long> deadline;
  std::optional<std::string> damage;  // what is wrong with the record, if anything

  // Whether its timeout has passed: the next call rolls it back.
  bool rollbackDue() const;
};
Result<TransactionState> transactionState(const store::DefinitionStore& store);
// Milliseconds since the epoch, by the wall clock: a deadline on disk means the same after a
// reboot.
long long wallClockMilliseconds();
// A record read, or what is wrong with it: a file missing, not a regular file (a FIFO, a link),
// or not what ifkit writes. A damaged record is never partly used: a rollback from part of the
// definitions would remove the others.
struct LoadedTransaction {
  std::optional<TransactionRecord> record;  // nullopt when damaged
  std::optional<std::string> damage;
};
// The record, or "no transaction running, nothing to rollback." when there is none; an error
// also when it cannot be read for now (no descriptor left, say), which is no damage.
Result<LoadedTransaction> loadTransaction(const store::DefinitionStore& store);
// Renames a damaged record out of the way, to STORE/.transaction.damaged-TIME-PID (kept, not
// deleted), and returns the error that reports it: "operation failed: the transaction record
// 'STORE/.transaction' is damaged (DAMAGE): kept aside as '...'; OUTCOME".
Error setDamagedTransactionAside(const store::DefinitionStore& store, const std::string& damage,
                                 std::string_view outcome);
// Writes the recorded definitions back and removes the others, in one step of the store
// (store::StoreChange): a crash in the middle never leaves a member's definition beside the
// bridge that claims it. A damaged file is left as it is, unless a recorded definition has its
// name. Needs the store's exclusive lock.
Status restoreRecordedDefinitions(store::DefinitionStore& store, const TransactionRecord& record,
                                  const store::StoreLock& held);
// Drops the record; `whatFor` words the error when there is none ("committed", "rollback").
Status endTransaction(const store::DefinitionStore& store, const char* missingMessage);

inline constexpr const char* kNothingToCommit = "no transaction running, nothing to be committed.";
inline constexpr const char* kNothingToRollback = "no transaction running, nothing to rollback.";

}  // namespace ifkit::driver
