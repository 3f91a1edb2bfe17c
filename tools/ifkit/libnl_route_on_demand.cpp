// SPDX-License-Identifier: LGPL-2.1-or-later
// libnl-route, opened by the first command that changes the kernel rather than by every ifkit
// process (on_demand_library.h).
//
// ifkit reads the kernel's replies by hand (links, addresses: host/netlink/read_link.cpp,
// read_address.cpp) or with libnl-route's route parser, and builds its change requests with
// libnl-route. Linked, the library costs every process its relocations and its constructors,
// which register libnl's types for every link kind, queueing discipline and classifier and read
// /etc/libnl/classid: 0.3 to 0.5 ms and 27 page faults here, of a listing that calls none of it.
// libnl-3, the sockets and attributes under it, stays linked: every command uses it.
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/vlan.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>

#include "on_demand_library.h"

namespace {

constinit ifkit::cli::OnDemandLibrary libnlRoute(IFKIT_LIBNL_ROUTE_SONAME);

}  // namespace

#define IFKIT_LIBNL_ROUTE_CALL(name, ...) IFKIT_ON_DEMAND_CALL(libnlRoute, name, __VA_ARGS__)

extern "C" {

// Addresses (host/netlink/requests.cpp: adding and removing an address).
struct rtnl_addr* rtnl_addr_alloc(void) { IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_alloc); }
int rtnl_addr_build_add_request(struct rtnl_addr* addr, int flags, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_build_add_request, addr, flags, result);
}
int rtnl_addr_build_delete_request(struct rtnl_addr* addr, int flags, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_build_delete_request, addr, flags, result);
}
void rtnl_addr_put(struct rtnl_addr* addr) { IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_put, addr); }
void rtnl_addr_set_flags(struct rtnl_addr* addr, unsigned int flags) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_set_flags, addr, flags);
}
void rtnl_addr_set_ifindex(struct rtnl_addr* addr, int ifindex) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_set_ifindex, addr, ifindex);
}
int rtnl_addr_set_local(struct rtnl_addr* addr, struct nl_addr* local) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_set_local, addr, local);
}
void rtnl_addr_set_prefixlen(struct rtnl_addr* addr, int prefixlen) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_set_prefixlen, addr, prefixlen);
}
void rtnl_addr_set_scope(struct rtnl_addr* addr, int scope) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_addr_set_scope, addr, scope);
}

// Links (requests.cpp, kind_vlan.cpp: making, changing and deleting a link).
struct rtnl_link* rtnl_link_alloc(void) { IFKIT_LIBNL_ROUTE_CALL(rtnl_link_alloc); }
int rtnl_link_build_add_request(struct rtnl_link* link, int flags, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_build_add_request, link, flags, result);
}
int rtnl_link_build_change_request(struct rtnl_link* orig, struct rtnl_link* changes, int flags, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_build_change_request, orig, changes, flags, result);
}
int rtnl_link_build_delete_request(const struct rtnl_link* link, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_build_delete_request, link, result);
}
void rtnl_link_put(struct rtnl_link* link) { IFKIT_LIBNL_ROUTE_CALL(rtnl_link_put, link); }
void rtnl_link_set_addr(struct rtnl_link* link, struct nl_addr* addr) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_set_addr, link, addr);
}
void rtnl_link_set_flags(struct rtnl_link* link, unsigned int flags) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_set_flags, link, flags);
}
void rtnl_link_set_link(struct rtnl_link* link, int ifindex) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_set_link, link, ifindex);
}
void rtnl_link_set_master(struct rtnl_link* link, int ifindex) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_set_master, link, ifindex);
}
void rtnl_link_set_mtu(struct rtnl_link* link, unsigned int mtu) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_set_mtu, link, mtu);
}
void rtnl_link_set_name(struct rtnl_link* link, const char* name) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_set_name, link, name);
}
void rtnl_link_unset_flags(struct rtnl_link* link, unsigned int flags) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_unset_flags, link, flags);
}
struct rtnl_link* rtnl_link_vlan_alloc(void) { IFKIT_LIBNL_ROUTE_CALL(rtnl_link_vlan_alloc); }
int rtnl_link_vlan_set_id(struct rtnl_link* link, uint16_t id) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_link_vlan_set_id, link, id);
}

// Routes (requests.cpp: adding and removing a route).
struct rtnl_route* rtnl_route_alloc(void) { IFKIT_LIBNL_ROUTE_CALL(rtnl_route_alloc); }
void rtnl_route_add_nexthop(struct rtnl_route* route, struct rtnl_nexthop* nh) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_add_nexthop, route, nh);
}
int rtnl_route_build_add_request(struct rtnl_route* route, int flags, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_build_add_request, route, flags, result);
}
int rtnl_route_build_del_request(struct rtnl_route* route, int flags, struct nl_msg** result) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_build_del_request, route, flags, result);
}
void rtnl_route_put(struct rtnl_route* route) { IFKIT_LIBNL_ROUTE_CALL(rtnl_route_put, route); }
int rtnl_route_set_dst(struct rtnl_route* route, struct nl_addr* addr) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_set_dst, route, addr);
}
void rtnl_route_set_priority(struct rtnl_route* route, uint32_t prio) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_set_priority, route, prio);
}
void rtnl_route_set_protocol(struct rtnl_route* route, uint8_t protocol) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_set_protocol, route, protocol);
}
void rtnl_route_set_scope(struct rtnl_route* route, uint8_t scope) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_set_scope, route, scope);
}
void rtnl_route_set_table(struct rtnl_route* route, uint32_t table) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_set_table, route, table);
}
int rtnl_route_set_type(struct rtnl_route* route, uint8_t type) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_set_type, route, type);
}
struct rtnl_nexthop* rtnl_route_nh_alloc(void) { IFKIT_LIBNL_ROUTE_CALL(rtnl_route_nh_alloc); }
void rtnl_route_nh_free(struct rtnl_nexthop* nh) { IFKIT_LIBNL_ROUTE_CALL(rtnl_route_nh_free, nh); }
void rtnl_route_nh_set_gateway(struct rtnl_nexthop* nh, struct nl_addr* addr) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_nh_set_gateway, nh, addr);
}
void rtnl_route_nh_set_ifindex(struct rtnl_nexthop* nh, int ifindex) {
  IFKIT_LIBNL_ROUTE_CALL(rtnl_route_nh_set_ifindex, nh, ifindex);
}

}  // extern "C"
