// SPDX-License-Identifier: LGPL-2.1-or-later
// take_over_bench: how long the host stops answering while the NIC it is reached through is
// bridged and unbridged, as a person connected over that NIC feels it.
//
// Each run builds a server's NIC anew (tests/system/server_host.h: 192.0.2.5/24, 2001:db8::5/64,
// default routes, a LAN namespace), starts a probe in the LAN that sends a UDP datagram to the
// host every 10 ms, and measures the longest time without an answer while
//   - `ifkit iface-bridge eth0 br0 --no-stp` runs, then `ifkit iface-unbridge br0`;
//   - `ifkit iface-bridge eth0 br0` with STP on, which the kernel holds for two forward delays;
//   - the reference: one `ip -batch` script that does what an administrator would type to the
//     same end (bridge with the NIC's MAC, NIC enslaved, addresses and default routes moved).
// The same probe over a quiet host gives the floor (the probe's interval, and the odd datagram
// a busy machine delays). It prints the median and the worst gap of each over the runs (IFKIT_BENCH_RUNS, default 7),
// and their ratio. Needs root; touches only its own namespaces.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "reachability_probe.h"
#include "server_host.h"
#include "system_uri.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ifkit::test::ReachabilityProbe;
using ifkit::test::ServerHost;

double ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// The longest gap while `change` runs; a negative value if the host does not answer afterwards.
template <class Change>
double gapDuring(const ServerHost& server, Change change) {
  ReachabilityProbe probe(server.host().name(), server.lan().name(), ServerHost::kHostV4);
  if (!probe.waitForAnswers(5, 5s)) return -1;
  if (!change()) return -1;
  if (!probe.waitForAnswers(5, 10s)) return -1;
  return ms(probe.stop().longestGap);
}

bool run(const std::string& command) { return std::system(command.c_str()) == 0; }

struct Gaps {
  std::vector<double> values;
  bool failed = false;

  void add(double v) {
    if (v < 0) failed = true;
    else values.push_back(v);
  }
  std::string summary() {
    if (failed || values.empty()) return "FAILED (the host did not answer after the change)";
    std::sort(values.begin(), values.end());
    char out[96];
    std::snprintf(out, sizeof out, "median %7.2f ms, worst %7.2f ms", values[values.size() / 2],
                  values.back());
    return out;
  }
  double median() const { return values.empty() ? 0 : values[values.size() / 2]; }
};

}  // namespace

int main() {
  if (geteuid() != 0) {
    std::fprintf(stderr, "take_over_bench: needs root (network namespaces)\n");
    return 2;
  }
  const char* runsText = std::getenv("IFKIT_BENCH_RUNS");
  const int runs = runsText ? std::max(1, std::atoi(runsText)) : 7;
  const fs::path store = fs::temp_directory_path() / ("ifkit-takeover-bench-" +
                                                     std::to_string(getpid()));
  Gaps idle, bridge, unbridge, stp, reference;
  for (int i = 0; i < runs; ++i) {
    {
      ServerHost server;
      const std::string ifkit = std::string(IFKIT_BIN) + " -c '" +
                                ifkit::test::systemUri(server.host().name(), store) + "' ";
      idle.add(gapDuring(server, [] {
        std::this_thread::sleep_for(100ms);
        return true;
      }));
      bridge.add(gapDuring(server, [&] {
        return run(ifkit + "iface-bridge eth0 br0 --no-stp >/dev/null");
      }));
      unbridge.add(gapDuring(server, [&] { return run(ifkit + "iface-unbridge br0 >/dev/null"); }));
      fs::remove_all(store);
    }
    {
      // STP on: the kernel holds the new port listening, then learning, one forward delay each
      // (at least 2 s) before it forwards; the host should answer right after.
      ServerHost server;
      const std::string ifkit = std::string(IFKIT_BIN) + " -c '" +
                                ifkit::test::systemUri(server.host().name(), store) + "' ";
      stp.add(gapDuring(server, [&] { return run(ifkit + "iface-bridge eth0 br0 >/dev/null"); }));
      fs::remove_all(store);
    }
    {
      ServerHost server;
      const fs::path script = store.string() + ".batch";
      std::ofstream(script) << "link add br0 address " << server.nicMac()
                            << " type bridge stp_state 0\n"
                               "link set br0 up\n"
                               "link set eth0 master br0\n"
                               "addr add 192.0.2.5/24 dev br0\n"
                               "addr add 2001:db8::5/64 dev br0 nodad\n"
                               "route del default via 192.0.2.1 dev eth0\n"
                               "route add default via 192.0.2.1 dev br0\n"
                               "route del default via 2001:db8::1 dev eth0\n"
                               "route add default via 2001:db8::1 dev br0\n"
                               "addr flush dev eth0 scope global\n";
      reference.add(gapDuring(server, [&] {
        return run("ip -n " + server.host().name() + " -batch " + script.string());
      }));
      fs::remove(script);
    }
  }
  std::printf("longest time without an answer (UDP probe every 10 ms from the LAN), %d runs\n",
              runs);
  std::printf("  no change (the probe's own floor)     : %s\n", idle.summary().c_str());
  std::printf("  ifkit iface-bridge eth0 br0 --no-stp : %s\n", bridge.summary().c_str());
  std::printf("  ifkit iface-unbridge br0             : %s\n", unbridge.summary().c_str());
  std::printf("  ip -batch, the same moves by hand    : %s\n", reference.summary().c_str());
  std::printf("  ifkit iface-bridge eth0 br0 (STP on) : %s (the kernel: 2 x 2 s forward delay)\n",
              stp.summary().c_str());
  if (reference.median() > 0)
    std::printf("  ratio iface-bridge / ip -batch (medians): %.2f\n",
                bridge.median() / reference.median());
  return bridge.failed || unbridge.failed || stp.failed || reference.failed ? 1 : 0;
}
