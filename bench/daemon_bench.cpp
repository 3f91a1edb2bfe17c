// bench/daemon_bench.cpp: ifkitd over its unix socket, against the same driver in-process.
//
//   build/bench/daemon_bench                          # 100 interfaces
//   IFKIT_BENCH_DAEMON_IFACES=4000 build/bench/daemon_bench
//
// Measures lookup + isActive calls per second from 1, 8 and 32 clients at once, iface-list
// (LIST_ALL) latency over the wire against the local mode (the reference: the same test driver
// called directly), and the daemon's resident memory holding that many interfaces. The daemon
// serves test:///default, so the figures are the protocol's and the event loop's, not netlink's.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "ifkit/connection.h"
#include "ifkit/interface.h"
#include "rpc/messages.h"
#include "rpc/rpc_client.h"

namespace {

namespace fs = std::filesystem;
using namespace ifkit;

int interfaceCount() {
  const char* n = std::getenv("IFKIT_BENCH_DAEMON_IFACES");
  return n ? std::atoi(n) : 100;
}

std::string definitionOf(int i) {
  char mac[18];
  std::snprintf(mac, sizeof mac, "52:54:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff,
                i & 0xff);
  return "<interface type='ethernet' name='b" + std::to_string(i) + "'><mac address='" + mac +
         "'/></interface>";
}

// One ifkitd for the whole run, with interfaceCount() interfaces defined.
class DaemonUnderTest {
 public:
  DaemonUnderTest() {
    dir_ = fs::temp_directory_path() / ("ifkit-bench-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    pid_ = fork();
    if (pid_ == 0) {
      freopen("/dev/null", "w", stderr);
      execl(IFKITD_BIN, IFKITD_BIN, "-c", "test:///default", "--socket", socket().c_str(),
            "--ro-socket", (dir_ / "sock-ro").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    while (!fs::exists(socket())) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    Connection conn = Connection::open(uri()).value();
    for (int i = 0; i < interfaceCount(); ++i) (void)conn.defineXML(definitionOf(i));
  }
  ~DaemonUnderTest() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    fs::remove_all(dir_);
  }
  std::string socket() const { return (dir_ / "sock").string(); }
  std::string uri() const { return "interface+unix:///system?socket=" + socket(); }
  long residentKiB() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
};

// The benchmarks reach the one daemon of the run through this (set in main, before any runs).
DaemonUnderTest* theDaemon = nullptr;

rpc::RpcClient openClient() {
  auto client = rpc::RpcClient::connectUnix(theDaemon->socket());
  (void)client->call(rpc::Procedure::ConnectOpen,
                     rpc::encode(rpc::ConnectOpenArgs{"interface:///system", 0}));
  return std::move(*client);
}

// What `virsh iface-mac` / a monitoring loop does: look an interface up, ask if it is active.
void lookup_is_active(benchmark::State& state) {
  rpc::RpcClient client = openClient();
  const int n = interfaceCount();
  int i = state.thread_index();
  for (auto _ : state) {
    const std::string name = "b" + std::to_string(i++ % n);
    auto found = client.call(rpc::Procedure::InterfaceLookupByName, rpc::encode(rpc::NameArgs{name}));
    auto handle = rpc::decode<rpc::InterfaceRet>(*found);
    auto active = client.call(rpc::Procedure::InterfaceIsActive,
                              rpc::encode(rpc::InterfaceArgs{handle->iface}));
    benchmark::DoNotOptimize(active);
  }
  state.SetItemsProcessed(state.iterations() * 2);  // calls
}
BENCHMARK(lookup_is_active)->Threads(1)->Threads(8)->Threads(32)->UseRealTime();

void list_over_wire(benchmark::State& state) {
  Connection conn = Connection::open(theDaemon->uri()).value();
  for (auto _ : state) benchmark::DoNotOptimize(conn.listAllInterfaces(0));
}
BENCHMARK(list_over_wire)->UseRealTime();

void list_local(benchmark::State& state) {
  Connection conn = Connection::open("test:///default").value();
  for (int i = 0; i < interfaceCount(); ++i) (void)conn.defineXML(definitionOf(i));
  for (auto _ : state) benchmark::DoNotOptimize(conn.listAllInterfaces(0));
}
BENCHMARK(list_local)->UseRealTime();

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

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  DaemonUnderTest under;
  theDaemon = &under;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double wire = reporter.time("list_over_wire/real_time");
  const double local = reporter.time("list_local/real_time");
  std::printf("\n%d interfaces:\n", interfaceCount());
  if (local > 0)
    std::printf("  iface-list latency, over the wire / local mode: %.2f\n", wire / local);
  std::printf("  ifkitd resident memory: %ld KiB\n", under.residentKiB());
  benchmark::Shutdown();
  return 0;
}
