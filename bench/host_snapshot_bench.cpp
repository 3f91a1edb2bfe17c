// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_snapshot_bench.cpp: snapshot() of N bridges with a veth port each, against
// `ip -d -j addr show` on the same namespace in the same run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "host/netlink/netlink_host.h"
#include "host_bench_netns.h"
#include "host_bench_sizes.h"

namespace ifkit::bench {
namespace {

void snapshot(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  const BenchNetns& ns = sharedBridgesNetns(n);
  auto h = host::nl::NetlinkHost::open(host::nl::Netns::openByName(ns.name()).value());
  if (!h) {
    state.SkipWithError(h.error().message.c_str());
    return;
  }
  std::size_t links = 0;
  for (auto _ : state) {
    auto st = h->snapshot();
    if (!st) {
      state.SkipWithError(st.error().message.c_str());
      return;
    }
    links = st->links.size();
    benchmark::DoNotOptimize(st);
  }
  state.counters["links"] = static_cast<double>(links);
  state.counters["per_link_us"] =
      benchmark::Counter(static_cast<double>(links), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

void ipAddrShow(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  const BenchNetns& ns = sharedBridgesNetns(n);
  for (auto _ : state) {
    if (runQuiet({"ip", "-n", ns.name(), "-d", "-j", "addr", "show"}) != 0) {
      state.SkipWithError("ip -d -j addr show failed");
      return;
    }
  }
}

}  // namespace

void registerSnapshotBenchmarks() {
  for (int n : benchSizes()) {
    benchmark::RegisterBenchmark("snapshot", snapshot)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("ip_addr_show", ipAddrShow)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

}  // namespace ifkit::bench
