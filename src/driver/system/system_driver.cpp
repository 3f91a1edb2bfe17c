// SPDX-License-Identifier: LGPL-2.1-or-later
// The system driver's queries and its persistent definitions.
#include "driver/system/system_driver.h"

#include <algorithm>
#include <cctype>

#include "conf/host_checks.h"
#include "conf/interface_xml.h"
#include "conf/xml_text.h"
#include "driver/check_flags.h"
#include "driver/system/dhcp_identities.h"
#include "driver/system/definition_owners.h"
#include "driver/system/system_driver_private.h"
#include "driver/system/transaction.h"
#include "driver/system/warning.h"
#include "ifkit/flags.h"
#include "native/line_diff.h"
#include "native/native_definition.h"
#include "plan/live/describe_live.h"
#include "plan/live/listed_links.h"

namespace ifkit::driver {
namespace {

// The kernel's link of that name, but never the loopback: it is no interface of this API.
const host::Link* presentLink(const host::LiveIndex& live, std::string_view name) {
  const host::Link* link = live.linkByName(name);
  return link != nullptr && link->kind != host::LinkKind::Loopback ? link : nullptr;
}

// A kernel name in an error message, each byte outside printable ASCII as \xHH (as virsh's
// iface-list writes it), so that the message itself stays text.
std::string escapedForMessage(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<SystemDriver::Query> SystemDriver::beginQuery() {
  // A rollback that is due comes first; finding out takes no mutex, so that a question is not
  // held up by a start of seconds. The store is looked at only when a rollback could be due:
  // a transaction found running is not before its deadline, and one begun after the look (by
  // anyone) not before the look's time plus the shortest timeout, a second. So the questions of
  // a script (a listing, then the live XML of a thousand interfaces) look once a second.
  const long long now = wallClockMilliseconds();
  if (now >= noRollbackDueBefore_.load()) {
    auto transaction = transactionState(store_);
    if (!transaction) return std::move(transaction).error();
    // A read-only connection changes nothing, a due rollback neither: it is the daemon's (its
    // timer) or the next read-write caller's.
    if (transaction->rollbackDue() && !store_.readOnly()) {
      std::lock_guard lock(mutex_);
      if (Status st = expireLocked(); !st) return std::move(st).error();
    } else {
      long long horizon = now + kShortestTimeoutMs;
      if (transaction->exists && transaction->deadline)
        horizon = std::min(horizon, *transaction->deadline);
      noRollbackDueBefore_.store(horizon);
    }
  }
  if (queryHost_) return Query{std::unique_lock(queryMutex_), *queryHost_};
  return Query{std::unique_lock(mutex_), *host_};
}

Result<const host::LiveIndex*> SystemDriver::view(Query& q, Picture picture) {
  auto view = picture == Picture::Whole ? q.host.view() : q.host.viewOfLinks();
  if (!view) return std::move(view).error();
  if (!index_ || index_->shared() != *view) index_.emplace(std::move(*view));
  return &*index_;
}

Status SystemDriver::eachEntry(Query& q, const std::function<void(const Entry&)>& each,
                               const std::function<void(std::size_t)>& expect) {
  auto index = view(q, Picture::Links);
  if (!index) return std::move(index).error();
  const auto& shared = (*index)->shared();
  // A damaged file in the store is not a reason to refuse every listing: it is left out here,
  // named in a warning (as boot names it), and reported by the commands that read that one
  // definition.
  auto stored = store_.loadAll();
  if (!stored) return std::move(stored).error();
  for (const auto& problem : stored->problems) {
    const Error why = unreadableDefinition(store_, problem.file, problem.error);
    printStandingWarning((why.str2.empty() ? why.message : why.str2) + " (left out)");
  }

  // The links listed on their own (not ports, slaves, taps: plan/live/listed_links.h) and every
  // stored definition, with the link of its name if the kernel has one: a definition stays
  // listed whatever became of its link (enslaved by hand, say), so that it can be found and
  // undefined. The host's own managers' interfaces that ifkit does not own are defined too; what
  // their files say that ifkit cannot read or express is said, not dropped. Joined by name: each
  // source a row of one list sorted by name, and the rows of one name make one entry.
  struct Source {
    std::string_view name;
    const host::Link* listed = nullptr;
    native::NativeDefinition* native = nullptr;
    conf::InterfaceDef* stored = nullptr;
  };
  native::NativeConfiguration managed =
      native_ ? native_->configuration(*stored, linkNames(*shared)) : native::NativeConfiguration{};
  for (const native::NativeProblem& problem : managed.problems)
    printStandingWarning(problem.manager + ": " + problem.message);
  std::vector<Source> sources;
  sources.reserve(shared->links.size() + managed.definitions.size() + stored->definitions.size());
  for (const host::Link& link : shared->links)
    if (plan::isListedOnItsOwn(**index, link))
      sources.push_back({.name = link.name, .listed = &link});
  for (auto& native : managed.definitions)
    sources.push_back({.name = native.def.name, .native = &native});
  for (auto& def : stored->definitions) sources.push_back({.name = def.name, .stored = &def});
  // Stable: of two rows of one kind and name (two host managers'), the later is taken.
  std::stable_sort(sources.begin(), sources.end(),
                   [](const Source& a, const Source& b) { return a.name < b.name; });
  // The rows of one name merged into its first: one row per entry.
  auto merged = sources.begin();
  for (const Source& row : sources) {
    if (merged == sources.begin() || std::prev(merged)->name != row.name) {
      *merged++ = row;
      continue;
    }
    Source& into = *std::prev(merged);
    if (row.listed != nullptr) into.listed = row.listed;
    if (row.native != nullptr) into.native = row.native;
    if (row.stored != nullptr) into.stored = row.stored;
  }
  sources.erase(merged, sources.end());
  if (expect) expect(sources.size());

  Entry e;
  for (const Source& from : sources) {
    e = Entry();
    e.name = std::string(from.name);  // before a definition is moved out from under the name
    e.link = from.listed != nullptr ? from.listed : presentLink(**index, e.name);
    // ifkit's own definition wins over the host manager's.
    if (from.stored != nullptr)
      e.definition = std::move(*from.stored);
    else if (from.native != nullptr)
      e.native = std::move(*from.native);
    e.live = shared;
    each(e);
  }
  return {};
}

Result<std::optional<SystemDriver::Entry>> SystemDriver::entry(Query& q, std::string_view name,
                                                               Need need, Picture picture) {
  // No link can have such a name and the store keeps none (it could leave the directory).
  if (!conf::isKernelInterfaceName(name)) return std::optional<Entry>();
  auto index = view(q, picture);
  if (!index) return std::move(index).error();
  // Any link: a port, a slave or a tap is found by name, as with libvirt's udev backend.
  const host::Link* present = presentLink(**index, name);
  // The kernel's link answers for presence, state and MAC whatever the store holds (the MAC
  // of a present link is the kernel's): a lookup or state question per link of a listing then
  // costs no file system call.
  if (present != nullptr && need == Need::Presence) {
    Entry e;
    e.name = std::string(name);
    e.link = present;
    e.live = (*index)->shared();
    return std::optional<Entry>(std::move(e));
  }
  // A link the store cannot hold a definition for (".hidden", made by hand) has none.
  auto stored =
      store::definitionFileName(name)
          ? store_.load(name)
          : Result<std::optional<conf::InterfaceDef>>(std::optional<conf::InterfaceDef>());
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
  if (!e.definition && !e.definitionError && native_)
    e.native = native_->find(name, linkNames((*index)->state()));
  if (present == nullptr && !e.definition && !e.definitionError && !e.native)
    return std::optional<Entry>();
  e.name = std::string(name);
  e.link = present;
  e.live = (*index)->shared();
  return std::optional<Entry>(std::move(e));
}

Error SystemDriver::noDefinitionToStart(const std::string& name, bool present) const {
  if (native_)
    if (auto native = native_->find(name, {name}))
      return makeError(ErrorNumber::OperationInvalid, kDomain,
                       "interface '" + name + "' is configured by " + native->manager + " in '" +
                           native->sources.front().file +
                           "', not by ifkit: define it with ifkit to start it");
  if (!present) return noSuchName(name);
  return makeError(ErrorNumber::OperationInvalid, kDomain,
                   "interface '" + name + "' has no persistent definition");
}

Result<std::vector<std::string>> SystemDriver::names(bool active) {
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  std::vector<std::string> out;
  if (Status st = eachEntry(*q,
                            [&](const Entry& e) {
                              if (e.active() == active) out.push_back(e.name);
                            });
      !st)
    return std::move(st).error();
  return out;
}

Result<int> SystemDriver::numOfInterfaces() {
  auto active = names(true);
  if (!active) return std::move(active).error();
  return static_cast<int>(active->size());
}

Result<std::vector<std::string>> SystemDriver::listInterfaces() { return names(true); }

Result<int> SystemDriver::numOfDefinedInterfaces() {
  auto inactive = names(false);
  if (!inactive) return std::move(inactive).error();
  return static_cast<int>(inactive->size());
}

Result<std::vector<std::string>> SystemDriver::listDefinedInterfaces() { return names(false); }

Status SystemDriver::listAllInterfacesEach(
    unsigned flags, const std::function<void(std::size_t)>& expect,
    const std::function<void(const InterfaceRefView&)>& each) {
  return listAllInterfacesWithStateEach(flags, expect,
                                        [&](const InterfaceRefView& ref, bool) { each(ref); });
}

Status SystemDriver::listAllInterfacesWithStateEach(
    unsigned flags, const std::function<void(std::size_t)>& expect,
    const std::function<void(const InterfaceRefView&, bool)>& each) {
  if (Status st = checkFlags(flags, kListInterfacesActive | kListInterfacesInactive,
                             "ifkitConnectListAllInterfaces", kDomain);
      !st)
    return std::move(st).error();
  // Both bits, or neither, mean every interface.
  const bool wantActive = (flags & kListInterfacesActive) || !(flags & kListInterfacesInactive);
  const bool wantInactive = (flags & kListInterfacesInactive) || !(flags & kListInterfacesActive);
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  return eachEntry(
      *q,
      [&](const Entry& e) {
        if (!(e.active() ? wantActive : wantInactive)) return;
        host::MacAddress::Text text;
        each(InterfaceRefView{e.name, e.mac(text)}, e.active());
      },
      expect);
}

Result<InterfaceRef> SystemDriver::lookupByName(std::string_view name) {
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  auto found = entry(*q, name, Need::Presence);
  if (!found) return std::move(found).error();
  if (!found->has_value()) return noSuchName(name);
  return (*found)->ref();
}

Result<InterfaceRef> SystemDriver::lookupByMACString(std::string_view mac) {
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  // Only listed interfaces count (eachEntry()): a bridge and its port sharing a MAC is one
  // interface, and a guest's tap is none of the host's.
  const std::string wanted = lowered(mac);
  std::vector<InterfaceRef> matches;
  if (Status st = eachEntry(*q,
                            [&](const Entry& e) {
                              const std::string own = e.mac();
                              if (!own.empty() && lowered(own) == wanted)
                                matches.push_back(e.ref());
                            });
      !st)
    return std::move(st).error();
  if (matches.empty())
    return makeError(ErrorNumber::NoInterface, kDomain,
                     "no interface with matching mac '" + std::string(mac) + "'");
  // VLANs share their parent's MAC: a MAC is not a key, and libvirt refuses to guess.
  if (matches.size() > 1)
    return makeError(ErrorNumber::MultipleInterfaces, kDomain,
                     "the MAC address '" + std::string(mac) + "' matches multiple interfaces");
  return matches.front();
}

Result<std::string> SystemDriver::getXMLDesc(const InterfaceRef& iface, unsigned flags) {
  if (Status st = checkFlags(flags, kInterfaceXmlInactive, "ifkitInterfaceGetXMLDesc", kDomain);
      !st)
    return std::move(st).error();
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  // The live XML of a link the kernel has needs no definition.
  const bool inactive = (flags & kInterfaceXmlInactive) != 0;
  auto found = entry(*q, iface.name, inactive ? Need::Definition : Need::Presence, Picture::Whole);
  if (!found) return std::move(found).error();
  if (!found->has_value()) return noSuchName(iface.name);
  const Entry& e = **found;
  const bool wantDefinition = (flags & kInterfaceXmlInactive) != 0 || e.link == nullptr;
  if (wantDefinition && e.definitionError) return *e.definitionError;
  if (wantDefinition && e.definition) return conf::formatInterfaceXml(*e.definition);
  if (wantDefinition && e.native) return native::formatNativeXml(*e.native);
  // The view has the ports, addresses and routes, and the link as the kernel last announced it;
  // IPv6 autoconf and accept_ra are sysctls it does not announce, so the link is read again
  // where the XML shows them (a link with IPv6 configuration), not for every XML.
  std::optional<host::Link> now;
  if (plan::hasIpv6Configuration(*index_, *e.link)) {
    auto read = q->host.readLinkNow(iface.name);
    if (!read) return std::move(read).error();
    now = std::move(*read);
  }
  const host::Link& link = now ? *now : *e.link;
  // index_ is the view e.live came from: the query's lock is still held.
  conf::InterfaceDef described = plan::describeLive(*index_, link, q->host.dhcpRunning(e.name));
  // Speeds are read for what this XML shows up (the link, its ports or slaves), not by the view.
  plan::addLinkSpeeds(described, [&](const std::string& name) -> std::optional<std::uint32_t> {
    const host::Link* shown = name == link.name ? &link : index_->linkByName(name);
    return shown ? q->host.readSpeedMbps(*shown) : std::nullopt;
  });
  // Refused rather than written raw as libvirt does: ill-formed XML is no description (D1).
  if (const std::string* name = conf::firstNameXmlCannotCarry(described))
    return makeError(ErrorNumber::ConfigUnsupported, kDomain,
                     "interface name '" + escapedForMessage(*name) +
                         "' cannot be written in XML: it holds a control character or bytes "
                         "that are not UTF-8");
  // Asked for the definition of a link that has none: the one that keeps the host as it is, so
  // that iface-bridge and iface-edit, which start from it, make a bridge or a definition that
  // boot brings up exactly when the link is up now (nothing brought a down link up at boot).
  if (flags & kInterfaceXmlInactive)
    described.startMode = link.up ? conf::StartMode::Onboot : conf::StartMode::None;
  return conf::formatInterfaceXml(described);
}

namespace {

// A definition given to define (or its dry run, named `function` in a flags error): parsed,
// checked against the schema if asked, and what the kernel could never apply refused now, not
// at boot.
Result<conf::InterfaceDef> definitionToDefine(std::string_view xml, unsigned flags,
                                              const char* function) {
  if (Status st = checkFlags(flags, kInterfaceDefineValidate, function, kDomain); !st)
    return std::move(st).error();
  conf::ParseFlags parseFlags;
  parseFlags.validateSchema = (flags & kInterfaceDefineValidate) != 0;
  auto def = conf::parseInterfaceXml(xml, parseFlags);
  if (!def) return std::move(def).error();
  if (Status st = conf::checkForHost(*def); !st) return std::move(st).error();
  return def;
}

}  // namespace

Result<InterfaceRef> SystemDriver::defineXML(std::string_view xml, unsigned flags) {
  auto def = definitionToDefine(xml, flags, "ifkitInterfaceDefineXML");
  if (!def) return std::move(def).error();
  // A definition changes no host: it waits for no start (the store's own lock orders writers).
  // It replaces the definitions of what it claims, and is refused if another claims it too.
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  Status defined = Status();
  if (native_) {
    auto index = view(*q, Picture::Links);
    if (!index) return std::move(index).error();
    defined = native_->define(store_, *def, linkNames((*index)->state()));
  } else {
    defined = defineWithOneOwner(store_, *def);
  }
  if (!defined) return std::move(defined).error();
  auto found = entry(*q, def->name);
  if (!found) return std::move(found).error();
  if (found->has_value()) return (*found)->ref();
  return InterfaceRef{def->name, std::string(def->mac().value_or(""))};
}

Result<std::string> SystemDriver::planDefine(std::string_view xml, unsigned flags) {
  auto def = definitionToDefine(xml, flags, "ifkitInterfaceDefineDryRun");
  if (!def) return std::move(def).error();
  store::StoreChange change;
  std::vector<native::FileEdit> edits;
  if (native_) {
    auto q = beginQuery();
    if (!q) return std::move(q).error();
    auto index = view(*q, Picture::Links);
    if (!index) return std::move(index).error();
    auto planned = native_->planDefine(store_, *def, linkNames((*index)->state()), change);
    if (!planned) return std::move(planned).error();
    edits = std::move(*planned);
  } else {
    auto held = store_.lockExclusive();
    if (!held) return std::move(held).error();
    auto planned = changeForDefineLocked(*def, store_, *held);
    if (!planned) return std::move(planned).error();
    change = std::move(*planned);
  }
  std::string text;
  for (const conf::InterfaceDef& saved : change.save)
    text += "write " + store_.path() + "/" + saved.name + ".xml\n";
  for (const std::string& removed : change.remove)
    text += "remove " + store_.path() + "/" + removed + ".xml\n";
  // As `diff -uN` shows them: a file made or removed is compared with /dev/null.
  for (const native::FileEdit& edit : edits)
    text += std::string(!edit.before ? "create " : !edit.after ? "remove " : "change ") +
            edit.path + "\n--- " + (edit.before ? edit.path : "/dev/null") + "\n+++ " +
            (edit.after ? edit.path : "/dev/null") + "\n" +
            native::unifiedDiff(edit.before.value_or(""), edit.after.value_or(""));
  return text;
}

Status SystemDriver::undefine(const InterfaceRef& iface) {
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  auto found = entry(*q, iface.name);
  if (!found) {
    // NAME.xml exists but holds no readable definition: undefining it is how to get rid of it.
    if (store_.exists(iface.name)) return store_.remove(iface.name);
    return std::move(found).error();
  }
  if (!found->has_value()) return noSuchName(iface.name);
  if (const auto& native = (*found)->native)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "interface '" + iface.name + "' is configured by " + native->manager +
                         " in '" + native->sources.front().file +
                         "', not by ifkit: define it with ifkit to take it over");
  if (!(*found)->definition && !(*found)->definitionError)
    return makeError(ErrorNumber::OperationInvalid, kDomain,
                     "interface '" + iface.name + "' has no persistent definition");
  if (!native_) return forgetDhcpIdentityAfter(store_.remove(iface.name), iface.name);
  auto held = store_.lockExclusive();
  if (!held) return std::move(held).error();
  return forgetDhcpIdentityAfter(native_->undefine(store_, *held, iface.name), iface.name);
}

// The DHCP identity kept for a definition goes with it (dhcp_identities.h).
Status SystemDriver::forgetDhcpIdentityAfter(Status undefined, const std::string& name) {
  if (!undefined) return undefined;
  return forgetDhcpIdentity(store_, name);
}

Result<bool> SystemDriver::isActive(const InterfaceRef& iface) {
  auto q = beginQuery();
  if (!q) return std::move(q).error();
  auto found = entry(*q, iface.name, Need::Presence);
  if (!found) return std::move(found).error();
  if (!found->has_value()) return noSuchName(iface.name);
  return (*found)->active();
}

}  // namespace ifkit::driver
