// The system driver's queries and its persistent definitions.
#include "driver/system/system_driver.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>

#include "conf/host_checks.h"
#include "conf/interface_xml.h"
#include "driver/check_flags.h"
#include "ifkit/flags.h"
#include "driver/system/transaction.h"
#include "plan/live/describe_live.h"
#include "host/memory/memory_host.h"
#include "plan/restore/restore_plan.h"

namespace ifkit::driver {

// One interface as the API sees it: the kernel's link, the stored definition, or both.
struct SystemDriver::Entry {
  std::string name;
  const host::Link* link = nullptr;             // points into `live`
  std::optional<conf::InterfaceDef> definition;
  std::shared_ptr<const host::LiveState> live;  // the whole host's state; keeps `link` valid

  bool active() const { return link != nullptr && link->up; }
  std::string mac() const {
    if (link != nullptr) return link->mac ? link->mac->toString() : std::string();
    return definition ? definition->mac().value_or("") : std::string();
  }
  InterfaceRef ref() const { return {name, mac()}; }
};

namespace {

constexpr ErrorDomain kDomain = ErrorDomain::Interface;

Error noSuchName(std::string_view name) {
  return makeError(ErrorNumber::NoInterface, kDomain,
                   "no interface with matching name '" + std::string(name) + "'");
}

// Wall-clock time, as the deadline on disk must mean the same after a reboot.
long long nowMilliseconds() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<std::vector<SystemDriver::Entry>> SystemDriver::entriesLocked() {
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  auto shared = std::make_shared<const host::LiveState>(std::move(*live));
  // A damaged file in the store is not a reason to refuse every listing: it is left out here,
  // and reported by the commands that read that one definition.
  auto stored = store_.loadAll();
  if (!stored) return std::move(stored).error();

  std::map<std::string, Entry> byName;
  for (const host::Link& link : shared->links) {
    if (link.kind == host::LinkKind::Loopback) continue;
    Entry& e = byName[link.name];
    e.name = link.name;
    e.link = &link;
    e.live = shared;
  }
  for (auto& def : stored->definitions) {
    Entry& e = byName[def.name];
    e.name = def.name;
    e.definition = std::move(def);
    e.live = shared;  // the host as a whole: what a start of this definition plans against
  }
  std::vector<Entry> out;
  for (auto& [name, entry] : byName) out.push_back(std::move(entry));
  return out;
}

Result<std::vector<std::string>> SystemDriver::namesLocked(bool active) {
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  std::vector<std::string> names;
  for (const Entry& e : *entries)
    if (e.active() == active) names.push_back(e.name);
  return names;
}

Result<int> SystemDriver::numOfInterfaces() {
  auto names = listInterfaces();
  if (!names) return std::move(names).error();
  return static_cast<int>(names->size());
}

Result<std::vector<std::string>> SystemDriver::listInterfaces() {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  return namesLocked(true);
}

Result<int> SystemDriver::numOfDefinedInterfaces() {
  auto names = listDefinedInterfaces();
  if (!names) return std::move(names).error();
  return static_cast<int>(names->size());
}

Result<std::vector<std::string>> SystemDriver::listDefinedInterfaces() {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  return namesLocked(false);
}

Result<std::vector<InterfaceRef>> SystemDriver::listAllInterfaces(unsigned flags) {
  if (Status st = checkFlags(flags, kListInterfacesActive | kListInterfacesInactive,
                             "ifkitConnectListAllInterfaces", kDomain);
      !st)
    return std::move(st).error();
  // Both bits, or neither, mean every interface.
  const bool wantActive = (flags & kListInterfacesActive) || !(flags & kListInterfacesInactive);
  const bool wantInactive = (flags & kListInterfacesInactive) || !(flags & kListInterfacesActive);
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  std::vector<InterfaceRef> out;
  for (const Entry& e : *entries)
    if (e.active() ? wantActive : wantInactive) out.push_back(e.ref());
  return out;
}

Result<InterfaceRef> SystemDriver::lookupByName(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  for (const Entry& e : *entries)
    if (e.name == name) return e.ref();
  return noSuchName(name);
}

Result<InterfaceRef> SystemDriver::lookupByMACString(std::string_view mac) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  const std::string wanted = lowered(mac);
  std::vector<const Entry*> matches;
  for (const Entry& e : *entries)
    if (!e.mac().empty() && lowered(e.mac()) == wanted) matches.push_back(&e);
  if (matches.empty())
    return makeError(ErrorNumber::NoInterface, kDomain,
                     "no interface with matching mac '" + std::string(mac) + "'");
  // VLANs share their parent's MAC: a MAC is not a key, and libvirt refuses to guess.
  if (matches.size() > 1)
    return makeError(ErrorNumber::MultipleInterfaces, kDomain,
                     "the MAC address '" + std::string(mac) + "' matches multiple interfaces");
  return matches.front()->ref();
}

Result<std::string> SystemDriver::getXMLDesc(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, kInterfaceXmlInactive, "ifkitInterfaceGetXMLDesc", kDomain);
      !st)
    return std::move(st).error();
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  for (const Entry& e : *entries) {
    if (e.name != iface.name) continue;
    const bool wantDefinition = (flags & kInterfaceXmlInactive) != 0 || e.link == nullptr;
    if (wantDefinition && e.definition) return conf::formatInterfaceXml(*e.definition);
    return conf::formatInterfaceXml(
        plan::describeLive(*e.live, *e.link, host_->dhcpRunning(e.name)));
  }
  return noSuchName(iface.name);
}

