// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/cli_bench.cpp: what a user waits for, the `ifkit` process from fork to exit, against the
// tools that do the same work, side by side in one run on the same namespace:
//   - `iface-list --all` alone, and followed by `iface-dumpxml` of every interface in the same
//     process, against `ip -d -j addr show` (and, where libvirtd is installed, libvirt's udev
//     backend doing the same through virsh); N bridges, each with a veth port whose peer stands
//     in for a NIC, the bridge and the peer with an address each: 3N links;
//   - `ifkit iface-start` of N defined bridges (an address each), one command, against one
//     `ip -batch` doing the same, each in a fresh namespace, start records on a tmpfs.
// The runs of each alternate, so that a busy machine slows all alike; the medians are compared.
// (The daemon against the same call in-process: daemon_bench.)
//
//   sudo build/bin/cli_bench                                  # 750 links; starts of 100
//   sudo IFKIT_BENCH_SIZES=250,1000 IFKIT_BENCH_START_SIZES=100,400,1000 build/bin/cli_bench
//   IFKIT_BENCH_RUNS=15 (default 9, for the listings and the starts alike);
//   IFKIT_BENCH_LIBVIRT=0 leaves libvirt out; IFKIT_BENCH_IFKIT=PATH times another ifkit (an
//   older build, to compare); IFKIT_BENCH_ALSO=PATH[,PATH...] races other ifkit builds beside
//   it in the same run (before and after a change, shared and static libraries), listings only.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "host_bench_netns.h"
#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "libvirtd_in_netns.h"
#include "test_netns.h"
#include "system_uri.h"

