// SPDX-License-Identifier: LGPL-2.1-or-later
// SystemDriver: the interfaces of a real host (ifkit:///system): the kernel's links of one
// network namespace, read through a HostBackend, and the persistent definitions of a store.
//
// An interface is known if the kernel has it or the store defines it; it is active when the
// kernel has it and it is administratively up. Listings hold the links listed on their own (not
// bridge ports, bond slaves, tun/tap devices: plan/live/listed_links.h) and every stored
// definition; lookups by MAC count only those, seeing the kernel's MAC of a present link and the
// defined MAC of an absent one; lookups by name reach every link. The live XML describes the kernel's view
// (plan/live/describe_live.h); the inactive XML is the stored definition, or for a link with
// none, its live description with the start mode that keeps it as it is (onboot when it is up,
// none when down), so that iface-bridge and iface-edit can start from it. The
// loopback link is not an interface of this API, as with libvirt's netcf backend.
// Errors are in domain VIR_FROM_INTERFACE, worded as libvirt's netcf backend words them.
// Safe to call from several threads (calls are serialized).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "driver/interface_driver.h"
#include "driver/system/native_owners.h"
#include "driver/system/start_records.h"
#include "host/host_backend.h"
#include "host/live_index.h"
#include "plan/plan.h"
#include "store/store.h"

namespace ifkit::driver {

class SystemDriver final : public InterfaceDriver {
 public:
  // `records` keeps what each start did until its stop (start_records.h): for a real host, a
  // StartRecordDirectory of the host's namespace. `queryHost`, a second backend on the same
  // host (its own sockets), answers questions while a change runs on `host`: a start waiting
  // seconds for a DHCP lease then holds up no listing. Without one, questions wait for changes.
  SystemDriver(std::unique_ptr<host::HostBackend> host, store::DefinitionStore store,
               std::unique_ptr<StartRecords> records,
               std::unique_ptr<host::HostBackend> queryHost = nullptr)
      : host_(std::move(host)),
        queryHost_(std::move(queryHost)),
        store_(std::move(store)),
        records_(std::move(records)) {}

  // The host's own network managers (native_owners.h): their interfaces are listed and
  // described beside the store's, and defining one takes it over. Without, only the store.
  void useNativeOwners(std::unique_ptr<NativeOwners> owners) { native_ = std::move(owners); }

  Result<int> numOfInterfaces() override;
  Result<std::vector<std::string>> listInterfaces() override;
  Result<int> numOfDefinedInterfaces() override;
  Result<std::vector<std::string>> listDefinedInterfaces() override;
  // One question: one look at the host and one read of the store for the whole listing.
  Status listAllInterfacesEach(unsigned flags, const std::function<void(std::size_t count)>& expect,
                               const std::function<void(const InterfaceRefView&)>& each) override;
  Status listAllInterfacesWithStateEach(
      unsigned flags, const std::function<void(std::size_t count)>& expect,
      const std::function<void(const InterfaceRefView&, bool active)>& each) override;
  Result<InterfaceRef> lookupByName(std::string_view name) override;
  Result<InterfaceRef> lookupByMACString(std::string_view mac) override;
  Result<std::string> getXMLDesc(const InterfaceRef& iface, unsigned flags) override;
  Result<InterfaceRef> defineXML(std::string_view xml, unsigned flags) override;
  Status undefine(const InterfaceRef& iface) override;
  Result<bool> isActive(const InterfaceRef& iface) override;