Result<InterfaceRef> SystemDriver::defineXML(std::string_view xml, unsigned flags) {
  if (Status st = checkFlags(flags, kInterfaceDefineValidate, "ifkitInterfaceDefineXML", kDomain);
      !st)
    return std::move(st).error();
  conf::ParseFlags parseFlags;
  parseFlags.validateSchema = (flags & kInterfaceDefineValidate) != 0;
  auto def = conf::parseInterfaceXml(xml, parseFlags);
  if (!def) return std::move(def).error();
  // What the kernel could never apply is refused now, not at boot.
  if (Status st = conf::checkForHost(*def); !st) return std::move(st).error();
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  if (Status st = store_.save(*def); !st) return std::move(st).error();
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  for (const Entry& e : *entries)
    if (e.name == def->name) return e.ref();
  return InterfaceRef{def->name, def->mac().value_or("")};
}

Status SystemDriver::undefine(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto stored = store_.load(iface.name);
  if (!stored) return std::move(stored).error();
  if (!stored->has_value()) {
    auto entries = entriesLocked();
    if (!entries) return std::move(entries).error();
    const bool known = std::any_of(entries->begin(), entries->end(),
                                   [&](const Entry& e) { return e.name == iface.name; });
    if (!known) return noSuchName(iface.name);
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "interface '" + iface.name + "' has no persistent definition");
  }
  return store_.remove(iface.name);
}

Result<bool> SystemDriver::isActive(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  for (const Entry& e : *entries)
    if (e.name == iface.name) return e.active();
  return noSuchName(iface.name);
}

Status SystemDriver::beginLocked(std::optional<long long> deadline) {
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  auto stored = store_.loadAllLocked(*held);
  if (!stored) return std::move(stored).error();
  TransactionRecord record{std::move(stored->definitions), plan::RestorePoint::capture(*live),
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
  return beginLocked(nowMilliseconds() + 1000LL * seconds);
}

Status SystemDriver::changeCommit(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceChangeCommit", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  // A commit after the deadline is too late: the rollback has happened, or happens now.
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  return endTransaction(store_, kNothingToCommit);
}

Status SystemDriver::changeRollback(unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceChangeRollback", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  return rollbackLocked(*held);
}

Status SystemDriver::expireLocked() {
  auto exists = transactionExists(store_);
  if (!exists) return std::move(exists).error();
  if (!*exists) return Status();
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  auto record = loadTransaction(store_);
  if (!record) return Status();  // another process ended it meanwhile
  if (!record->deadline || *record->deadline > nowMilliseconds())
    return Status();
  return rollbackLocked(*held);
}

Status SystemDriver::rollbackLocked(const store::StoreLock& held) {
  auto record = loadTransaction(store_);
  if (!record) return std::move(record).error();

  // The definitions first: the recorded set, exactly (a damaged file is left as it is).
  auto current = store_.loadAllLocked(held);
  if (!current) return std::move(current).error();
  for (const auto& def : current->definitions) {
    const bool recorded = std::any_of(record->definitions.begin(), record->definitions.end(),
                                      [&](const auto& r) { return r.name == def.name; });
    if (!recorded)
      if (Status st = store_.removeLocked(def.name, held); !st) return st;
  }
  for (const auto& def : record->definitions)
    if (Status st = store_.saveLocked(def, held); !st) return st;

  // Then the host. A failure keeps the record, so that the rollback can be tried again.
  auto live = host_->snapshot();
  if (!live) return std::move(live).error();
  for (const auto& op : plan::planRestore(record->live, *live))
    if (Status st = host_->apply(op); !st) return st;
  return endTransaction(store_, kNothingToRollback);
}

Result<plan::Plan> SystemDriver::planLocked(const std::string& name, bool start) {
  auto entries = entriesLocked();
  if (!entries) return std::move(entries).error();
  const Entry* entry = nullptr;
  for (const Entry& e : *entries)
    if (e.name == name) entry = &e;
  if (entry == nullptr) return noSuchName(name);
  // libvirt's netcf backend words these two checks so.
  if (start && entry->active())
    return makeError(ErrorNumber::OperationInvalid, kDomain, "interface is already running");
  if (!start && !entry->active())
    return makeError(ErrorNumber::OperationInvalid, kDomain, "interface is not running");
  if (start && !entry->definition)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "interface '" + name + "' has no persistent definition");
  if (!start && !entry->definition) {
    // Nothing says what start made: only take the link down.
    plan::Plan down;
    down.steps.push_back({host::op::SetUp{name, false}, {host::op::SetUp{name, true}}});
    return down;
  }
  return start ? plan::planStart(*entry->definition, *entry->live)
               : plan::planStop(*entry->definition, *entry->live);
}