namespace {

namespace fs = std::filesystem;
using ifkit::bench::runQuiet;

// The ifkit program timed: this build's, or IFKIT_BENCH_IFKIT's.
std::string ifkitBin() {
  const char* env = std::getenv("IFKIT_BENCH_IFKIT");
  return env && *env ? env : IFKIT_BIN;
}

std::vector<int> sizesFrom(const char* variable, const char* byDefault) {
  const char* env = std::getenv(variable);
  std::stringstream in(env && *env ? env : byDefault);
  std::vector<int> sizes;
  for (std::string item; std::getline(in, item, ',');)
    if (int n = std::atoi(item.c_str()); n > 0) sizes.push_back(n);
  return sizes;
}

int runsWanted() {
  const char* env = std::getenv("IFKIT_BENCH_RUNS");
  const int n = env ? std::atoi(env) : 0;
  return n > 0 ? n : 9;
}

double millisecondsOf(const std::function<bool()>& run, bool& failed) {
  const auto start = std::chrono::steady_clock::now();
  if (!run()) failed = true;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One contender: a name and a timed run (a process, or several), its times kept.
struct Contender {
  std::string name;
  std::function<bool()> run;
  std::vector<double> ms;
  bool failed = false;
};

// Runs each contender `runs` times, in turn, and prints the medians.
void race(std::vector<Contender>& all, int runs) {
  for (Contender& c : all) (void)c.run();  // warm the caches: the first run reads the binaries
  for (int i = 0; i < runs; ++i)
    for (Contender& c : all) c.ms.push_back(millisecondsOf(c.run, c.failed));
  for (const Contender& c : all)
    std::printf("  %-46s %9.1f ms (median of %d)%s\n", c.name.c_str(), median(c.ms), runs,
                c.failed ? "  FAILED" : "");
}

void printRatio(const Contender& ours, const Contender& theirs, const char* target) {
  const double a = median(ours.ms), b = median(theirs.ms);
  if (b <= 0 || ours.failed || theirs.failed) return;
  std::printf("  %-30s / %-28s %6.2f   (target %s)\n", ours.name.c_str(), theirs.name.c_str(),
              a / b, target);
}

std::vector<std::string> linkNames(int bridges) {
  std::vector<std::string> names;
  for (int i = 0; i < bridges; ++i)
    for (const char* prefix : {"br", "v", "p"}) names.push_back(prefix + std::to_string(i));
  return names;
}

// Waits until the kernel has announced nothing for half a second: links that just came up keep
// it busy (IPv6 duplicate address detection on each); a server's namespace is measured at rest.
void waitUntilQuiet(const ifkit::test::TestNetns& ns) {
  auto host = ns.openHost();
  auto last = host.view();
  for (int waited = 0; last && waited < 60000; waited += 500) {
    ::usleep(500 * 1000);
    auto now = host.view();
    if (!now || *now == *last) return;
    last = std::move(now);
  }
}

// IFKIT_BENCH_ALSO's programs.
std::vector<std::string> otherIfkits() {
  const char* env = std::getenv("IFKIT_BENCH_ALSO");
  std::stringstream in(env && *env ? env : "");
  std::vector<std::string> paths;
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) paths.push_back(item);
  return paths;
}

bool libvirtWanted() {
  const char* env = std::getenv("IFKIT_BENCH_LIBVIRT");
  return !(env && std::string(env) == "0") && fs::exists("/usr/sbin/libvirtd") &&
         fs::exists("/usr/bin/virsh");
}

// (a) and (b): the listings, at `bridges` bridges with a port each.
void listings(int bridges, int runs) {
  ifkit::test::TestNetns ns;
  const fs::path batch = fs::temp_directory_path() / (ns.name() + ".batch");
  std::ofstream(batch) << ifkit::bench::bridgesWithPortsBatch(bridges);
  ns.ip("-batch " + batch.string());
  fs::remove(batch);
  waitUntilQuiet(ns);
  const fs::path store = fs::temp_directory_path() / ("ifkit-cb-" + ns.name());
  fs::create_directories(store);
  const std::string uri = ifkit::test::systemUri(ns.name(), store);
  std::string everything = "iface-list --all";
  for (const std::string& name : linkNames(bridges)) everything += "; iface-dumpxml " + name;

  std::vector<Contender> all{
      {"ip -d -j addr show",
       [&] {
         return runQuiet({"ip", "-n", ns.name(), "-d", "-j", "addr", "show"}) == 0;
       }},
      {"ifkit iface-list --all",
       [&] {
         return runQuiet({ifkitBin(), "-c", uri, "iface-list", "--all"}) == 0;
       }},
      {"ifkit list + dumpxml of each",
       [&] {
         return runQuiet({ifkitBin(), "-c", uri, everything}) == 0;
       }},
  };
  const std::size_t firstOther = all.size();
  for (const std::string& other : otherIfkits()) {
    all.push_back({other + " list", [=] {
                     return runQuiet({other, "-c", uri, "iface-list", "--all"}) == 0;
                   }});
    all.push_back({other + " list + dumpxml", [=] {
                     return runQuiet({other, "-c", uri, everything}) == 0;
                   }});
  }
  const std::size_t firstLibvirt = all.size();
  std::unique_ptr<ifkit::test::LibvirtdInNetns> libvirtd;
  if (libvirtWanted()) {
    libvirtd = std::make_unique<ifkit::test::LibvirtdInNetns>(ns);
    const std::string virshUri = libvirtd->uri();
    all.push_back({"virsh (udev) iface-list --all", [=] {
                     return runQuiet({"virsh", "-c", virshUri, "iface-list", "--all"}) == 0;
                   }});
    all.push_back({"virsh (udev) list + dumpxml of each", [=] {
                     return runQuiet({"virsh", "-c", virshUri, everything}) == 0;
                   }});
  }
  std::printf("\n%d links (%d bridges, each with a veth port; %d addresses):\n", 3 * bridges,
              bridges, 2 * bridges);
  race(all, runs);
  std::printf(" ratios (median / median; below 1 means faster than ip):\n");
  printRatio(all[2], all[0], "<= 1.0 at 750 links, <= 0.5 at 3000");
  printRatio(all[1], all[0], "<= 0.5");
  for (std::size_t i = firstOther; i + 1 < firstLibvirt; i += 2) {
    printRatio(all[i + 1], all[0], "<= 1.0 at 750 links, <= 0.5 at 3000");
    printRatio(all[i], all[0], "<= 0.5");
  }
  if (all.size() > firstLibvirt) {
    printRatio(all[firstLibvirt + 1], all[0], "none: the oracle");
    printRatio(all[firstLibvirt], all[0], "none: the oracle");
  }
  libvirtd.reset();
  // The kernel deletes bridges slowly (about 20 ms each, holding the rtnl lock); a namespace
  // deleted with thousands in it would do that in the background, under the next measurement.
  (void)runQuiet(
      {"ip", "-n", ns.name(), "link", "del", "group", std::to_string(ifkit::bench::kBenchGroup)});
  fs::remove_all(store);
}

std::string bridgeDefinition(int i) {
  const std::string address = ifkit::bench::benchAddress(i);
  return "<interface type='bridge' name='br" + std::to_string(i) +
         "'><protocol family='ipv4'><ip address='" + address.substr(0, address.find('/')) +
         "' prefix='24'/></protocol><bridge/></interface>";
}

// (c): one `ifkit iface-start` of N defined bridges against one `ip -batch` of the same work,
// each in a namespace of its own made (and its bridges defined) untimed.
void starts(int n, int runs) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back("br" + std::to_string(i));
  std::string commands;
  for (int i = 0; i < n; ++i) commands += "link add " + names[i] + " type bridge\n";
  for (int i = 0; i < n; ++i)
    commands += "addr add " + ifkit::bench::benchAddress(i) + " dev " + names[i] + "\n";
  for (int i = 0; i < n; ++i) commands += "link set " + names[i] + " up\n";

