// src/host/netlink/requests.cpp: each primitive operation as the rtnetlink requests it needs.
#include "host/netlink/requests.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/kinds.h"
#include "host/netlink/message.h"

namespace ifkit::host::nl {
namespace {

using Requests = Result<std::vector<NlMsg>>;

Requests single(NlMsg msg, const std::string& what) {
  if (!msg) return hostError(what, ENOMEM);
  std::vector<NlMsg> out;
  out.push_back(std::move(msg));
  return out;
}

// RTM_SETLINK addressed by name: ifi_index 0 makes the kernel look the name up itself.
Message setLink(const std::string& name, unsigned flags = 0, unsigned change = 0) {
  ifinfomsg ifi{};
  ifi.ifi_flags = flags;
  ifi.ifi_change = change;
  Message m(RTM_SETLINK, 0, ifi);
  m.putString(IFLA_IFNAME, name);
  return m;
}

// RTM_NEWLINK for a kind: creates the link with NLM_F_CREATE | NLM_F_EXCL, or, without them,
// changes the kind settings of an existing one (RTM_SETLINK does not pass IFLA_INFO_DATA on to
// the kind's driver; RTM_NEWLINK on an existing name does).
template <class FillData>
Message newLink(const std::string& name, const char* kind, bool create, FillData fillData) {
  ifinfomsg ifi{};
  Message m(RTM_NEWLINK, create ? NLM_F_CREATE | NLM_F_EXCL : 0, ifi);
  m.putString(IFLA_IFNAME, name);
  nlattr* info = m.beginNest(IFLA_LINKINFO);
  m.putString(IFLA_INFO_KIND, kind);
  nlattr* data = m.beginNest(IFLA_INFO_DATA);
  fillData(m);
  m.endNest(data);
  m.endNest(info);
  return m;
}

Message addressRequest(int type, int flags, int index, const IpPrefix& prefix) {
  ifaddrmsg ifa{};
  ifa.ifa_family = static_cast<unsigned char>(prefix.address.af());
  ifa.ifa_prefixlen = prefix.length;
  ifa.ifa_index = static_cast<unsigned>(index);
  Message m(type, flags, ifa);
  // IFA_LOCAL is our address; an IFA_ADDRESS that differs from it would name a point-to-point
  // peer. Equal, as `ip addr add` sends them, they describe a plain address of either family.
  m.put(IFA_LOCAL, prefix.address.bytes.data(), prefix.address.size());
  m.put(IFA_ADDRESS, prefix.address.bytes.data(), prefix.address.size());
  return m;
}

Message defaultRouteRequest(int type, int flags, int index, const IpAddress& gateway) {
  bool add = type == RTM_NEWROUTE;
  rtmsg rtm{};
  rtm.rtm_family = static_cast<unsigned char>(gateway.af());
  rtm.rtm_table = RT_TABLE_MAIN;
  rtm.rtm_type = RTN_UNICAST;
  // Marked static, as an administrator's configuration; a delete matches any origin and scope.
  rtm.rtm_protocol = add ? RTPROT_STATIC : RTPROT_UNSPEC;
  rtm.rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
  Message m(type, flags, rtm);
  m.put(RTA_GATEWAY, gateway.bytes.data(), gateway.size());
  m.putU32(RTA_OIF, static_cast<std::uint32_t>(index));
  return m;
}

struct Builder {
  const IndexLookup& indexOf;
  std::string what;

  // Resolves `name` or reports the op as failed with the lookup's errno.
  Result<int> index(const std::string& name) const {
    int err = 0;
    int idx = indexOf(name, err);
    if (idx <= 0) return hostError(what, err ? err : ENODEV);
    return idx;
  }