Status SystemDriver::applyLocked(const plan::Plan& plan) {
  // Stopping DHCP clients first: a stop plan removes the addresses they manage.
  for (const auto& dhcp : plan.dhcp)
    if (!dhcp.start && dhcp.family == host::IpFamily::V4)
      if (Status st = host_->stopDhcp(dhcp.name); !st) return st;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    Status st = host_->apply(plan.steps[i].op);
    if (st) continue;
    // Put back what was applied, last first; a refusal there cannot be helped, the first
    // error is the one to report.
    for (const auto& undo : plan::planUndo(plan, i)) (void)host_->apply(undo);
    return st;
  }
  for (const auto& dhcp : plan.dhcp) {
    if (!dhcp.start) continue;
    if (dhcp.family != host::IpFamily::V4)
      return makeError(ErrorNumber::ConfigUnsupported, kDomain,
                       "DHCPv6 is not supported yet (interface '" + dhcp.name + "')");
    if (Status st = host_->startDhcp(dhcp.name); !st) {
      for (const auto& undo : plan::planUndo(plan, plan.steps.size())) (void)host_->apply(undo);
      return st;
    }
  }
  return Status();
}

Status SystemDriver::create(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceCreate", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return st;
  auto plan = planLocked(iface.name, true);
  if (!plan) return std::move(plan).error();
  return applyLocked(*plan);
}

Status SystemDriver::destroy(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceDestroy", kDomain); !st) return st;
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return st;
  auto plan = planLocked(iface.name, false);
  if (!plan) return std::move(plan).error();
  return applyLocked(*plan);
}

std::vector<Status> SystemDriver::createMany(const std::vector<InterfaceRef>& ifaces,
                                            unsigned flags) {
  if (Status st = checkFlags(flags, 0, "ifkitInterfaceCreate", kDomain); !st)
    return std::vector<Status>(ifaces.size(), st);
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::vector<Status>(ifaces.size(), st);
  auto live = host_->snapshot();
  if (!live) return std::vector<Status>(ifaces.size(), Status(live.error()));
  auto stored = store_.loadAll();
  if (!stored) return std::vector<Status>(ifaces.size(), Status(stored.error()));
  host::memory::MemoryHost projection(std::move(*live));

  std::vector<Status> out;
  for (const InterfaceRef& iface : ifaces) {
    const auto def = std::find_if(stored->definitions.begin(), stored->definitions.end(),
                                  [&](const auto& d) { return d.name == iface.name; });
    const host::LiveState now = projection.snapshot().value();
    const host::Link* link = now.linkByName(iface.name);
    if (def == stored->definitions.end()) {
      out.push_back(link ? makeError(ErrorNumber::OperationInvalid, kDomain,
                                     "interface '" + iface.name + "' has no persistent definition")
                         : noSuchName(iface.name));
      continue;
    }
    if (link != nullptr && link->up) {
      out.push_back(makeError(ErrorNumber::OperationInvalid, kDomain, "interface is already running"));
      continue;
    }
    auto plan = plan::planStart(*def, now);
    if (!plan) {
      out.push_back(std::move(plan).error());
      continue;
    }
    Status st = applyLocked(*plan);
    if (st)  // keep the projection in step with what the kernel now has
      for (const auto& op : plan->ops()) (void)projection.apply(op);
    out.push_back(std::move(st));
  }
  return out;
}

