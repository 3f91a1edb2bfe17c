// The server with clients that misbehave, in-process with short intervals and a small output
// limit: keepalive (a client that asked is pinged when silent and dropped when it never answers;
// one that did not ask is never pinged, as libvirtd does), and a client that never reads its
// replies, which is dropped without holding up anyone else.
#include <gtest/gtest.h>

#include <poll.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "daemon/server.h"
#include "rpc/messages.h"
#include "rpc/rpc_client.h"

namespace ifkit::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class InProcessServer {
 public:
  explicit InProcessServer(std::size_t maxQueuedBytes = 64u << 20)
      : dir_(fs::temp_directory_path() / ("ifkit-ka-" + std::to_string(getpid()))),
        dispatcher_(*Connection::open("test:///default")) {
    fs::create_directories(dir_);
    ServerOptions options;
    options.socketPath = (dir_ / "sock").string();
    options.roSocketPath = (dir_ / "sock-ro").string();
    options.keepaliveInterval = 100ms;
    options.keepaliveCount = 2;
    options.maxQueuedBytes = maxQueuedBytes;
    server_ = std::make_unique<Server>(dispatcher_, options);
    EXPECT_TRUE(server_->start().ok());
    thread_ = std::thread([this] { server_->run(); });
  }
  ~InProcessServer() {
    server_->stop();
    thread_.join();
    fs::remove_all(dir_);
  }
  std::string socket() const { return (dir_ / "sock").string(); }

 private:
  fs::path dir_;
  Dispatcher dispatcher_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// Reads whole messages until `deadline`; counts keepalive PINGs; reports end of stream.
struct Observed {
  int pings = 0;
  bool closed = false;
};

Observed watch(int fd, std::chrono::milliseconds span) {
  Observed seen;
  rpc::FrameReader frames;
  const auto end = std::chrono::steady_clock::now() + span;
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now());
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      seen.closed = true;
      return seen;
    }
    frames.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    while (auto m = frames.next())
      if (m->ok() && m->value().header.program == rpc::kKeepaliveProgram &&
          m->value().header.procedure == 1)
        ++seen.pings;
  }
  return seen;
}

int connectRaw(const std::string& path, bool askKeepalive) {
  auto client = rpc::RpcClient::connectUnix(path);
  EXPECT_TRUE(client.ok());
  if (askKeepalive) {
    EXPECT_TRUE(client->call(rpc::Procedure::ConnectSupportsFeature,
                             rpc::encode(rpc::SupportsFeatureArgs{10}))
                    .ok());
  }
  EXPECT_TRUE(client->call(rpc::Procedure::ConnectOpen,
                           rpc::encode(rpc::ConnectOpenArgs{"interface:///system", 0}))
                  .ok());
  // Hand the socket over to the raw watcher: dup it before the client closes its own.
  return ::dup(client->readFdForTest());
}

TEST(Keepalive, SilentClientThatAskedIsPingedThenDropped) {
  InProcessServer server;
  const int fd = connectRaw(server.socket(), true);
  // interval 100 ms, count 2: pings at ~100 and ~200 ms, dropped at ~300 ms.
  Observed seen = watch(fd, 2000ms);
  ::close(fd);
  EXPECT_GE(seen.pings, 1);
  EXPECT_TRUE(seen.closed);
}

TEST(Keepalive, ClientThatDidNotAskIsNeverPinged) {
  InProcessServer server;
  const int fd = connectRaw(server.socket(), false);
  Observed seen = watch(fd, 500ms);
  ::close(fd);
  EXPECT_EQ(seen.pings, 0);
  EXPECT_FALSE(seen.closed);
}

TEST(StuckClient, NeverReadingItsRepliesCostsOnlyItsOwnConnection) {
  InProcessServer server(64 * 1024);
  const int stuck = connectRaw(server.socket(), false);
  // Thousands of calls whose replies (the XML of eth1) it will never read: far past 64 KiB.
  const std::string call = rpc::encodeMessage(
      rpc::Header{rpc::kRemoteProgram, 1, static_cast<std::int32_t>(rpc::Procedure::InterfaceGetXmlDesc),
                  rpc::MessageType::Call, 7, rpc::MessageStatus::Ok},
      rpc::encode(rpc::InterfaceFlagsArgs{{"eth1", ""}, 0}));
  std::string burst;
  for (int i = 0; i < 2000; ++i) burst += call;
  std::thread writer([&] { (void)::write(stuck, burst.data(), burst.size()); });

  // Meanwhile another client is served, call after call.
  auto healthy = rpc::RpcClient::connectUnix(server.socket());
  ASSERT_TRUE(healthy->call(rpc::Procedure::ConnectOpen,
                            rpc::encode(rpc::ConnectOpenArgs{"interface:///system", 0}))
                  .ok());
  for (int i = 0; i < 200; ++i) {
    auto r = healthy->call(rpc::Procedure::InterfaceLookupByName, rpc::encode(rpc::NameArgs{"eth1"}));
    ASSERT_TRUE(r.ok()) << "call " << i << ": " << r.error().message;
  }
  // The stuck client was dropped: once its kernel buffer is drained, its stream ends.
  Observed seen = watch(stuck, 3000ms);
  writer.join();
  ::close(stuck);
  EXPECT_TRUE(seen.closed);
}

}  // namespace
}  // namespace ifkit::daemon