  Requests operator()(const op::CreateBridge& o) const {
    return single(
        newLink(o.name, "bridge", true, [&](Message& m) { putBridgeParams(m, o.params); }).take(),
        what);
  }
  Requests operator()(const op::CreateBond& o) const {
    Status st;
    NlMsg msg = newLink(o.name, "bond", true, [&](Message& m) {
                  st = putBondParams(m, o.params, what);
                }).take();
    if (!st) return std::move(st).error();
    return single(std::move(msg), what);
  }
  Requests operator()(const op::CreateVlan& o) const {
    auto parent = index(o.parent);
    if (!parent) return parent.error();
    Message m = newLink(o.name, "vlan", true, [&](Message& mm) { putVlanId(mm, o.id); });
    m.putU32(IFLA_LINK, static_cast<std::uint32_t>(*parent));
    return single(m.take(), what);
  }
  Requests operator()(const op::DeleteLink& o) const {
    ifinfomsg ifi{};
    Message m(RTM_DELLINK, 0, ifi);
    m.putString(IFLA_IFNAME, o.name);
    return single(m.take(), what);
  }
  Requests operator()(const op::SetMaster& o) const {
    int masterIndex = 0;  // IFLA_MASTER 0 releases the link from its master
    if (!o.master.empty()) {
      auto idx = index(o.master);
      if (!idx) return idx.error();
      masterIndex = *idx;
    }
    Message m = setLink(o.name);
    m.putU32(IFLA_MASTER, static_cast<std::uint32_t>(masterIndex));
    return single(m.take(), what);
  }
  Requests operator()(const op::SetMtu& o) const {
    Message m = setLink(o.name);
    m.putU32(IFLA_MTU, o.mtu);
    return single(m.take(), what);
  }
  Requests operator()(const op::SetMac& o) const {
    // Many NIC drivers refuse a MAC change while the link is up (EBUSY); the planner brings the
    // link down first. Bridges, bonds, VLANs and veths accept it either way.
    Message m = setLink(o.name);
    m.put(IFLA_ADDRESS, o.mac.bytes.data(), o.mac.bytes.size());
    return single(m.take(), what);
  }
  Requests operator()(const op::SetUp& o) const {
    return single(setLink(o.name, o.up ? IFF_UP : 0, IFF_UP).take(), what);
  }
  Requests operator()(const op::SetBridge& o) const {
    std::vector<NlMsg> out;
    for (const BridgeParams& part : splitBridgeParams(o.params)) {
      NlMsg msg =
          newLink(o.name, "bridge", false, [&](Message& m) { putBridgeParams(m, part); }).take();
      if (!msg) return hostError(what, ENOMEM);
      out.push_back(std::move(msg));
    }
    return out;
  }
  Requests operator()(const op::SetBond& o) const {
    Status st;
    NlMsg msg = newLink(o.name, "bond", false, [&](Message& m) {
                  st = putBondParams(m, o.params, what);
                }).take();
    if (!st) return std::move(st).error();
    return single(std::move(msg), what);
  }
  Requests operator()(const op::AddAddress& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return single(addressRequest(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, *idx, o.prefix).take(),
                  what);
  }
  Requests operator()(const op::RemoveAddress& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return single(addressRequest(RTM_DELADDR, 0, *idx, o.prefix).take(), what);
  }
  Requests operator()(const op::AddDefaultRoute& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return single(
        defaultRouteRequest(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, *idx, o.gateway).take(), what);
  }
  Requests operator()(const op::RemoveDefaultRoute& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return single(defaultRouteRequest(RTM_DELROUTE, 0, *idx, o.gateway).take(), what);
  }
  Requests operator()(const op::SetIpv6Autoconf&) const {
    // A caller bug: this op is a sysctl write (ipv6_sysctl.cpp), never a netlink request.
    return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                     "IPv6 autoconf is not a netlink request");
  }
};

}  // namespace

Result<std::vector<NlMsg>> buildRequests(const HostOp& op, const IndexLookup& indexOf) {
  return std::visit(Builder{indexOf, describe(op)}, op);
}

}  // namespace ifkit::host::nl
