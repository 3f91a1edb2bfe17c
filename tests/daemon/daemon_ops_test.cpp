// SPDX-License-Identifier: LGPL-2.1-or-later
// Running ifkitd as an operator does: --version, the configuration file (a wrong one starts
// nothing), SIGHUP (clients stay, the new log level applies), journald's priorities on stderr,
// --timeout with socket activation, and the socket files it made removed when it ends (those
// systemd passed left alone). The real binary on test:///default, on temporary sockets.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "ifkit/connection.h"
#include "run_process.h"

namespace ifkit::daemon {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::runProcess;

const std::vector<std::string> kEnv = {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=/tmp"};

std::string readAll(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Waits for `done`, giving up after a generous bound: the machine may be busy; nothing is timed.
template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit = 20000ms) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

class Daemon {
 public:
  Daemon() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("ifkitd-ops-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
  }
  ~Daemon() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  fs::path dir() const { return dir_; }
  std::string socket() const { return (dir_ / "sock").string(); }
  std::string roSocket() const { return (dir_ / "sock-ro").string(); }
  std::string conf() const { return (dir_ / "ifkitd.conf").string(); }
  std::string uri() const { return "interface+unix:///system?socket=" + socket(); }
  void writeConf(const std::string& text) const { std::ofstream(conf()) << text; }
  std::string log() const { return readAll(dir_ / "log"); }

  // `before`: runs in the child before exec (socket activation's descriptors, environment).
  void start(std::vector<std::string> extra = {}, std::function<void()> before = {}) {
    std::vector<std::string> args = {IFKITD_BIN, "-c", "test:///default", "-f", conf(),
                                     "--socket", socket(), "--ro-socket", roSocket()};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      const std::string log = (dir_ / "log").string();
      if (!freopen(log.c_str(), "w", stderr)) _exit(125);
      if (before) before();
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(IFKITD_BIN, argv.data());
      _exit(127);
    }
  }
  bool ready() const { return fs::exists(socket()) && fs::exists(roSocket()); }
  // The exit status once it ends by itself (or -1 if it did not within the bound).
  int waitExit() {
    int status = -1;
    const bool ended = eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; });
    if (ended) pid_ = -1;  // else the destructor kills it
    return ended && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }
  void signal(int number) const { kill(pid_, number); }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
};

TEST(DaemonOps, VersionIsTheProjects) {
  auto daemon = runProcess({IFKITD_BIN, "--version"}, kEnv);
  EXPECT_EQ(daemon.status, 0);
  EXPECT_EQ(daemon.out, std::string("ifkitd (ifkit) ") + IFKIT_VERSION + "\n");
  auto cli = runProcess({IFKIT_BIN, "--version"}, kEnv);
  EXPECT_EQ(cli.status, 0);
  EXPECT_EQ(cli.out, std::string(IFKIT_VERSION) + "\n");
}

TEST(DaemonOps, AWrongConfigurationFileStartsNothingAndSaysWhere) {
  Daemon daemon;
  daemon.writeConf("# ok\nlog_level = 2\nmax_clients = -1\n");
  daemon.start();
  EXPECT_EQ(daemon.waitExit(), 1);
  EXPECT_NE(daemon.log().find(daemon.conf() + ":3: max_clients: wants a whole number"),
            std::string::npos)
      << daemon.log();
  EXPECT_FALSE(fs::exists(daemon.socket()));
  EXPECT_FALSE(fs::exists(daemon.roSocket()));
}

TEST(DaemonOps, ANamedConfigurationFileMustExist) {
  Daemon daemon;  // no file written
  daemon.start();
  EXPECT_EQ(daemon.waitExit(), 1);
  EXPECT_NE(daemon.log().find("cannot read the configuration file"), std::string::npos);
  EXPECT_FALSE(fs::exists(daemon.socket()));
}

TEST(DaemonOps, OptionsWinOverTheFile) {
  Daemon daemon;
  daemon.writeConf("max_clients = 1\nlog_level = 3\n");
  daemon.start({"--max-clients", "5", "--verbose"});
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  std::vector<Connection> clients;
  for (int i = 0; i < 3; ++i) {
    auto conn = Connection::open(daemon.uri());
    ASSERT_TRUE(conn.ok()) << i << ": " << conn.error().message;  // 5 places, not 1
    clients.push_back(std::move(*conn));
  }
  // --verbose beats log_level = 3: connects are logged (at debug).
  EXPECT_TRUE(eventually([&] { return daemon.log().find("client 3 connected") != std::string::npos; }))
      << daemon.log();
}

TEST(DaemonOps, SighupKeepsClientsAndAppliesTheNewLogLevel) {
  Daemon daemon;
  daemon.writeConf("log_level = 2\nmax_anonymous_clients = 64\n");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  auto before = Connection::open(daemon.uri());
  ASSERT_TRUE(before.ok()) << before.error().message;
  ASSERT_TRUE(before->numOfInterfaces().ok());
  EXPECT_EQ(daemon.log().find("connected"), std::string::npos) << "info hides connects";

  daemon.writeConf("log_level = 1\nlog_outputs = \"1:stderr\"\nunix_sock_rw_perms = \"0660\"\n");
  daemon.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return daemon.log().find("SIGHUP: read") != std::string::npos; }))
      << daemon.log();
  EXPECT_NE(daemon.log().find("change only when ifkitd restarts"), std::string::npos);
  EXPECT_TRUE(daemon.running());
  // The client from before goes on on its connection.
  auto count = before->numOfInterfaces();
  ASSERT_TRUE(count.ok()) << count.error().message;
  EXPECT_EQ(*count, 1);
  // A new one is logged now: debug is on.
  auto after = Connection::open(daemon.uri());
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(eventually([&] { return daemon.log().find("client 2 connected") != std::string::npos; }))
      << daemon.log();

  // A wrong file at a reload keeps what runs.
  daemon.writeConf("log_level = 9\n");
  daemon.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return daemon.log().find("SIGHUP: keeping the running configuration: " + daemon.conf() +
                             ":1: log_level") != std::string::npos;
  })) << daemon.log();
  EXPECT_TRUE(before->numOfInterfaces().ok());
  EXPECT_TRUE(daemon.running());
}

