// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_bench_main.cpp: runs the host benchmarks and prints each ifkit/ip ratio after them.
//
//   sudo build/bin/host_bench                          # N = 100 and 400
//   sudo IFKIT_BENCH_SIZES=1000,4000 build/bin/host_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include "host_bench_sizes.h"

namespace {

// Keeps every run's real time per iteration, keyed "name/N", for the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs)
      if (!r.error_occurred)
        realTime_[r.run_name.function_name + "/" + r.run_name.args] = r.GetAdjustedRealTime();
  }

  void printRatios() const {
    std::printf("\nratios (real time, ifkit / ip; below 1 means ifkit is faster):\n");
    for (int n : ifkit::bench::benchSizes()) {
      printRatio("snapshot", "ip_addr_show", n);
      printRatio("list_and_describe", "ip_addr_show", n);
      printRatio("apply_batch", "ip_batch", n);
      printRatio("apply_each", "ip_batch", n);
    }
  }

 private:
  void printRatio(const std::string& ours, const std::string& theirs, int n) const {
    auto a = realTime_.find(ours + "/" + std::to_string(n));
    auto b = realTime_.find(theirs + "/" + std::to_string(n));
    if (a == realTime_.end() || b == realTime_.end() || b->second == 0) return;
    std::printf("  N=%-6d %-17s / %-13s %.2f\n", n, ours.c_str(), theirs.c_str(),
                a->second / b->second);
  }

  std::map<std::string, double> realTime_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ifkit::bench::registerSnapshotBenchmarks();
  ifkit::bench::registerApplyBenchmarks();
  ifkit::bench::registerDescribeBenchmarks();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.printRatios();
  benchmark::Shutdown();
  return 0;
}