Result<std::string> SystemDriver::planCreate(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  auto plan = planLocked(iface.name, true);
  if (!plan) return std::move(plan).error();
  return plan::formatPlan(*plan);
}

Result<std::string> SystemDriver::planDestroy(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  auto plan = planLocked(iface.name, false);
  if (!plan) return std::move(plan).error();
  return plan::formatPlan(*plan);
}

namespace {

// The names of other interfaces a definition is built on: its members, slaves and VLAN parent,
// at every level.
void collectDependencies(const conf::InterfaceDef& def, bool top, std::set<std::string>& out) {
  if (!top) out.insert(def.name);
  if (const auto* bridge = std::get_if<conf::BridgeDef>(&def.kind))
    for (const auto& m : bridge->members) collectDependencies(m, false, out);
  if (const auto* bond = std::get_if<conf::BondDef>(&def.kind))
    for (const auto& m : bond->slaves) collectDependencies(m, false, out);
  if (const auto* vlan = std::get_if<conf::VlanDef>(&def.kind)) out.insert(vlan->parent);
}

// Definitions in an order where each comes after the definitions it is built on; a cycle keeps
// the remaining ones in name order (their start will tell what is missing).
std::vector<const conf::InterfaceDef*> dependencyOrder(const std::vector<conf::InterfaceDef>& defs) {
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& d : defs) {
    std::set<std::string> deps;
    collectDependencies(d, true, deps);
    for (const auto& other : defs)
      if (deps.count(other.name) && other.name != d.name) needs[d.name].insert(other.name);
  }
  std::vector<const conf::InterfaceDef*> order;
  std::set<std::string> placed;
  while (order.size() < defs.size()) {
    bool progress = false;
    for (const auto& d : defs) {
      if (placed.count(d.name)) continue;
      const auto& deps = needs[d.name];
      if (std::all_of(deps.begin(), deps.end(), [&](const auto& n) { return placed.count(n) != 0; })) {
        order.push_back(&d);
        placed.insert(d.name);
        progress = true;
      }
    }
    if (!progress)
      for (const auto& d : defs)
        if (!placed.count(d.name)) {
          order.push_back(&d);
          placed.insert(d.name);
        }
  }
  return order;
}

}  // namespace

Result<BootReport> SystemDriver::boot() {
  std::lock_guard lock(mutex_);
  BootReport report;
  {
    auto held = store_.lockExclusive();
    if (!held) return std::move(held).error();
    auto pending = transactionExists(store_);
    if (!pending) return std::move(pending).error();
    if (*pending) {
      auto record = loadTransaction(store_);
      if (!record) return std::move(record).error();
      auto current = store_.loadAllLocked(*held);
      if (!current) return std::move(current).error();
      for (const auto& def : current->definitions)
        if (std::none_of(record->definitions.begin(), record->definitions.end(),
                         [&](const auto& r) { return r.name == def.name; }))
          if (Status st = store_.removeLocked(def.name, *held); !st) return std::move(st).error();
      for (const auto& def : record->definitions)
        if (Status st = store_.saveLocked(def, *held); !st) return std::move(st).error();
      if (Status st = endTransaction(store_, kNothingToRollback); !st) return std::move(st).error();
      report.rolledBackTransaction = true;
    }
  }
  auto stored = store_.loadAll();
  if (!stored) return std::move(stored).error();
  std::vector<conf::InterfaceDef> onboot;
  for (auto& def : stored->definitions)
    if (def.startMode == conf::StartMode::Onboot) onboot.push_back(std::move(def));
  for (const conf::InterfaceDef* def : dependencyOrder(onboot)) {
    auto plan = planLocked(def->name, true);
    if (!plan) {
      if (plan.error().number == ErrorNumber::OperationInvalid &&
          plan.error().message.ends_with("interface is already running"))
        report.alreadyActive.push_back(def->name);
      else
        report.failed.emplace_back(def->name, std::move(plan).error());
      continue;
    }
    if (Status st = applyLocked(*plan); !st) {
      report.failed.emplace_back(def->name, std::move(st).error());
      continue;
    }
    report.started.push_back(def->name);
  }
  return report;
}

}  // namespace ifkit::driver