TEST(DaemonOps, SighupAppliesNewClientLimits) {
  Daemon daemon;
  daemon.writeConf("max_clients = 1\n");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  auto first = Connection::open(daemon.uri());
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(Connection::open(daemon.uri()).ok()) << "one place only";
  daemon.writeConf("max_clients = 2\n");
  daemon.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return daemon.log().find("SIGHUP: read") != std::string::npos; }));
  // The reconfiguration is posted to the event loop: the next connect may come before it.
  std::optional<Connection> second;
  ASSERT_TRUE(eventually([&] {
    auto conn = Connection::open(daemon.uri());
    if (conn.ok()) second = std::move(*conn);
    return conn.ok();
  })) << daemon.log();
  EXPECT_TRUE(first->numOfInterfaces().ok());
}

TEST(DaemonOps, StderrCarriesJournaldPrioritiesWhenItIsTheJournal) {
  Daemon daemon;
  daemon.writeConf("log_level = 1\nlog_outputs = \"1:stderr\"\n");
  // JOURNAL_STREAM names stderr's device and inode, as systemd sets it for StandardError=journal.
  daemon.start({}, [] {
    struct stat st {};
    fstat(STDERR_FILENO, &st);
    const std::string stream = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    setenv("JOURNAL_STREAM", stream.c_str(), 1);
  });
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  auto conn = Connection::open(daemon.uri());
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(eventually([&] { return daemon.log().find("connected") != std::string::npos; }));
  const std::string log = daemon.log();
  EXPECT_NE(log.find("<6>serving test:///default on "), std::string::npos) << log;
  EXPECT_NE(log.find("<7>client 1 connected: pid="), std::string::npos) << log;
  EXPECT_EQ(log.find("ifkitd: "), std::string::npos) << log;
}

TEST(DaemonOps, StderrIsPlainWhenItIsNotTheJournal) {
  Daemon daemon;
  daemon.writeConf("");
  daemon.start({}, [] { setenv("JOURNAL_STREAM", "1:1", 1); });  // someone else's stream
  ASSERT_TRUE(eventually([&] { return daemon.log().find("serving") != std::string::npos; }));
  EXPECT_NE(daemon.log().find("ifkitd: serving test:///default"), std::string::npos);
}

TEST(DaemonOps, LogsToAFileAtItsOwnPriority) {
  Daemon daemon;
  const std::string file = (daemon.dir() / "ifkitd.log").string();
  daemon.writeConf("log_level = 1\nlog_outputs = \"4:stderr 1:file:" + file + "\"\n");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  auto conn = Connection::open(daemon.uri());
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(eventually([&] { return readAll(file).find("client 1 connected") != std::string::npos; }));
  EXPECT_NE(readAll(file).find(": info : serving test:///default"), std::string::npos);
  EXPECT_NE(readAll(file).find(": debug : client 1 connected"), std::string::npos);
  EXPECT_EQ(daemon.log(), "") << "stderr takes errors only";
}

TEST(DaemonOps, SocketFilesItMadeAreRemovedOnStop) {
  Daemon daemon;
  daemon.writeConf("");
  daemon.start();
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.waitExit(), 0);
  EXPECT_FALSE(fs::exists(daemon.socket()));
  EXPECT_FALSE(fs::exists(daemon.roSocket()));
}

// A listening unix socket at `path`, as systemd's socket unit makes it.
int listeningSocket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST(DaemonOps, WithSocketActivationItExitsWhenIdleAndLeavesSystemdsSockets) {
  Daemon daemon;
  daemon.writeConf("");
  const int passed = listeningSocket(daemon.socket());
  ASSERT_GE(passed, 0);
  daemon.start({"--timeout", "1"}, [passed] {
    // sd_listen_fds(3): descriptors from 3, named, for this very process.
    if (dup2(passed, 3) != 3) _exit(124);
    setenv("LISTEN_PID", std::to_string(getpid()).c_str(), 1);
    setenv("LISTEN_FDS", "1", 1);
    setenv("LISTEN_FDNAMES", "rw", 1);
  });
  ::close(passed);
  ASSERT_TRUE(eventually([&] { return daemon.ready(); })) << daemon.log();
  {
    // Connected clients keep it: it is still there after three times its timeout.
    auto conn = Connection::open(daemon.uri());
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    std::this_thread::sleep_for(3s);
    EXPECT_TRUE(daemon.running()) << daemon.log();
    EXPECT_TRUE(conn->numOfInterfaces().ok());
  }
  EXPECT_EQ(daemon.waitExit(), 0) << daemon.log();
  EXPECT_NE(daemon.log().find("no client for 1 s: exiting"), std::string::npos) << daemon.log();
  EXPECT_TRUE(fs::exists(daemon.socket())) << "systemd's socket is systemd's to remove";
  EXPECT_FALSE(fs::exists(daemon.roSocket())) << "the one it made is removed";
}

}  // namespace
}  // namespace ifkit::daemon
