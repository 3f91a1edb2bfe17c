// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/message.h: building one rtnetlink request, attribute by attribute.
//
// Only for what libnl-route 3.7 has no fitting builder for: bridge and bond settings (it cannot
// write IFLA_BR_* or IFLA_BOND_*; requests.cpp), dump requests (its caches send their own, with
// none of the filters snapshot.cpp asks for) and the one-link get (rtnl_link_build_get_request
// asks for the VF list and the statistics, which ifkit never reads; view.cpp).
//
//   ifinfomsg ifi{};
//   Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, ifi);
//   m.putString(IFLA_IFNAME, "br0");
//   nlattr* info = m.beginNest(IFLA_LINKINFO);
//   m.putString(IFLA_INFO_KIND, "bridge");
//   m.endNest(info);
//   NlMsg msg = m.take();  // null only if something did not fit
#pragma once

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "host/netlink/nl_ptr.h"

namespace ifkit::host::nl {

// The buffer of a request ifkit builds, by hand or through libnl's builders (requests.cpp). The
// largest, a bond created with every option and the kernel's 16 ARP targets, takes under 400
// bytes. libnl's own default is a page: a batch of requests built ahead (NetlinkHost::applyBatch)
// would touch a fresh page for each, and a page fault costs more than building the request.
inline constexpr std::size_t kRequestBytes = 1024;

class Message {
 public:
  template <class Header>
  Message(int type, int flags, const Header& header) : msg_(nlmsg_alloc_size(kRequestBytes)) {
    ok_ = msg_ && nlmsg_put(msg_.get(), NL_AUTO_PORT, NL_AUTO_SEQ, type, 0, flags) != nullptr &&
          nlmsg_append(msg_.get(), const_cast<Header*>(&header), sizeof header, NLMSG_ALIGNTO) == 0;
  }

  void putU8(int type, std::uint8_t v) { put(type, &v, sizeof v); }
  void putU16(int type, std::uint16_t v) { put(type, &v, sizeof v); }
  void putU32(int type, std::uint32_t v) { put(type, &v, sizeof v); }
  void putString(int type, const std::string& s) { put(type, s.c_str(), s.size() + 1); }
  void put(int type, const void* data, std::size_t len) {
    if (ok_) ok_ = nla_put(msg_.get(), type, static_cast<int>(len), data) == 0;
  }
  nlattr* beginNest(int type) {
    nlattr* nest = ok_ ? nla_nest_start(msg_.get(), type) : nullptr;
    ok_ = nest != nullptr;
    return nest;
  }
  // libnl drops a nest that was left empty; that is right for INFO_DATA with nothing to set.
  void endNest(nlattr* nest) {
    if (ok_) ok_ = nla_nest_end(msg_.get(), nest) == 0;
  }
  // For a nest whose emptiness is the message: an empty list that replaces the kernel's.
  void endNestKeepEmpty(nlattr* nest) {
    if (ok_) ok_ = nla_nest_end_keep_empty(msg_.get(), nest) == 0;
  }

  // The finished message; null if allocation failed or an attribute did not fit (ifkit's requests
  // are far below kRequestBytes, so that means memory ran out).
  NlMsg take() { return ok_ ? std::move(msg_) : NlMsg(); }

 private:
  NlMsg msg_;
  bool ok_ = false;
};

}  // namespace ifkit::host::nl