  // Start applies the stored definition to the host (plan/plan.h), operation by operation; the
  // first refusal undoes what was applied, so the host ends as it was, and reports the refusal,
  // followed by every undo the host refused too ("; undo of OP also failed: REASON"). Then it
  // reads the host again and checks it against the definition (plan/verify_start.h): a
  // difference undoes the start the same way, and the error names every difference. A start
  // keeps a record of what it did (start_records.h), written unfinished before its first
  // operation, finished after its last, and put back as it was if the start fails; a start of an
  // interface that has a finished one (it went down without ifkit's stop) adds to it, and one
  // with an unfinished one (a start killed on the way) first undoes what that record says.
  // Stop undoes what the record says the start did, as far as it is still in place
  // (plan::planStopRecorded), and drops the record once it succeeded; without a record (started
  // by hand or by an older ifkit) it takes down what the definition describes (plan::planStop),
  // and a link without either is only taken down. A killed start's record (unfinished) is undone
  // whether the link is up or not, as far as it is in place. Either way a refusal undoes the stop
  // as a refusal undoes a start. DHCP clients are started and stopped with them.
  Status create(const InterfaceRef& iface, unsigned flags) override;
  Status destroy(const InterfaceRef& iface, unsigned flags) override;
  // One look at the host for all (a fresh one only for a definition that touches what an earlier
  // one changed); each is planned against the part of the host it touches and applied like create,
  // and all are verified against one more look at the end (and at each fresh one, before
  // anything is built on them).
  std::vector<Status> createMany(const std::vector<InterfaceRef>& ifaces, unsigned flags) override;
  Result<std::string> planCreate(const InterfaceRef& iface) override;
  Result<std::string> planDefine(std::string_view xml, unsigned flags) override;
  Result<std::string> planDestroy(const InterfaceRef& iface) override;

  Result<BootReport> boot() override;

  // Transactions: begin records the definitions and the host's restore point in the store
  // directory (driver/system/transaction.h); rollback puts both back; commit drops the record.
  Status changeBegin(unsigned flags) override;
  Status changeCommit(unsigned flags) override;
  Status changeRollback(unsigned flags) override;
  // The record carries a deadline; every entry point first rolls back a transaction whose
  // deadline has passed (so anything that calls in after it, ifkitd's timer or a watchdog,
  // completes the rollback).
  Status changeBeginWithTimeout(unsigned flags, unsigned seconds) override;
  Result<bool> expireTransaction() override;

