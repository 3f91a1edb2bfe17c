// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_bench_netns.h: a scratch network namespace for the host benchmarks, and `ip` runs.
#pragma once

#include <string>
#include <vector>

namespace ifkit::bench {

// Runs argv (no shell) with stdout and stderr on /dev/null; returns the exit status, -1 if it
// could not start. The benchmarks time this as the reference tool's cost, start-up included.
int runQuiet(const std::vector<std::string>& argv);

// "ifkit-b-<pid>-<n>": made by the constructor, deleted by the destructor. Aborts the benchmark
// run if `ip netns add` fails: nothing can be measured then.
//
// The kernel is slow to delete bridges (about 20 ms each, holding the rtnl lock), and deleting a
// namespace does it in the background: the next measurement would wait for that lock. So the
// destructor first deletes every link of group kBenchGroup in one synchronous request, and only
// then the namespace. Links the benchmark makes must join that group (see joinBenchGroup).
class BenchNetns {
 public:
  BenchNetns();
  ~BenchNetns();
  BenchNetns(const BenchNetns&) = delete;
  BenchNetns& operator=(const BenchNetns&) = delete;

  const std::string& name() const { return name_; }
  // Feeds `commands` (one `ip` command per line, without the leading "ip") to `ip -batch`.
  void ipBatch(const std::string& commands) const;
  // The same, timed by the caller: returns ip's exit status.
  int runIpBatch(const std::string& commands) const;
  // Returns once the kernel has announced no change in the namespace for `quietMs` (at most
  // after a minute). Links that just came up keep the kernel busy for seconds (IPv6 duplicate
  // address detection on each, its routes): a server's namespace is measured at rest.
  void waitUntilQuiet(int quietMs = 500) const;
  // Puts the named links into kBenchGroup, so that the destructor deletes them synchronously.
  void joinBenchGroup(const std::vector<std::string>& names) const;

 private:
  std::string name_;
};

// The link group ("ip link ... group 77") the destructor of BenchNetns deletes.
constexpr int kBenchGroup = 77;

// N bridges br<i>, each with a veth port v<i> whose peer p<i> stands in for a NIC; the bridge
// and the peer have an IPv4 address each; all up, all in kBenchGroup: `ip -batch` lines.
std::string bridgesWithPortsBatch(int n);

// One namespace per N holding bridgesWithPortsBatch(n), built (and let come to rest) the first
// time it is asked for and deleted at exit: the benchmarks that only read share it, so ifkit and
// ip read the very same namespace, and building thousands of links happens once.
const BenchNetns& sharedBridgesNetns(int n);

// ifkit keeps its start records under /run/ifkit, and /run is a tmpfs on a systemd host. Where
// it is not (this project's CI machine: a journal-less ext4, where each new file after many
// deletions costs a scan of the recently freed inodes), this gives ifkit a private tmpfs there,
// in a mount namespace of its own that the caller's children (ip, ifkit) share and nobody else
// sees. IFKIT_BENCH_RUN_AS_IS=1 measures the machine's /run as it is. Call it before any thread
// starts (unshare applies to the calling thread only). Returns what it did, to be printed.
std::string keepStartRecordsOnTmpfs();

// The address of bridge i in the benchmarks: 10.<i/250>.<i%250>.1/24.
std::string benchAddress(int i);
// The address of the veth peer p<i>: 10.<128 + i/250>.<i%250>.2/24.
std::string benchPeerAddress(int i);

}  // namespace ifkit::bench
