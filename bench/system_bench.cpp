// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/system_bench.cpp: ifkit:///system starting N defined bridges (an address each) with one
// `ifkit iface-start` command, against `ip -batch` doing the same in the same run, both as
// processes of their own; and the latency of starting and stopping one bridge with one member
// (library calls on an open connection).
//
//   sudo build/bin/system_bench                           # N = 100 and 400
//   sudo IFKIT_BENCH_SIZES=1000 build/bin/system_bench
#include <benchmark/benchmark.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "host_bench_netns.h"
#include "host_bench_sizes.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "system_uri.h"

namespace ifkit::bench {
namespace {

namespace fs = std::filesystem;

std::string bridgeName(int i) { return "br" + std::to_string(i); }

// A fresh namespace and store with `n` bridges defined, none started; all untimed.
struct Defined {
  std::unique_ptr<BenchNetns> ns = std::make_unique<BenchNetns>();
  fs::path store = fs::temp_directory_path() / ("ifkit-sb-" + std::to_string(getpid()));
  std::string uri;
  std::optional<Connection> conn;
  std::vector<Interface> ifaces;

  explicit Defined(int n) {
    fs::remove_all(store);
    uri = test::systemUri(ns->name(), store);
    conn = Connection::open(uri).value();
    for (int i = 0; i < n; ++i)
      ifaces.push_back(conn->defineXML("<interface type='bridge' name='" + bridgeName(i) +
                                       "'><protocol family='ipv4'><ip address='" +
                                       benchAddress(i).substr(0, benchAddress(i).find('/')) +
                                       "' prefix='24'/></protocol><bridge/></interface>")
                           .value());
  }
  ~Defined() {
    std::vector<std::string> names;
    for (const auto& i : ifaces) names.push_back(i.name());
    ns->joinBenchGroup(names);  // deleted synchronously with the namespace: see BenchNetns
    ns.reset();
    fs::remove_all(store);
  }
};

void startMany(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto defined = std::make_unique<Defined>(n);
    // The command a user types, in a process of its own like ip's: `ifkit -c URI iface-start
    // br0 br1 ...`, started together with the host read once.
    std::vector<std::string> argv{IFKIT_BIN, "-c", defined->uri, "iface-start"};
    for (const Interface& iface : defined->ifaces) argv.push_back(iface.name());
    state.ResumeTiming();
    if (runQuiet(argv) != 0) {
      state.SkipWithError("ifkit iface-start failed");
      return;
    }
    state.PauseTiming();
    defined.reset();
    state.ResumeTiming();
  }
}

void ipBatchBridges(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::string commands;
  for (int i = 0; i < n; ++i) commands += "link add " + bridgeName(i) + " type bridge\n";
  for (int i = 0; i < n; ++i)
    commands += "addr add " + benchAddress(i) + " dev " + bridgeName(i) + "\n";
  for (int i = 0; i < n; ++i) commands += "link set " + bridgeName(i) + " up\n";
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(bridgeName(i));
  for (auto _ : state) {
    state.PauseTiming();
    auto ns = std::make_unique<BenchNetns>();
    state.ResumeTiming();
    if (ns->runIpBatch(commands) != 0) {
      state.SkipWithError("ip -batch failed");
      return;
    }
    state.PauseTiming();
    ns->joinBenchGroup(names);
    ns.reset();
    state.ResumeTiming();
  }
}

// One bridge over one stand-in NIC: start, then stop, each timed on its own.
void startStopOne(benchmark::State& state, bool timeStart) {
  BenchNetns ns;
  ns.ipBatch("link add eth0 type veth peer name eth0-peer\n");
  const fs::path store = fs::temp_directory_path() / ("ifkit-sb1-" + std::to_string(getpid()));
  fs::remove_all(store);
  Connection conn =
      Connection::open(test::systemUri(ns.name(), store)).value();
  Interface br0 = conn.defineXML(
                          "<interface type='bridge' name='br0'><protocol family='ipv4'>"
                          "<ip address='192.0.2.1' prefix='24'/></protocol><bridge>"
                          "<interface type='ethernet' name='eth0'/></bridge></interface>")
                      .value();
  for (auto _ : state) {
    if (!timeStart) state.PauseTiming();
    Status started = br0.create();
    if (!timeStart) state.ResumeTiming();
    if (timeStart) state.PauseTiming();
    Status stopped = br0.destroy();
    if (timeStart) state.ResumeTiming();
    if (!started.ok() || !stopped.ok()) {
      state.SkipWithError("start or stop failed");
      break;
    }
  }
  fs::remove_all(store);
}
void startOne(benchmark::State& state) { startStopOne(state, true); }
void stopOne(benchmark::State& state) { startStopOne(state, false); }

class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs)
      if (!r.error_occurred) realTime_[r.benchmark_name()] = r.GetAdjustedRealTime();
  }
  double time(const std::string& name) const {
    auto it = realTime_.find(name);
    return it == realTime_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> realTime_;
};

}  // namespace
}  // namespace ifkit::bench

int main(int argc, char** argv) {
  using namespace ifkit::bench;
  using Bench = void (*)(benchmark::State&);
  struct Entry {
    const char* name;
    Bench fn;
  };
  benchmark::Initialize(&argc, argv);
  // Before any thread starts: unshare applies to the calling thread only.
  const std::string run = keepStartRecordsOnTmpfs();
  std::printf("start records: %s\n", run.c_str());
  for (int n : benchSizes()) {
    for (Entry e : {Entry{"start_many", startMany}, Entry{"ip_batch", ipBatchBridges}})
      benchmark::RegisterBenchmark(e.name, e.fn)
          ->Arg(n)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime()
          ->Iterations(3);
  }
  for (Entry e : {Entry{"start_one", startOne}, Entry{"stop_one", stopOne}})
    benchmark::RegisterBenchmark(e.name, e.fn)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime()
        ->Iterations(50)
        ->Repetitions(5)
        ->ReportAggregatesOnly(true);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nratios (real time, ifkit / ip -batch; below 1 means ifkit is faster):\n");
  for (int n : benchSizes()) {
    const std::string suffix =
        std::string("/").append(std::to_string(n)).append("/iterations:3/real_time");
    const double ours = reporter.time("start_many" + suffix),
                 theirs = reporter.time("ip_batch" + suffix);
    if (theirs > 0) std::printf("  N=%-6d start_many / ip_batch %.2f\n", n, ours / theirs);
  }
  benchmark::Shutdown();
  return 0;
}
