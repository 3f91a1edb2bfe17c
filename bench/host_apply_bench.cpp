// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_apply_bench.cpp: N bridges with an address each, up, through applyBatch (and one op
// at a time), against `ip -batch` doing the same in the same run.
#include <benchmark/benchmark.h>

#include <memory>

#include "host/host_op.h"
#include "host/netlink/netlink_host.h"
#include "host_bench_netns.h"
#include "host_bench_sizes.h"

namespace ifkit::bench {
namespace {

using namespace host;  // NOLINT

// Creations first, then the rest: the order a planner batches in, and the order given to ip.
std::vector<HostOp> bridgeOps(int n) {
  std::vector<HostOp> ops;
  for (int i = 0; i < n; ++i) ops.push_back(op::CreateBridge{"br" + std::to_string(i), {}});
  for (int i = 0; i < n; ++i) ops.push_back(op::SetUp{"br" + std::to_string(i), true});
  for (int i = 0; i < n; ++i)
    ops.push_back(op::AddAddress{"br" + std::to_string(i), *IpPrefix::parse(benchAddress(i))});
  return ops;
}

std::string bridgeBatch(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "link add br" + std::to_string(i) + " type bridge\n";
  for (int i = 0; i < n; ++i) s += "link set br" + std::to_string(i) + " up\n";
  for (int i = 0; i < n; ++i)
    s += "addr add " + benchAddress(i) + " dev br" + std::to_string(i) + "\n";
  return s;
}

// Times only the apply: the namespace is made before and deleted after, untimed.
template <class Apply>
void timeInFreshNamespaces(benchmark::State& state, Apply apply) {
  std::vector<std::string> bridges;
  for (int i = 0; i < state.range(0); ++i) bridges.push_back("br" + std::to_string(i));
  for (auto _ : state) {
    state.PauseTiming();
    auto ns = std::make_unique<BenchNetns>();
    state.ResumeTiming();
    if (!apply(*ns)) {
      state.SkipWithError("apply failed");
      return;
    }
    state.PauseTiming();
    ns->joinBenchGroup(bridges);
    ns.reset();
    state.ResumeTiming();
  }
}

void applyBatch(benchmark::State& state) {
  std::vector<HostOp> ops = bridgeOps(static_cast<int>(state.range(0)));
  timeInFreshNamespaces(state, [&](const BenchNetns& ns) {
    auto h = nl::NetlinkHost::open(nl::Netns::openByName(ns.name()).value());
    if (!h) return false;
    for (const Status& st : h->applyBatch(ops))
      if (!st.ok()) return false;
    return true;
  });
}

void applyEach(benchmark::State& state) {
  std::vector<HostOp> ops = bridgeOps(static_cast<int>(state.range(0)));
  timeInFreshNamespaces(state, [&](const BenchNetns& ns) {
    auto h = nl::NetlinkHost::open(nl::Netns::openByName(ns.name()).value());
    if (!h) return false;
    for (const HostOp& o : ops)
      if (!h->apply(o).ok()) return false;
    return true;
  });
}

void ipBatch(benchmark::State& state) {
  std::string commands = bridgeBatch(static_cast<int>(state.range(0)));
  timeInFreshNamespaces(state, [&](const BenchNetns& ns) { return ns.runIpBatch(commands) == 0; });
}

}  // namespace

void registerApplyBenchmarks() {
  struct Entry {
    const char* name;
    void (*fn)(benchmark::State&);
  };
  for (int n : benchSizes()) {
    for (Entry e : {Entry{"apply_batch", applyBatch}, Entry{"apply_each", applyEach},
                    Entry{"ip_batch", ipBatch}}) {
      benchmark::RegisterBenchmark(e.name, e.fn)
          ->Arg(n)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime()
          ->Iterations(5);
    }
  }
}

}  // namespace ifkit::bench
