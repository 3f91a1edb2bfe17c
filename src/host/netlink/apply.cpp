// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/apply.cpp: NetlinkHost::apply and applyBatch, operations sent and answered.
#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/ipv6_sysctl.h"
#include "host/netlink/netlink_host.h"
#include "host/netlink/requests.h"

namespace ifkit::host::nl {
namespace {

// Requests built and not yet sent are sent once this many wait: the rest of a batch is built in
// the memory they leave, where keeping a thousand (libnl allocates a page for each) made the
// batch page-fault its way through fresh heap. RouteSocket::requestAll sends about as many at once.
constexpr std::size_t kRequestsBuiltAhead = 64;

}  // namespace

Status NetlinkHost::apply(const HostOp& op) { return applyBatch(std::span(&op, 1)).front(); }

std::vector<Status> NetlinkHost::applyBatch(std::span<const HostOp> ops) {
  // The kernel announces most of what follows, but not the IPv6 sysctls: forget the view.
  view_.reset();
  speeds_.reset();
  std::vector<Status> results(ops.size());
  struct Pending {
    std::size_t op;
    NlMsg msg;
  };
  std::vector<Pending> pending;
  auto flush = [&] {
    if (pending.empty()) return;
    std::vector<nl_msg*> raw;
    raw.reserve(pending.size());
    for (const Pending& p : pending) raw.push_back(p.msg.get());
    std::vector<int> errs = sock_.requestAll(raw);
    for (std::size_t i = 0; i < pending.size(); ++i) {
      std::size_t op = pending[i].op;
      // An operation of several requests reports its first failure.
      if (errs[i] && results[op].ok()) results[op] = hostError(describe(ops[op]), errs[i]);
    }
    pending.clear();
  };
  IndexLookup lookup = [this](const std::string& name, int& err) { return indexOf(name, err); };

  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (const auto* autoconf = std::get_if<op::SetIpv6Autoconf>(&ops[i])) {
      flush();  // the link may be one this batch creates: its requests must have run
      results[i] = writeIpv6Autoconf(ns_, autoconf->name, autoconf->on, describe(ops[i]));
      continue;
    }
    auto requests = buildRequests(ops[i], lookup);
    if (!requests && requests.error().sysErrno == ENODEV && !pending.empty()) {
      // The name may belong to a link an unsent request of this batch creates: send what is
      // pending, then look again.
      flush();
      requests = buildRequests(ops[i], lookup);
    }
    if (!requests) {
      results[i] = requests.error();
      continue;
    }
    for (NlMsg& msg : *requests) pending.push_back({i, std::move(msg)});
    if (pending.size() >= kRequestsBuiltAhead) flush();
  }
  flush();
  return results;
}

}  // namespace ifkit::host::nl
