// The system driver's queries and its persistent definitions.
#include "driver/system/system_driver.h"

#include <cctype>
#include <map>

#include "conf/host_checks.h"
#include "conf/interface_xml.h"
#include "driver/check_flags.h"
#include "driver/system/system_driver_private.h"
#include "ifkit/flags.h"
#include "plan/live/describe_live.h"

namespace ifkit::driver {
namespace {

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<std::shared_ptr<const host::LiveState>> SystemDriver::viewLocked() {
  auto view = host_->view();
  if (!view) return std::move(view).error();
  if (*view != indexedView_) {
    linksByName_.clear();
    for (const host::Link& link : (*view)->links)
      if (link.kind != host::LinkKind::Loopback) linksByName_.emplace(link.name, &link);
    indexedView_ = *view;
  }
  return indexedView_;
}

Result<std::vector<SystemDriver::Entry>> SystemDriver::entriesLocked(Freshness freshness) {
  std::shared_ptr<const host::LiveState> shared;
  if (freshness == Freshness::Announced) {
    auto view = viewLocked();
    if (!view) return std::move(view).error();
    shared = std::move(*view);
  } else {
    auto live = host_->snapshot();
    if (!live) return std::move(live).error();
    shared = std::make_shared<const host::LiveState>(std::move(*live));
  }
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

Result<std::optional<SystemDriver::Entry>> SystemDriver::entryLocked(std::string_view name) {
  // No link can have such a name and the store keeps none (it could leave the directory).
  if (!conf::isKernelInterfaceName(name)) return std::optional<Entry>();
  auto view = viewLocked();
  if (!view) return std::move(view).error();
  auto link = linksByName_.find(name);
  const host::Link* present = link == linksByName_.end() ? nullptr : link->second;
  auto stored = store_.load(name);
  // A damaged NAME.xml is reported as what it is, with its path, not as an unknown interface;
  // a link the kernel has stays known (its live XML needs no definition).
  std::optional<Error> problem;
  if (!stored) problem = unreadableDefinition(store_, std::string(name) + ".xml", stored.error());
  if (problem && present == nullptr) return std::move(*problem);
  Entry e;
  if (stored)
    e.definition = std::move(*stored);
  else
    e.definitionError = std::move(problem);
  if (present == nullptr && !e.definition) return std::optional<Entry>();
  e.name = std::string(name);
  e.link = present;
  e.live = std::move(*view);
  return std::optional<Entry>(std::move(e));
}

Result<std::vector<std::string>> SystemDriver::namesLocked(bool active) {
  auto entries = entriesLocked(Freshness::Announced);
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
  auto entries = entriesLocked(Freshness::Announced);
  if (!entries) return std::move(entries).error();
  std::vector<InterfaceRef> out;
  for (const Entry& e : *entries)
    if (e.active() ? wantActive : wantInactive) out.push_back(e.ref());
  return out;
}

Result<InterfaceRef> SystemDriver::lookupByName(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entry = entryLocked(name);
  if (!entry) return std::move(entry).error();
  if (!entry->has_value()) return noSuchName(name);
  return (*entry)->ref();
}

Result<InterfaceRef> SystemDriver::lookupByMACString(std::string_view mac) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entries = entriesLocked(Freshness::Announced);
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
  auto entry = entryLocked(iface.name);
  if (!entry) return std::move(entry).error();
  if (!entry->has_value()) return noSuchName(iface.name);
  const Entry& e = **entry;
  const bool wantDefinition = (flags & kInterfaceXmlInactive) != 0 || e.link == nullptr;
  if (wantDefinition && e.definitionError) return *e.definitionError;
  if (wantDefinition && e.definition) return conf::formatInterfaceXml(*e.definition);
  // The view has the ports, addresses and routes; the link itself is read again for what the
  // kernel does not announce (IPv6 autoconf, speed).
  auto now = host_->readLinkNow(iface.name);
  if (!now) return std::move(now).error();
  const host::Link& link = now->has_value() ? **now : *e.link;
  return conf::formatInterfaceXml(plan::describeLive(*e.live, link, host_->dhcpRunning(e.name)));
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
  auto entry = entryLocked(def->name);
  if (!entry) return std::move(entry).error();
  if (entry->has_value()) return (*entry)->ref();
  return InterfaceRef{def->name, def->mac().value_or("")};
}

Status SystemDriver::undefine(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto stored = store_.load(iface.name);
  if (!stored) return std::move(stored).error();
  if (!stored->has_value()) {
    auto entry = entryLocked(iface.name);
    if (!entry) return std::move(entry).error();
    if (!entry->has_value()) return noSuchName(iface.name);
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "interface '" + iface.name + "' has no persistent definition");
  }
  return store_.remove(iface.name);
}

Result<bool> SystemDriver::isActive(const InterfaceRef& iface) {
  std::lock_guard lock(mutex_);
  if (Status st = expireLocked(); !st) return std::move(st).error();
  auto entry = entryLocked(iface.name);
  if (!entry) return std::move(entry).error();
  if (!entry->has_value()) return noSuchName(iface.name);
  return (*entry)->active();
}

}  // namespace ifkit::driver