  Contender ip{"ip -batch (add, address, up)", {}}, ours{"ifkit iface-start of each", {}};
  for (int r = 0; r < runs; ++r) {
    {
      ifkit::bench::BenchNetns ns;
      ip.ms.push_back(millisecondsOf([&] { return ns.runIpBatch(commands) == 0; }, ip.failed));
      ns.joinBenchGroup(names);  // deleted synchronously with the namespace: see BenchNetns
    }
    {
      ifkit::bench::BenchNetns ns;
      const fs::path store = fs::temp_directory_path() / ("ifkit-cbs-" + ns.name());
      fs::remove_all(store);
      const std::string uri = ifkit::test::systemUri(ns.name(), store);
      {
        auto conn = ifkit::Connection::open(uri);
        for (int i = 0; conn && i < n; ++i)
          if (!conn->defineXML(bridgeDefinition(i))) ours.failed = true;
      }
      std::vector<std::string> argv{ifkitBin(), "-c", uri, "iface-start"};
      argv.insert(argv.end(), names.begin(), names.end());
      ours.ms.push_back(millisecondsOf([&] { return runQuiet(argv) == 0; }, ours.failed));
      ns.joinBenchGroup(names);
      fs::remove_all(store);
    }
  }
  std::printf("\nstarting %d defined bridges, an address each:\n", n);
  std::vector<Contender> both{ip, ours};
  for (const Contender& c : both)
    std::printf("  %-46s %9.1f ms (median of %d)%s\n", c.name.c_str(), median(c.ms), runs,
                c.failed ? "  FAILED" : "");
  printRatio(ours, ip, "<= 1.0");
}

}  // namespace

int main() {
  // Line by line: a child forked meanwhile (libvirtd's) must not inherit unwritten output.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (::geteuid() != 0) {
    std::fprintf(stderr, "cli_bench: needs root (network namespaces)\n");
    return 1;
  }
  // Before any thread starts: unshare applies to the calling thread only.
  std::printf("start records: %s\n", ifkit::bench::keepStartRecordsOnTmpfs().c_str());
  const int runs = runsWanted();
  for (int bridges : sizesFrom("IFKIT_BENCH_SIZES", "250")) listings(bridges, runs);
  for (int n : sizesFrom("IFKIT_BENCH_START_SIZES", "100")) starts(n, runs);
  return 0;
}
