// SPDX-License-Identifier: LGPL-2.1-or-later
// DhcpClients: ifkit's DHCP clients (IPv4), one per interface of one network namespace.
//
//   DhcpClients dhcp(netns);                     // run files under /run/ifkit/dhcp/<netns>/
//   Status st = dhcp.start("eth0");              // returns once a lease is bound (or it keeps
//                                                // trying in the background)
//   st = dhcp.start("br0", identity);            // continues another client's lease
//                                                // (dhcp_identity.h)
//   bool on = dhcp.isRunning("eth0");
//   st = dhcp.stop("eth0");                      // releases the lease, removes the address
//
// The client is busybox's udhcpc (Debian's busybox-static): it does one thing, runs per
// interface, and hands every lease event to a hook that ifkit owns, so ifkit decides what is
// applied: the leased address (replacing the previous lease's, never touching static ones) and
// the default route via the server's router. DNS servers are recorded with the lease but
// /etc/resolv.conf is left alone. ISC dhclient is end of life upstream, and dhcpcd wants to
// manage the whole host; neither fits a per-interface client in any namespace.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "host/dhcp/dhcp_identity.h"
#include "host/netlink/netns.h"
#include "ifkit/error.h"

namespace ifkit::host {

class DhcpClients {
 public:
  // `runDirectory` holds one folder per namespace (named after the namespace's inode number).
  explicit DhcpClients(const nl::Netns& netns, std::string runDirectory = "/run/ifkit/dhcp");

  // With an identity: the client presents its client identifier (none if it is empty) instead
  // of its MAC, and asks for its address, so that the server renews that lease.
  Status start(const std::string& interface,
               const std::optional<DhcpIdentity>& identity = std::nullopt);
  // `release` false: the client goes without releasing its lease or running its hook, so the
  // leased address and route stay on the link (a hand-over to the link's new master).
  Status stop(const std::string& interface, bool release = true);
  // Asked of every live XML: a look in the run folder (one readdir) serves the questions within
  // kAnswerFreshness of it (host/answer_freshness.h), so that a link without a pid file costs no
  // system call; start and stop drop it, so this object's own clients are always seen.
  bool isRunning(const std::string& interface) const;
  // The address/prefix of the current lease, if the client holds one.
  std::optional<std::string> leasedAddress(const std::string& interface) const;

 private:
  std::string pathFor(const std::string& interface, const char* suffix) const;
  std::optional<pid_t> runningPid(const std::string& interface) const;
  Status prepare() const;
  // Whether the run folder held `interface`.pid at the last look (made again when stale).
  bool mayHavePidFile(const std::string& interface) const;
  void forgetPidFiles() const;

  int netnsFd_;
  std::string directory_;  // runDirectory/<netns inode>
  mutable std::mutex pidFilesMutex_;
  mutable std::set<std::string, std::less<>> pidFiles_;  // the folder's *.pid at the last look
  mutable std::chrono::steady_clock::time_point pidFilesLooked_{};  // the epoch: not yet
};

}  // namespace ifkit::host
