// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/memory/kernel_model.cpp: each HostOp's checks and side effects, as the kernel has them.
#include "host/memory/kernel_model.h"

#include <linux/if_addr.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace ifkit::host::memory {
namespace {

constexpr std::uint32_t kDefaultMtu = 1500;  // ETH_DATA_LEN: new bridges, bonds, empty bridges
constexpr std::uint32_t kMinMtu = 68;        // IPv4's minimum; the kernel refuses less (EINVAL)
constexpr std::uint32_t kMaxMtu = 65535;
constexpr std::uint32_t kDefaultForwardDelayCs = 1500;  // BR_DEFAULT_FORWARD_DELAY, 15 s
constexpr std::uint32_t kMinStpForwardDelayCs = 200;    // BR_MIN_FORWARD_DELAY, with STP on
constexpr std::uint32_t kMaxStpForwardDelayCs = 3000;   // BR_MAX_FORWARD_DELAY, with STP on
constexpr std::uint32_t kDefaultMiimon = 100;           // BOND_DEFAULT_MIIMON for a new bond
constexpr std::size_t kMaxArpTargets = 16;              // BOND_MAX_ARP_TARGETS
constexpr std::uint32_t kV4RouteMetric = 0;             // what `ip route add` gets by default
constexpr std::uint32_t kV6RouteMetric = 1024;          // IP6_RT_PRIO_USER
constexpr std::uint8_t kRtprotStatic = 4;               // what the netlink backend installs
constexpr std::uint8_t kScopeLink = 253, kScopeHost = 254;

// dev_valid_name: 1 to 15 bytes, no '/', no whitespace, not "." or "..".
bool validName(const std::string& name) {
  if (name.empty() || name.size() > 15 || name == "." || name == "..") return false;
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return c == '/' || c == ':' || std::isspace(c & 0xff); });
}

bool isVirtual(LinkKind kind) {
  return kind == LinkKind::Bridge || kind == LinkKind::Bond || kind == LinkKind::Vlan;
}

bool isNicStandIn(LinkKind kind) { return kind == LinkKind::Ethernet || kind == LinkKind::Veth; }

// is_valid_ether_addr: not all zeros, not multicast.
bool validMac(const MacAddress& mac) {
  bool zero = std::all_of(mac.bytes.begin(), mac.bytes.end(), [](auto b) { return b == 0; });
  return !zero && (mac.bytes[0] & 1) == 0;
}