 private:
  struct Entry;
  // A question's turn: the backend that answers it, held for the question's length.
  struct Query {
    std::unique_lock<std::mutex> lock;
    host::HostBackend& host;
  };
  // Rolls back a transaction that is due (taking the change mutex for it only then), and waits
  // for the query backend: queryMutex_ and queryHost_, or mutex_ and host_ without one.
  Result<Query> beginQuery();
  // Every listed interface, in name order: the kernel's links listed on their own joined with
  // the stored definitions. Each entry is made in turn and handed to `each`, not kept: an entry
  // is 80 bytes, and a listing of thousands wants only a name, a state and a MAC of each.
  // `expect`, if given, is told their number first.
  Status eachEntry(Query& q, const std::function<void(const Entry&)>& each,
                   const std::function<void(std::size_t count)>& expect = {});
  // One interface, without reading the others' definitions: nullopt if nobody knows it. What
  // the caller needs of it: its definition, or only whether it exists, is active and its MAC
  // (then a link the kernel has is answer enough, and the store is not read for it).
  enum class Need { Definition, Presence };
  // What of the host's view a question needs: the links (listings, lookups, states), or all
  // (a live XML: addresses and routes too).
  enum class Picture { Links, Whole };
  Result<std::optional<Entry>> entry(Query& q, std::string_view name, Need need = Need::Definition,
                                     Picture picture = Picture::Links);
  // The host's view, indexed; the index is rebuilt only when the view is a new one.
  Result<const host::LiveIndex*> view(Query& q, Picture picture);
  Result<std::vector<std::string>> names(bool active);
  // Why `name` cannot be started: configured by the host's own manager, not by ifkit; or, for a
  // link the kernel has, no definition at all; or nobody knows it.
  Error noDefinitionToStart(const std::string& name, bool present) const;
  Status beginLocked(std::optional<long long> deadline);
  Status rollbackLocked(const store::StoreLock& held);
  // Rolls back a transaction whose deadline has passed; nothing otherwise.
  Status expireLocked();
  // A plan, and the start record it makes (start) or undoes (stop), if any.
  struct Change {
    plan::Plan plan;
    std::optional<plan::StartRecord> record;
    std::optional<conf::InterfaceDef> definition;  // a start's: what it is verified against
  };
  // The change that starts (or stops) `name`, after libvirt's state checks, against a fresh
  // look at the host (or `live`, fresh). Whoever applies it holds the store's host-changes lock
  // from before this call.
  Result<Change> planLocked(const std::string& name, bool start);
  Result<Change> planLocked(const std::string& name, bool start, const host::LiveState& live);
  // Applies a start with its record, then verifies it against the host read again.
  Status startLocked(Change change);
  // A start's record, saved unfinished before its first operation (with what is left of an
  // earlier start's); returns the finished record it will replace, for unrecordStartLocked to put
  // back if the start is undone after it finished. `mayHaveRecord` false: the caller looked
  // (StartRecords::names) and `record.name` has none, so none is read.
  Result<std::optional<plan::StartRecord>> recordStartLocked(const plan::StartRecord& record,
                                                             bool mayHaveRecord = true);
  // What a start's record holds: `previous` (a finished earlier start's), then `record`.
  static plan::StartRecord keptRecord(const plan::StartRecord& record,
                                      const std::optional<plan::StartRecord>& previous);
  // A start of `name` that was killed on the way (its record unfinished) and left the link down:
  // undone by its record, and the record dropped, before `name` is started again.
  Status finishKilledStartLocked(const std::string& name);
  // A start undone before its record was finished: the unfinished record dropped, the earlier
  // one left as it was; returns `error`, with a failure to drop it added.
  Error dropUnfinishedStartLocked(const std::string& name, Error error);
  // A start undone after its record was finished: `previous` put back (or no record).
  Error unrecordStartLocked(const plan::StartRecord& record,
                            const std::optional<plan::StartRecord>& previous, Error error);
  // Starts the planned changes of `group`, which touch no name in common, side by side: the
  // first step of each (one batch of requests to the kernel), then the second of each, and so
  // on, each undone alone if refused. Those applied whole join `applied`, to be verified.
  struct Starting;
  void startTogether(std::vector<Starting>& group, std::vector<Status>& out,
                     std::vector<Starting>& applied);
  // Verify after apply (plan/verify_start.h): each start of `applied` is checked against `live`,
  // the kernel read after it; one the kernel differs from is undone, its record put back, and
  // `out` says what differed. Empties `applied`; true if it undid any (`live` is stale then).
  // Verifying waits for no other start: one read of the host serves a whole batch, taken when
  // the batch ends or before a definition is planned that builds on what it started.
  bool verifyLocked(std::vector<Starting>& applied, const host::LiveState& live,
                    std::vector<Status>& out);
  // The same after reading the host, if `applied` holds any; a read that fails undoes them all.
  void verifyLocked(std::vector<Starting>& applied, std::vector<Status>& out);
  // Applies a stop and drops the record it undid.
  Status stopLocked(const Change& change);
  Status forgetDhcpIdentityAfter(Status undefined, const std::string& name);
  Status applyLocked(const plan::Plan& plan);

  std::mutex mutex_;  // changes, one at a time: host_ serves one thread
  std::unique_ptr<host::HostBackend> host_;
  std::mutex queryMutex_;  // questions, one at a time, beside the changes: guards queryHost_
  std::unique_ptr<host::HostBackend> queryHost_;
  store::DefinitionStore store_;
  std::unique_ptr<StartRecords> records_;  // changed under the store's host-changes lock
  std::unique_ptr<NativeOwners> native_;   // null: the store alone
  // The query backend's view, indexed; guarded by the query's lock.
  std::optional<host::LiveIndex> index_;
  // Wall-clock milliseconds before which no transaction can be due for rollback, as the last
  // look at the store found (beginQuery); 0: look now.
  std::atomic<long long> noRollbackDueBefore_{0};
};

}  // namespace ifkit::driver
