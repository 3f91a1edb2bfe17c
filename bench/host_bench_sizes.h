// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_bench_sizes.h: how many interfaces the host benchmarks build, and their registration.
#pragma once

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace ifkit::bench {

// IFKIT_BENCH_SIZES="1000,4000" overrides the default, kept small because building thousands of
// bridges takes the kernel seconds. Two sizes show whether the cost per interface stays flat.
inline std::vector<int> benchSizes() {
  const char* env = std::getenv("IFKIT_BENCH_SIZES");
  std::stringstream in(env && *env ? env : "100,400");
  std::vector<int> sizes;
  for (std::string item; std::getline(in, item, ',');)
    if (int n = std::atoi(item.c_str()); n > 0) sizes.push_back(n);
  return sizes;
}

void registerSnapshotBenchmarks();  // host_snapshot_bench.cpp
void registerApplyBenchmarks();     // host_apply_bench.cpp
void registerDescribeBenchmarks();  // host_describe_bench.cpp

}  // namespace ifkit::bench
