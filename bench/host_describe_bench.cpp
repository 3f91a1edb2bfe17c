// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_describe_bench.cpp: what `iface-list --all` and then `iface-dumpxml` of every
// interface cost in one ifkit process on ifkit:///system, against one `ip -d -j addr show` of
// the same namespace in the same run.
//
// The ifkit side makes the library calls the CLI makes for those commands (one connection;
// iface-list: listAllInterfaces, then isActive and the MAC of each row; iface-dumpxml: lookup by
// name, then the live XML), without printing. N bridges with a veth port each: 3N interfaces.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "host_bench_netns.h"
#include "host_bench_sizes.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"

namespace ifkit::bench {
namespace {

std::vector<std::string> interfaceNames(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i)
    for (const char* prefix : {"br", "v", "p"}) names.push_back(prefix + std::to_string(i));
  return names;
}

// Returns the number of interfaces described, or -1 after reporting an error to `state`.
long listAndDescribe(benchmark::State& state, const std::string& uri,
                     const std::vector<std::string>& names) {
  auto conn = Connection::open(uri);
  if (!conn) {
    state.SkipWithError(conn.error().message.c_str());
    return -1;
  }
  auto all = conn->listAllInterfaces(0);
  if (!all) {
    state.SkipWithError(all.error().message.c_str());
    return -1;
  }
  std::size_t bytes = 0;
  for (const Interface& iface : *all) {
    auto active = iface.isActive();
    if (!active) {
      state.SkipWithError(active.error().message.c_str());
      return -1;
    }
    bytes += iface.macString().size();
  }
  for (const std::string& name : names) {
    auto iface = conn->lookupByName(name);
    auto xml = iface ? iface->xmlDesc(0) : Result<std::string>(iface.error());
    if (!xml) {
      state.SkipWithError(xml.error().message.c_str());
      return -1;
    }
    bytes += xml->size();
  }
  benchmark::DoNotOptimize(bytes);
  return static_cast<long>(all->size());
}

void listAndDescribeAll(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const BenchNetns& ns = sharedBridgesNetns(n);
  const std::string uri = test::systemUri(ns.name(), "/tmp/" + ns.name() + ".store");
  const std::vector<std::string> names = interfaceNames(n);
  long listed = 0;
  for (auto _ : state) {
    listed = listAndDescribe(state, uri, names);
    if (listed < 0) break;
  }
  std::filesystem::remove_all("/tmp/" + ns.name() + ".store");
  state.counters["interfaces"] = static_cast<double>(listed);
  state.counters["per_iface_us"] = benchmark::Counter(
      static_cast<double>(names.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

void registerDescribeBenchmarks() {
  for (int n : benchSizes())
    benchmark::RegisterBenchmark("list_and_describe", listAndDescribeAll)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
}

}  // namespace ifkit::bench