bool samePrefixNetwork(const IpPrefix& net, const IpAddress& a) {
  if (net.address.family != a.family) return false;
  unsigned bits = net.length;
  for (std::size_t i = 0; i < a.size() && bits > 0; ++i) {
    unsigned take = std::min(bits, 8u);
    std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - take));
    if ((net.address.bytes[i] & mask) != (a.bytes[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

bool isIpv6LinkLocal(const IpAddress& a) {
  return a.family == IpFamily::V6 && a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80;
}

std::uint8_t scopeOf(const IpAddress& a) {
  if (isIpv6LinkLocal(a)) return kScopeLink;
  if (a.family == IpFamily::V4 && a.bytes[0] == 127) return kScopeHost;
  if (a.family == IpFamily::V6 && a == *IpAddress::parse("::1")) return kScopeHost;
  return 0;
}

std::uint32_t routeMetric(IpFamily f) {
  return f == IpFamily::V4 ? kV4RouteMetric : kV6RouteMetric;
}

}  // namespace

KernelModel::KernelModel(LiveState initial) : st_(std::move(initial)) {
  std::sort(st_.links.begin(), st_.links.end(),
            [](const Link& a, const Link& b) { return a.index < b.index; });
  for (const Link& l : st_.links) {
    nextIndex_ = std::max(nextIndex_, l.index + 1);
    Hidden h;
    // A NIC reported down tells nothing of its cable: assume one is plugged in.
    h.cable = l.up ? l.carrier : true;
    hidden_[l.index] = h;
  }
  // A bridge whose MTU or MAC is not what the kernel would derive from its ports was set by hand.
  for (const Link& l : st_.links) {
    if (l.kind != LinkKind::Bridge) continue;
    auto ports = st_.portsOf(l.index);
    std::uint32_t autoMtu = kDefaultMtu;
    std::optional<MacAddress> lowest;
    if (!ports.empty()) {
      autoMtu = (*std::min_element(ports.begin(), ports.end(), [](auto* a, auto* b) {
                  return a->mtu < b->mtu;
                }))->mtu;
      for (const Link* p : ports)
        if (p->mac && (!lowest || p->mac->bytes < lowest->bytes)) lowest = p->mac;
    }
    hidden_[l.index].mtuByUser = l.mtu != autoMtu;
    hidden_[l.index].macByUser = lowest && l.mac != lowest;
  }
  derive();
}

Link* KernelModel::find(const std::string& name) {
  auto it = std::find_if(st_.links.begin(), st_.links.end(),
                         [&](const Link& l) { return l.name == name; });
  return it == st_.links.end() ? nullptr : &*it;
}

Link* KernelModel::findIndex(int index) {
  auto it = std::find_if(st_.links.begin(), st_.links.end(),
                         [&](const Link& l) { return l.index == index; });
  return it == st_.links.end() ? nullptr : &*it;
}

Link& KernelModel::addLink(Link link) {
  link.index = nextIndex_++;
  link.arpType = 1;  // ARPHRD_ETHER
  link.ipv6 = Ipv6Conf{.acceptRa = 1, .autoconf = true, .disabled = false, .forwarding = false};
  hidden_[link.index] = Hidden{};
  st_.links.push_back(std::move(link));
  return st_.links.back();
}

// Deterministic stand-in for eth_hw_addr_random: locally administered, unicast, one per call.
MacAddress KernelModel::generateMac() {
  ++macCounter_;
  return MacAddress{{0x02, 0x00, 0x5e, static_cast<std::uint8_t>(macCounter_ >> 16),
                     static_cast<std::uint8_t>(macCounter_ >> 8),
                     static_cast<std::uint8_t>(macCounter_)}};
}

// Taking a link down drops its IPv6 addresses (keep_addr_on_down=0, the default) and every
// route through it; IPv4 addresses stay.
void KernelModel::flushOnDown(int index) {
  std::erase_if(st_.addresses, [&](const Address& a) {
    return a.index == index && a.prefix.address.family == IpFamily::V6;
  });
  std::erase_if(st_.defaultRoutes, [&](const Route& r) { return r.oifIndex == index; });
  std::erase_if(st_.staticRoutes, [&](const StaticRoute& r) { return r.oifIndex == index; });
}

void KernelModel::releaseFromMaster(Link& port) {
  Link* master = findIndex(port.masterIndex);
  port.masterIndex = 0;
  if (master == nullptr || master->kind != LinkKind::Bond) return;
  // __bond_release_one: the slave gets back its own MTU and MAC and is closed.
  Hidden& h = hidden_[port.index];
  if (h.slaveMtu != 0) port.mtu = h.slaveMtu;
  if (h.slaveMac) port.mac = h.slaveMac;
  h.slaveMtu = 0;
  h.slaveMac.reset();
  if (port.up) {
    port.up = false;
    flushOnDown(port.index);
  }
  // A bond left without slaves that had borrowed a slave's MAC gets a random one again.
  if (st_.portsOf(master->index).empty() && hidden_[master->index].macFromSlave) {
    master->mac = generateMac();
    hidden_[master->index].macFromSlave = false;
  }
}

void KernelModel::eraseLink(int index) {
  // Unregistering a link takes the VLANs stacked on it along (vlan_device_event NETDEV_UNREGISTER).
  std::vector<int> stacked;
  for (const Link& l : st_.links)
    if (l.kind == LinkKind::Vlan && l.linkIndex == index) stacked.push_back(l.index);
  for (int v : stacked) eraseLink(v);
  for (Link& l : st_.links)
    if (l.masterIndex == index) releaseFromMaster(l);
  if (Link* self = findIndex(index); self && self->masterIndex) releaseFromMaster(*self);
  std::erase_if(st_.addresses, [&](const Address& a) { return a.index == index; });
  std::erase_if(st_.defaultRoutes, [&](const Route& r) { return r.oifIndex == index; });
  std::erase_if(st_.staticRoutes, [&](const StaticRoute& r) { return r.oifIndex == index; });
  std::erase_if(st_.links, [&](const Link& l) { return l.index == index; });
  hidden_.erase(index);
}

// Recomputes what the kernel derives: a bridge's automatic MTU and MAC, and every link's carrier
// and operational state (RFC 2863, as the kernel reports them).
void KernelModel::derive() {
  for (Link& l : st_.links) {
    if (l.kind != LinkKind::Bridge) continue;
    auto ports = st_.portsOf(l.index);
    const Hidden& h = hidden_[l.index];
    if (!h.mtuByUser) {
      l.mtu = kDefaultMtu;
      if (!ports.empty()) {
        l.mtu = kMaxMtu;
        for (const Link* p : ports) l.mtu = std::min(l.mtu, p->mtu);
      }
    }
    if (!h.macByUser && !ports.empty()) {
      std::optional<MacAddress> lowest;
      for (const Link* p : ports)
        if (p->mac && (!lowest || p->mac->bytes < lowest->bytes)) lowest = p->mac;
      if (lowest) l.mac = lowest;
    }
  }
  // Upper links depend on lower ones; the deepest stack ifkit builds is four high.
  for (int pass = 0; pass < 5; ++pass) {
    for (Link& l : st_.links) {
      bool carrier = false;
      switch (l.kind) {
        case LinkKind::Loopback:
          l.carrier = l.up;
          l.operState = l.up ? OperState::Unknown : OperState::Down;
          continue;
        case LinkKind::Bridge:
        case LinkKind::Bond:
          for (const Link* p : st_.portsOf(l.index))
            if (p->operState == OperState::Up) carrier = true;
          break;
        case LinkKind::Vlan: {
          const Link* parent = st_.linkByIndex(l.linkIndex);
          carrier = parent && parent->operState == OperState::Up;
          l.carrier = l.up && carrier;
          l.operState = !l.up     ? OperState::Down
                        : carrier ? OperState::Up
                                  : OperState::LowerLayerDown;
          continue;
        }
        default:
          carrier = hidden_[l.index].cable;
          break;
      }
      l.carrier = l.up && carrier;
      l.operState = l.carrier ? OperState::Up : OperState::Down;
    }
  }
}

struct KernelModel::Apply {
  KernelModel& k;

  int operator()(const op::CreateBridge& o) {
    if (!validName(o.name)) return EINVAL;
    if (k.find(o.name)) return EEXIST;
    BridgeInfo info{.stp = false, .forwardDelayCs = kDefaultForwardDelayCs};
    if (int err = setBridge(info, o.params)) return err;
    Link l;
    l.name = o.name;
    l.kind = LinkKind::Bridge;
    l.kindName = "bridge";
    l.mtu = kDefaultMtu;
    l.mac = k.generateMac();
    l.details = info;
    k.addLink(std::move(l));
    return 0;
  }

  int operator()(const op::CreateBond& o) {
    if (!validName(o.name)) return EINVAL;
    if (k.find(o.name)) return EEXIST;
    BondInfo info;
    info.miimon = kDefaultMiimon;
    if (int err = setBond(info, o.params, /*hasSlaves=*/false, /*up=*/false)) return err;
    Link l;
    l.name = o.name;
    l.kind = LinkKind::Bond;
    l.kindName = "bond";
    l.mtu = kDefaultMtu;
    l.mac = k.generateMac();
    l.details = info;
    Link& added = k.addLink(std::move(l));
    k.hidden_[added.index].macFromSlave = true;  // random until a slave lends its MAC
    return 0;
  }

  int operator()(const op::CreateVlan& o) {
    if (!validName(o.name)) return EINVAL;
    if (k.find(o.name)) return EEXIST;
    const Link* parent = k.find(o.parent);
    if (parent == nullptr) return ENODEV;
    if (parent->kind == LinkKind::Loopback) return EOPNOTSUPP;
    if (o.id >= 4095) return ERANGE;  // 4095 is reserved (VLAN_VID_MASK)
    for (const Link& l : k.st_.links)
      if (l.kind == LinkKind::Vlan && l.linkIndex == parent->index && l.vlan()->id == o.id)
        return EEXIST;
    Link l;
    l.name = o.name;
    l.kind = LinkKind::Vlan;
    l.kindName = "vlan";
    l.mtu = parent->mtu;
    l.mac = parent->mac;  // a VLAN starts with its parent's MAC and keeps it
    l.linkIndex = parent->index;
    l.details = VlanInfo{.id = o.id, .parentIndex = parent->index};
    k.addLink(std::move(l));
    return 0;
  }

  int operator()(const op::DeleteLink& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (!isVirtual(l->kind)) return EOPNOTSUPP;  // NICs (and their veth stand-ins) stay
    k.eraseLink(l->index);
    return 0;
  }

  int operator()(const op::SetMaster& o) {
    Link* port = k.find(o.name);
    if (port == nullptr) return ENODEV;
    if (o.master.empty()) {
      if (port->masterIndex) k.releaseFromMaster(*port);
      return 0;  // releasing a link without a master is no error
    }
    Link* master = k.find(o.master);
    if (master == nullptr) return ENODEV;
    if (port->masterIndex == master->index) return 0;
    if (master->kind == LinkKind::Bridge) {
      if (port->kind == LinkKind::Bridge) return ELOOP;  // no bridge in a bridge
      if (port->kind == LinkKind::Loopback || !port->mac) return EINVAL;
    } else if (master->kind == LinkKind::Bond) {
      if (port->index == master->index) return EPERM;
      // do_set_master releases the old master first, which closes a bond slave.
      bool upAfterRelease = port->up && !(port->masterIndex && k.findIndex(port->masterIndex) &&
                                          k.findIndex(port->masterIndex)->kind == LinkKind::Bond);
      if (upAfterRelease) return EPERM;  // "Device can not be enslaved while up"
      if (port->kind == LinkKind::Loopback) return EINVAL;
    } else {
      return EOPNOTSUPP;  // only bridges and bonds take ports
    }
    // No loops: the master must not sit, however high, on the port.
    for (const Link* up = master; up && up->masterIndex; up = k.findIndex(up->masterIndex))
      if (up->masterIndex == port->index) return EBUSY;
    if (port->masterIndex) k.releaseFromMaster(*port);
    if (master->kind == LinkKind::Bond) enslaveToBond(*port, *master);
    port->masterIndex = master->index;
    return 0;
  }

  void enslaveToBond(Link& slave, Link& bond) {
    Hidden& h = k.hidden_[slave.index];
    h.slaveMtu = slave.mtu;
    h.slaveMac = slave.mac;
    slave.mtu = bond.mtu;
    if (k.st_.portsOf(bond.index).empty() && k.hidden_[bond.index].macFromSlave && slave.mac) {
      bond.mac = slave.mac;
    } else {
      slave.mac = bond.mac;
    }
    slave.up = true;  // bond_enslave opens the slave
  }

  int operator()(const op::SetMtu& o) {
    Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (o.mtu < kMinMtu || o.mtu > kMaxMtu) return EINVAL;
    if (l->kind == LinkKind::Vlan) {
      const Link* parent = k.findIndex(l->linkIndex);
      if (parent && o.mtu > parent->mtu) return ERANGE;
    }
    l->mtu = o.mtu;
    if (l->kind == LinkKind::Bridge) k.hidden_[l->index].mtuByUser = true;
    const int index = l->index;
    for (Link& other : k.st_.links) {
      // A bond keeps its slaves at its own MTU; VLANs shrink to fit their parent.
      if (other.masterIndex == index && l->kind == LinkKind::Bond) other.mtu = o.mtu;
      if (other.kind == LinkKind::Vlan && other.linkIndex == index && other.mtu > o.mtu)
        other.mtu = o.mtu;
    }
    return 0;
  }

  int operator()(const op::SetMac& o) {
    Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (!l->mac || l->kind == LinkKind::Loopback) return EOPNOTSUPP;
    if (!validMac(o.mac)) return EADDRNOTAVAIL;
    // Most NIC drivers refuse a MAC change on a running device.
    if (isNicStandIn(l->kind) && l->up) return EBUSY;
    l->mac = o.mac;
    if (l->kind == LinkKind::Bridge) k.hidden_[l->index].macByUser = true;
    if (l->kind == LinkKind::Bond) k.hidden_[l->index].macFromSlave = false;
    return 0;
  }

  int operator()(const op::SetUp& o) {
    Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (l->up == o.up) return 0;
    l->up = o.up;
    if (!o.up) k.flushOnDown(l->index);
    return 0;
  }

  int operator()(const op::SetBridge& o) {
    Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (l->kind != LinkKind::Bridge) return EOPNOTSUPP;
    BridgeInfo info = *l->bridge();
    if (int err = setBridge(info, o.params)) return err;
    l->details = info;
    return 0;
  }

  int operator()(const op::SetBond& o) {
    Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (l->kind != LinkKind::Bond) return EOPNOTSUPP;
    BondInfo info = *l->bond();
    if (int err = setBond(info, o.params, !k.st_.portsOf(l->index).empty(), l->up)) return err;
    l->details = info;
    return 0;
  }

  int operator()(const op::AddAddress& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    const IpAddress& a = o.prefix.address;
    if (o.prefix.length > a.size() * 8) return EINVAL;
    if (a.family == IpFamily::V6 && (!l->ipv6 || l->ipv6->disabled)) return EACCES;
    for (const Address& have : k.st_.addresses) {
      if (have.index != l->index || have.prefix.address != a) continue;
      // IPv4 allows the same address with another prefix length; IPv6 does not.
      if (a.family == IpFamily::V6 || have.prefix.length == o.prefix.length) return EEXIST;
    }
    k.st_.addresses.push_back(Address{
        .index = l->index, .prefix = o.prefix, .scope = scopeOf(a), .flags = IFA_F_PERMANENT});
    return 0;
  }

  int operator()(const op::RemoveAddress& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    auto it = std::find_if(k.st_.addresses.begin(), k.st_.addresses.end(), [&](const Address& a) {
      return a.index == l->index && a.prefix == o.prefix;
    });
    if (it == k.st_.addresses.end()) return EADDRNOTAVAIL;
    const IpFamily family = it->prefix.address.family;
    k.st_.addresses.erase(it);
    // The last IPv4 address gone disables IPv4 on the link: its routes go too (fib_disable_ip).
    if (family == IpFamily::V4 &&
        std::none_of(k.st_.addresses.begin(), k.st_.addresses.end(), [&](const Address& a) {
          return a.index == l->index && a.prefix.address.family == IpFamily::V4;
        })) {
      std::erase_if(k.st_.defaultRoutes, [&](const Route& r) {
        return r.oifIndex == l->index && r.family == IpFamily::V4;
      });
      std::erase_if(k.st_.staticRoutes, [&](const StaticRoute& r) {
        return r.oifIndex == l->index && r.destination.address.family == IpFamily::V4;
      });
    }
    return 0;
  }

  // A gateway the link reaches directly: link-local, or in the prefix of one of its addresses.
  bool onLink(const Link& l, const IpAddress& gateway) const {
    if (isIpv6LinkLocal(gateway)) return true;
    for (const Address& a : k.st_.addresses)
      if (a.index == l.index && samePrefixNetwork(a.prefix, gateway)) return true;
    return false;
  }

  int operator()(const op::AddDefaultRoute& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (!l->up) return ENETDOWN;  // "Nexthop device is not up"
    const IpFamily f = o.gateway.family;
    if (!onLink(*l, o.gateway)) return ENETUNREACH;
    const std::uint32_t metric = o.metric.value_or(routeMetric(f));
    for (const Route& r : k.st_.defaultRoutes)
      if (r.family == f && r.metric == metric) return EEXIST;
    k.st_.defaultRoutes.push_back(Route{.family = f,
                                        .gateway = o.gateway,
                                        .oifIndex = l->index,
                                        .metric = metric,
                                        .protocol = o.protocol.value_or(kRtprotStatic)});
    return 0;
  }

  // A route via a gateway needs the gateway on the link (or link-local); one straight out of the
  // link needs the link up. The same destination and metric twice: EEXIST (NLM_F_EXCL).
  int operator()(const op::AddRoute& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    if (!l->up) return ENETDOWN;
    const IpFamily f = o.destination.address.family;
    if (o.gateway && !onLink(*l, *o.gateway)) return ENETUNREACH;
    const std::uint32_t metric = o.metric.value_or(routeMetric(f));
    for (const StaticRoute& r : k.st_.staticRoutes)
      if (r.destination == o.destination && r.metric == metric) return EEXIST;
    k.st_.staticRoutes.push_back(StaticRoute{.destination = o.destination,
                                             .gateway = o.gateway,
                                             .oifIndex = l->index,
                                             .metric = metric,
                                             .protocol = o.protocol.value_or(kRtprotStatic)});
    return 0;
  }

  int operator()(const op::RemoveRoute& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    auto it = std::find_if(k.st_.staticRoutes.begin(), k.st_.staticRoutes.end(),
                           [&](const StaticRoute& r) {
                             return r.oifIndex == l->index && r.destination == o.destination &&
                                    (!o.gateway || r.gateway == o.gateway) &&
                                    (!o.metric || r.metric == *o.metric);
                           });
    if (it == k.st_.staticRoutes.end()) return ESRCH;
    k.st_.staticRoutes.erase(it);
    return 0;
  }

  int operator()(const op::RemoveDefaultRoute& o) {
    const Link* l = k.find(o.name);
    if (l == nullptr) return ENODEV;
    auto it = std::find_if(
        k.st_.defaultRoutes.begin(), k.st_.defaultRoutes.end(),
        [&](const Route& r) { return r.oifIndex == l->index && r.gateway == o.gateway; });
    if (it == k.st_.defaultRoutes.end()) return ESRCH;
    k.st_.defaultRoutes.erase(it);
    return 0;
  }

  int operator()(const op::SetIpv6Autoconf& o) {
    Link* l = k.find(o.name);
    // No /proc/sys/net/ipv6/conf/NAME: the netlink backend reports that as ENODEV too.
    if (l == nullptr || !l->ipv6) return ENODEV;
    // The netlink backend writes accept_ra and autoconf together.
    l->ipv6->acceptRa = o.on ? 1 : 0;
    l->ipv6->autoconf = o.on;
    return 0;
  }

  // br_changelink order: the forward delay is checked against the STP state before STP changes.
  static int setBridge(BridgeInfo& info, const BridgeParams& p) {
    if (p.forwardDelayCs) {
      if (info.stp &&
          (*p.forwardDelayCs < kMinStpForwardDelayCs || *p.forwardDelayCs > kMaxStpForwardDelayCs))
        return ERANGE;
      info.forwardDelayCs = *p.forwardDelayCs;
    }
    if (p.stp) info.stp = *p.stp;
    return 0;
  }

  // bond_changelink order; a mode change needs the bond down and without slaves.
  static int setBond(BondInfo& info, const BondParams& p, bool hasSlaves, bool up) {
    if (p.mode && *p.mode != info.mode) {
      if (hasSlaves) return ENOTEMPTY;  // BOND_OPTFLAG_NOSLAVES
      if (up) return EBUSY;             // BOND_OPTFLAG_IFDOWN
      info.mode = *p.mode;
    }
    if (p.miimon) {
      info.miimon = *p.miimon;
      if (*p.miimon) info.arpInterval = 0;  // MII and ARP monitoring exclude each other
    }
    if (p.updelay) info.updelay = *p.updelay;
    if (p.downdelay) info.downdelay = *p.downdelay;
    if (p.useCarrier) info.useCarrier = *p.useCarrier;
    if (p.arpInterval) {
      info.arpInterval = *p.arpInterval;
      if (*p.arpInterval) info.miimon = 0;
    }
    if (p.arpTargets) {
      if (p.arpTargets->size() > kMaxArpTargets) return EINVAL;
      for (const IpAddress& t : *p.arpTargets)
        if (t.family != IpFamily::V4) return EINVAL;
      info.arpTargets = *p.arpTargets;
    }
    if (p.arpValidate) info.arpValidate = *p.arpValidate;
    return 0;
  }
};

int KernelModel::apply(const HostOp& op) {
  // Work on a copy so that a refusal half-way (a check after a side effect) changes nothing.
  KernelModel before = *this;
  int err = std::visit(Apply{*this}, op);
  if (err != 0) {
    *this = std::move(before);
    return err;
  }
  derive();
  return 0;
}

}  // namespace ifkit::host::memory
