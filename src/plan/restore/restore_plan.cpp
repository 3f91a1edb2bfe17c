// SPDX-License-Identifier: LGPL-2.1-or-later
// From the current state back to a restore point, phase by phase.
#include "plan/restore/restore_plan.h"

#include <algorithm>
#include <set>

namespace ifkit::plan {
namespace {

using host::HostOp;
namespace op = host::op;

bool isVirtual(host::LinkKind kind) {
  return kind == host::LinkKind::Bridge || kind == host::LinkKind::Bond ||
         kind == host::LinkKind::Vlan;
}

// A device that exists on both sides but is not the same device (another kind, another VLAN)
// is deleted and made again.
bool sameDevice(const LinkRecord& a, const LinkRecord& b) {
  return a.kind == b.kind && a.vlanId == b.vlanId && a.vlanParent == b.vlanParent;
}

// Deletion order: VLANs before what they sit on, bridges before bonds they may hold.
int deleteRank(host::LinkKind kind) {
  return kind == host::LinkKind::Vlan ? 0 : kind == host::LinkKind::Bridge ? 1 : 2;
}
// Creation order: bonds and bridges before VLANs that may sit on them.
int createRank(host::LinkKind kind) {
  return kind == host::LinkKind::Bond ? 0 : kind == host::LinkKind::Bridge ? 1 : 2;
}

}  // namespace

std::vector<HostOp> planRestore(const RestorePoint& target, const host::LiveState& current) {
  const RestorePoint now = RestorePoint::capture(current);
  std::vector<HostOp> ops;

  // Routes and addresses that were not there go first, while their links are as they are.
  for (const RouteRecord& r : now.routes)
    if (std::find(target.routes.begin(), target.routes.end(), r) == target.routes.end())
      ops.push_back(op::RemoveDefaultRoute{r.link, r.gateway});
  for (const AddressRecord& a : now.addresses)
    if (std::find(target.addresses.begin(), target.addresses.end(), a) == target.addresses.end() &&
        target.link(a.link) != nullptr)
      ops.push_back(op::RemoveAddress{a.link, a.prefix});

  // Devices made since begin (or replaced by another device of the same name) go.
  std::vector<const LinkRecord*> toDelete;
  for (const LinkRecord& r : now.links) {
    const LinkRecord* was = target.link(r.name);
    if (isVirtual(r.kind) && (was == nullptr || !sameDevice(*was, r))) toDelete.push_back(&r);
  }
  std::stable_sort(toDelete.begin(), toDelete.end(), [](auto* a, auto* b) {
    return deleteRank(a->kind) < deleteRank(b->kind);
  });
  std::set<std::string> deleted;
  for (const LinkRecord* r : toDelete) {
    ops.push_back(op::DeleteLink{r->name});
    deleted.insert(r->name);
  }

  // Devices deleted since begin come back, with their settings.
  std::vector<const LinkRecord*> toCreate;
  for (const LinkRecord& r : target.links) {
    if (!isVirtual(r.kind)) continue;
    const LinkRecord* is = now.link(r.name);
    if (is == nullptr || deleted.count(r.name) != 0) toCreate.push_back(&r);
  }
  std::stable_sort(toCreate.begin(), toCreate.end(), [](auto* a, auto* b) {
    return createRank(a->kind) < createRank(b->kind);
  });
  std::set<std::string> created;
  for (const LinkRecord* r : toCreate) {
    if (r->kind == host::LinkKind::Bridge)
      ops.push_back(op::CreateBridge{r->name, r->bridge ? host::paramsOf(*r->bridge) : host::BridgeParams{}});
    else if (r->kind == host::LinkKind::Bond)
      ops.push_back(op::CreateBond{r->name, r->bond ? host::paramsOf(*r->bond) : host::BondParams{}});
    else
      ops.push_back(op::CreateVlan{r->name, r->vlanParent, r->vlanId.value_or(0)});
    created.insert(r->name);
  }

  // What each surviving or recreated link looks like now; a recreated one has the kernel's
  // defaults, so every setting of the restore point is applied to it.
  auto before = [&](const LinkRecord& r) -> std::optional<LinkRecord> {
    if (created.count(r.name) != 0) return std::nullopt;
    const LinkRecord* is = now.link(r.name);
    if (is == nullptr) return std::nullopt;
    return *is;
  };

  std::set<std::string> forcedDown;
  // Release from masters that changed (a master deleted above already let go).
  for (const LinkRecord& r : target.links) {
    auto is = before(r);
    if (is && !is->master.empty() && is->master != r.master && deleted.count(is->master) == 0)
      ops.push_back(op::SetMaster{r.name, ""});
  }
  // Settings: bridge and bond parameters, MTU, MAC (while down).
  for (const LinkRecord& r : target.links) {
    auto is = before(r);
    const bool fresh = created.count(r.name) != 0;
    if (!is && !fresh) continue;  // a NIC or veth that is gone: nothing ifkit can do
    if (r.bridge && !fresh && (!is->bridge || *is->bridge != *r.bridge))
      ops.push_back(op::SetBridge{r.name, host::paramsOf(*r.bridge)});
    if (r.bond && !fresh && (!is->bond || *is->bond != *r.bond))
      ops.push_back(op::SetBond{r.name, host::paramsOf(*r.bond)});
    if (r.mtu != 0 && (fresh || is->mtu != r.mtu)) ops.push_back(op::SetMtu{r.name, r.mtu});
    if (r.mac && (fresh || is->mac != r.mac)) {
      if (!fresh && is->up) {
        ops.push_back(op::SetUp{r.name, false});
        forcedDown.insert(r.name);
      }
      ops.push_back(op::SetMac{r.name, *r.mac});
    }
  }
  // Masters: a bond takes only slaves that are down.
  for (const LinkRecord& r : target.links) {
    auto is = before(r);
    const bool fresh = created.count(r.name) != 0;
    if (r.master.empty() || (!fresh && !is)) continue;
    const bool masterRecreated = created.count(r.master) != 0 || deleted.count(r.master) != 0;
    if (!fresh && is->master == r.master && !masterRecreated) continue;
    const LinkRecord* master = target.link(r.master);
    if (master && master->kind == host::LinkKind::Bond && (fresh || is->up) &&
        forcedDown.count(r.name) == 0) {
      ops.push_back(op::SetUp{r.name, false});
      forcedDown.insert(r.name);
    }
    ops.push_back(op::SetMaster{r.name, r.master});
  }
  // Up and down, then IPv6 autoconfiguration.
  for (const LinkRecord& r : target.links) {
    auto is = before(r);
    const bool fresh = created.count(r.name) != 0;
    if (!fresh && !is) continue;
    const bool upNow = fresh ? false : (forcedDown.count(r.name) ? false : is->up);
    if (upNow != r.up) ops.push_back(op::SetUp{r.name, r.up});
    if (r.ipv6Autoconf && (fresh || is->ipv6Autoconf != r.ipv6Autoconf))
      ops.push_back(op::SetIpv6Autoconf{r.name, *r.ipv6Autoconf});
  }
  // Addresses and routes that were there come back; a recreated link lost all of its own.
  // Taking a link down flushes its IPv6 addresses and the routes through it (IPv4 addresses
  // stay): a link brought down above gets those back too.
  for (const AddressRecord& a : target.addresses) {
    const bool linkFresh = created.count(a.link) != 0;
    const bool flushed =
        forcedDown.count(a.link) != 0 && a.prefix.address.family == host::IpFamily::V6;
    const bool present =
        std::find(now.addresses.begin(), now.addresses.end(), a) != now.addresses.end();
    if (linkFresh || flushed || !present) ops.push_back(op::AddAddress{a.link, a.prefix});
  }
  for (const RouteRecord& r : target.routes) {
    const bool present = std::find(now.routes.begin(), now.routes.end(), r) != now.routes.end();
    if (created.count(r.link) != 0 || forcedDown.count(r.link) != 0 || !present)
      ops.push_back(op::AddDefaultRoute{r.link, r.gateway});
  }
  return ops;
}

}  // namespace ifkit::plan
