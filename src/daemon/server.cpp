// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkitd's event loop on standalone Asio: sockets, clients, keepalive, the worker pool.
#include "daemon/server.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <asio.hpp>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <limits>
#include <mutex>
#include <set>

#include "rpc/framing.h"

namespace ifkit::daemon {
namespace {

using Clock = std::chrono::steady_clock;
using UnixSocket = asio::local::stream_protocol::socket;
using UnixAcceptor = asio::local::stream_protocol::acceptor;

std::string describePeer(UnixSocket& socket, bool readOnly) {
  ucred cred{};
  socklen_t length = sizeof cred;
  std::string who = "unknown peer";
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0)
    who = "pid=" + std::to_string(cred.pid) + " uid=" + std::to_string(cred.uid) +
          " gid=" + std::to_string(cred.gid);
  return who + (readOnly ? " on the read-only socket" : " on the read-write socket");
}

}  // namespace

struct Server::Impl {
  class Client;

  Impl(Dispatcher& d, ServerOptions o)
      : dispatcher(d),
        options(std::move(o)),
        pool(std::max<std::size_t>(options.workerThreads, 1)) {}

  void log(LogLevel level, const std::string& line) const {
    if (options.log) options.log(level, line);
  }

  // Once a second, on a worker: the driver rolls back a transaction whose timeout has passed,
  // whoever began it. One attempt at a time; a failed one is simply made again at the next tick.
  void scheduleTick() {
    tick.expires_after(std::chrono::seconds(1));
    tick.async_wait([this](asio::error_code ec) {
      if (ec) return;
      // Before this tick's expiry starts: a check still running from the last tick holds it off.
      checkIdleExit();
      if (stopping) return;
      if (!expiring.exchange(true))
        asio::post(pool, [this] {
          Result<bool> ended = dispatcher.expireTransaction();
          asio::post(io, [this, ended = std::move(ended)] {
            reportExpiry(ended);
            expiring = false;
          });
        });
      scheduleTick();
    });
  }

  // Says what the expiry did; a failure that repeats every second is said once.
  void reportExpiry(const Result<bool>& ended) {
    if (ended) {
      if (*ended) log(LogLevel::Info, "rolled back a transaction whose timeout had passed");
      lastExpiryError.clear();
      return;
    }
    if (ended.error().message == lastExpiryError) return;
    lastExpiryError = ended.error().message;
    log(LogLevel::Error,
        "could not roll back a transaction whose timeout has passed (trying again every second): " +
            lastExpiryError);
  }

  // One listening socket and the clients it brought. I/O thread only.
  struct Listener {
    Listener(asio::io_context& io, bool ro) : acceptor(io), pause(io), readOnly(ro) {}
    const char* name() const { return readOnly ? "the read-only socket" : "the read-write socket"; }
    UnixAcceptor acceptor;
    asio::steady_timer pause;  // accepting again after accept() failed
    bool readOnly;
    std::size_t maxClients = 0;
    std::size_t clients = 0;
    std::size_t refused = 0;   // since it was last full; said when it has room again
    bool failing = false;      // accept() has failed since the last success; said once
  };

  Status listen(UnixAcceptor& acceptor, const std::string& path, mode_t mode);
  void removeSocketFiles();
  void checkIdleExit();
  void fitClientLimits();
  void accept(Listener& listener);
  void onAccepted(Listener& listener, UnixSocket socket);
  void onAcceptFailed(Listener& listener, const asio::error_code& ec);
  Listener& listenerOf(bool readOnly) { return readOnly ? ro : rw; }

  Dispatcher& dispatcher;
  ServerOptions options;
  asio::io_context io;     // sockets and timers, one thread
  asio::thread_pool pool;  // dispatcher calls; each client's in order on its own strand
  Listener rw{io, false};
  Listener ro{io, true};
  std::size_t roPendingBytes = 0;  // partly received messages of read-only clients, together
  // Timers cost no descriptor (Asio's reactor multiplexes them on one timerfd), so the tick runs
  // on however many clients hold the others.
  asio::steady_timer tick{io};
  std::atomic<bool> expiring{false};
  std::string lastExpiryError;  // I/O thread only
  std::set<std::shared_ptr<Client>> clients;
  std::uint64_t nextClientId = 1;
  // Socket files listen() made, with their identity: removed at the end if still theirs.
  struct MadeSocket {
    std::string path;
    dev_t device;
    ino_t inode;
  };
  std::vector<MadeSocket> madeSockets;
  // For exitWhenIdle (I/O thread only): calls dispatched and not yet answered, of any client,
  // closed ones included; and since when nothing has been going on.
  std::size_t callsRunning = 0;
  Clock::time_point quietSince = Clock::now();
  bool stopping = false;
};

// One connected client. Lives on the I/O thread; its session is only touched on its strand.
class Server::Impl::Client : public std::enable_shared_from_this<Client> {
 public:
  Client(Impl& server, UnixSocket socket, bool readOnly, std::uint64_t id)
      : server_(server),
        socket_(std::move(socket)),
        keepaliveTimer_(server.io),
        idleTimer_(server.io),
        calls_(asio::make_strand(server.pool)),
        id_(id),
        readOnly_(readOnly),
        frames_(readOnly ? server.options.maxRoMessage : server.options.maxMessage),
        maxQueuedBytes_(readOnly ? server.options.maxRoQueuedBytes : server.options.maxQueuedBytes) {
    session_.readOnlySocket = readOnly;
  }

  void start() {
    lastHeard_ = Clock::now();
    if (server_.options.idleTimeout.count() > 0) scheduleIdleCheck(server_.options.idleTimeout);
    read();
  }

  // After reconfigure(): the idle timeout counts from the last byte heard, with the new limit.
  void onLimitsChanged() {
    if (closed_ || keepaliveOn_) return;
    idleTimer_.cancel();
    if (server_.options.idleTimeout.count() > 0) scheduleIdleCheck(std::chrono::milliseconds(0));
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    {
      std::lock_guard lock(writeMutex_);  // a worker may be sending on it
      socketOpen_ = false;
      asio::error_code ignored;
      socket_.shutdown(UnixSocket::shutdown_both, ignored);
      socket_.close(ignored);
    }
    keepaliveTimer_.cancel();
    idleTimer_.cancel();
    if (readOnly_) server_.roPendingBytes -= pendingCounted_;
    pendingCounted_ = 0;
    --server_.listenerOf(readOnly_).clients;
    server_.clients.erase(shared_from_this());
    if (server_.clients.empty()) server_.quietSince = Clock::now();
  }

 private:
  void read() {
    if (closed_ || reading_ || callsInFlight_ >= server_.options.maxCallsInFlight) return;
    reading_ = true;
    socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](
                                                       asio::error_code ec, std::size_t n) {
      self->reading_ = false;
      if (ec) {
        self->close();
        return;
      }
      self->onBytes(std::string_view(self->buffer_.data(), n));
    });
  }

  void onBytes(std::string_view bytes) {
    lastHeard_ = Clock::now();
    frames_.feed(bytes);
    while (auto next = frames_.next()) {
      if (!next->ok()) {
        // The stream has lost its framing: libvirtd closes without a reply, and so does ifkitd.
        server_.log(LogLevel::Warning, "client " + std::to_string(id_) + ": " + next->error().message +
                    "; closing the connection");
        close();
        return;
      }
      onMessage(std::move(next->value()));
      if (closed_) return;
    }
    if (!countPending()) return;
    read();
  }

  // Keeps the read-only clients' partly received messages within their common budget; false
  // when this client passed it and was dropped. The read-write socket is root's: its clients
  // have only their own message limit.
  bool countPending() {
    if (!readOnly_) return true;
    server_.roPendingBytes = server_.roPendingBytes - pendingCounted_ + frames_.buffered();
    pendingCounted_ = frames_.buffered();
    if (server_.roPendingBytes <= server_.options.maxRoPendingBytes) return true;
    server_.log(LogLevel::Warning, "client " + std::to_string(id_) +
                ": read-only clients' unfinished messages are past " +
                std::to_string(server_.options.maxRoPendingBytes) + " bytes; dropping it");
    close();
    return false;
  }

  void onMessage(rpc::Message message) {
    if (message.header.program == rpc::kKeepaliveProgram) {
      // Answered here, on the I/O thread, so that a slow call cannot starve the keepalive.
      ClientSession unused;
      send(server_.dispatcher.handle(unused, message));
      return;
    }
    ++callsInFlight_;
    ++server_.callsRunning;
    // The strand runs this client's calls one after another, in the order they came, so its
    // replies keep that order; other clients' calls run meanwhile on the other workers.
    asio::post(calls_, [self = shared_from_this(), message = std::move(message)] {
      Outcome outcome = self->server_.dispatcher.handle(self->session_, message);
      const bool keepalive = self->session_.keepaliveRequested;
      self->replyFromWorker(outcome.reply);
      // The rest is the I/O thread's: what this call leaves to do (its count, a keepalive asked
      // for, reading on) and any of its reply not sent yet.
      asio::post(self->server_.io, [self, outcome = std::move(outcome), keepalive]() mutable {
        --self->callsInFlight_;
        if (--self->server_.callsRunning == 0) self->server_.quietSince = Clock::now();
        if (keepalive && !self->keepaliveOn_ &&
            self->server_.options.keepaliveInterval.count() > 0) {
          self->keepaliveOn_ = true;
          self->scheduleKeepalive();
        }
        self->send(std::move(outcome));
        self->read();
      });
    });
  }

  // On the worker that ran the call: its reply goes to the socket at once when nothing is ahead
  // of it, so the client hears it without waiting for the I/O thread to wake (about 25 us of a
  // 4000-interface listing's 195 us until the client had its reply, on a VM). What the socket
  // does not take now is queued, before any later reply can be sent, for the I/O thread's
  // write; `reply` is left empty either way, unless it must wait its turn.
  void replyFromWorker(std::string& reply) {
    if (reply.empty()) return;
    std::lock_guard lock(writeMutex_);
    if (!socketOpen_ || writing_ || !outbox_.empty()) return;  // sent in order by the I/O thread
    std::size_t sent = 0;
    while (sent < reply.size()) {
      const ssize_t n = ::send(socket_.native_handle(), reply.data() + sent, reply.size() - sent,
                               MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // full, or broken: the I/O thread's write waits, or finds the error
      sent += static_cast<std::size_t>(n);
    }
    if (sent < reply.size()) {
      queuedBytes_ += reply.size() - sent;
      outbox_.push_back(reply.substr(sent));
    }
    reply.clear();
  }

  void send(Outcome outcome) {
    if (closed_) return;
    closeAfterWrite_ = closeAfterWrite_ || outcome.closeAfter;
    bool unread = false;
    {
      std::lock_guard lock(writeMutex_);
      if (!outcome.reply.empty()) {
        queuedBytes_ += outcome.reply.size();
        outbox_.push_back(std::move(outcome.reply));
      }
      unread = queuedBytes_ > maxQueuedBytes_;
    }
    if (unread) {
      server_.log(LogLevel::Warning,
                  "client " + std::to_string(id_) + " does not read its replies; dropping it");
      close();
      return;
    }
    write();
  }

  void write() {
    if (closed_) return;
    {
      std::lock_guard lock(writeMutex_);
      if (writing_) return;
      if (!outbox_.empty()) {
        writing_ = true;
        // Asio calls the handler later, never from here: the lock is not taken twice.
        asio::async_write(
            socket_, asio::buffer(outbox_.front()), wholeReplyAtOnce,
            [self = shared_from_this()](asio::error_code ec, std::size_t) { self->onWritten(ec); });
        return;
      }
    }
    if (closeAfterWrite_) close();
  }

  void onWritten(asio::error_code ec) {
    {
      std::lock_guard lock(writeMutex_);
      writing_ = false;
      if (!ec) {
        queuedBytes_ -= outbox_.front().size();
        outbox_.pop_front();
      }
    }
    if (ec) {
      close();
      return;
    }
    write();
  }

  // Asio's own completion conditions hand the socket 64 KiB per system call, with a trip through
  // the event loop between: a listing of thousands took three. As much as the socket takes.
  static std::size_t wholeReplyAtOnce(const asio::error_code& ec, std::size_t) {
    return ec ? 0 : std::numeric_limits<std::size_t>::max();
  }

  // libvirtd's rule: PING after `interval` of silence, then every interval; give up after
  // interval x (count + 1) without hearing anything.
  void scheduleKeepalive() {
    if (server_.options.keepaliveInterval.count() <= 0) {  // turned off by reconfigure()
      keepaliveOn_ = false;
      return;
    }
    keepaliveTimer_.expires_after(server_.options.keepaliveInterval);
    keepaliveTimer_.async_wait([self = shared_from_this()](asio::error_code ec) {
      if (ec || self->closed_) return;
      const auto silence = Clock::now() - self->lastHeard_;
      const auto interval = self->server_.options.keepaliveInterval;
      if (silence >= interval * (self->server_.options.keepaliveCount + 1)) {
        self->server_.log(LogLevel::Info, "client " + std::to_string(self->id_) +
                                              " did not answer keepalive; dropping it");
        self->close();
        return;
      }
      if (silence >= interval) {
        rpc::Header ping{rpc::kKeepaliveProgram, 1,
                         static_cast<std::int32_t>(rpc::KeepaliveProcedure::Ping),
                         rpc::MessageType::Message, 0, rpc::MessageStatus::Ok};
        self->send(Outcome{rpc::encodeMessage(ping, ""), false});
      }
      self->scheduleKeepalive();
    });
  }

  // A client without keepalive is never pinged, so nothing else notices one that went silent for
  // good (or never meant to speak): drop it after `idleTimeout` without a byte from it, unless it
  // is waiting for a call of its own. Keepalive, once on, takes over.
  void scheduleIdleCheck(Clock::duration after) {
    idleTimer_.expires_after(after);
    idleTimer_.async_wait([self = shared_from_this()](asio::error_code ec) {
      if (ec || self->closed_ || self->keepaliveOn_) return;
      const auto limit = self->server_.options.idleTimeout;
      if (limit.count() <= 0) return;  // turned off by reconfigure()
      if (self->callsInFlight_ > 0) {
        self->scheduleIdleCheck(limit);
        return;
      }
      const auto silence = Clock::now() - self->lastHeard_;
      if (silence < limit) {
        self->scheduleIdleCheck(limit - silence);
        return;
      }
      self->server_.log(LogLevel::Info, "client " + std::to_string(self->id_) + " sent nothing for " +
                        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(silence).count()) +
                        " s; dropping it");
      self->close();
    });
  }

  Impl& server_;
  UnixSocket socket_;
  asio::steady_timer keepaliveTimer_;
  asio::steady_timer idleTimer_;
  asio::strand<asio::thread_pool::executor_type> calls_;
  std::uint64_t id_;
  bool readOnly_;
  std::array<char, 65536> buffer_{};
  rpc::FrameReader frames_;
  std::size_t maxQueuedBytes_;
  std::size_t pendingCounted_ = 0;  // this client's share of server_.roPendingBytes
  ClientSession session_;  // on calls_ only
  // Shared with the workers, which send replies themselves (replyFromWorker()): what waits to
  // be written, whether the I/O thread is writing, whether the socket is still open.
  std::mutex writeMutex_;
  std::deque<std::string> outbox_;
  std::size_t queuedBytes_ = 0;
  bool writing_ = false, socketOpen_ = true;
  // The I/O thread's own.
  std::size_t callsInFlight_ = 0;
  Clock::time_point lastHeard_;
  bool reading_ = false, closed_ = false, closeAfterWrite_ = false;
  bool keepaliveOn_ = false;
};

namespace {

Error listenError(const std::string& path, const std::string& why) {
  return makeError(ErrorNumber::SystemError, ErrorDomain::Rpc,
                   "cannot listen on '" + path + "': " + why);
}

}  // namespace

// bind() creates the socket file with the process's umask, and a chmod after it would leave a
// moment in which anyone could connect to the read-write socket. So the socket is made in a
// directory of its own (mode 0700) beside the path, given its mode there, and renamed into
// place, which also replaces a stale socket of an earlier run in one step. umask itself is left
// alone: it is the whole process's, and other threads may be creating files.
Status Server::Impl::listen(UnixAcceptor& acceptor, const std::string& path, mode_t mode) {
  namespace fs = std::filesystem;
  std::error_code fsError;
  const fs::path socketPath(path);
  const fs::path parent = socketPath.has_parent_path() ? socketPath.parent_path() : fs::path(".");
  fs::create_directories(parent, fsError);
  // Never replace anything but a socket.
  const auto existing = fs::symlink_status(socketPath, fsError);
  if (fs::exists(existing) && !fs::is_socket(existing))
    return listenError(path, "it exists and is not a socket");

  // A short name: the staged path must fit sun_path as the final one does.
  std::string privateDir = (parent / ".ik-XXXXXX").string();
  if (::mkdtemp(privateDir.data()) == nullptr) return listenError(path, std::strerror(errno));
  const std::string staged = privateDir + "/s";
  auto cleanUp = [&] {
    (void)::unlink(staged.c_str());     // best effort: gone already once renamed
    (void)::rmdir(privateDir.c_str());  // best effort: a leftover empty directory harms nobody
  };

  asio::error_code ec;
  acceptor.open(asio::local::stream_protocol(), ec);
  if (!ec) acceptor.bind(asio::local::stream_protocol::endpoint(staged), ec);
  if (ec) {
    cleanUp();
    return listenError(path, ec.message());
  }
  if (::chmod(staged.c_str(), mode) != 0) {
    const std::string why = std::strerror(errno);
    cleanUp();
    return listenError(path, "cannot set its mode: " + why);
  }
  if (options.socketGroup != static_cast<gid_t>(-1) &&
      ::chown(staged.c_str(), static_cast<uid_t>(-1), options.socketGroup) != 0) {
    const std::string why = std::strerror(errno);
    cleanUp();
    return listenError(path, "cannot set its group: " + why);
  }
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec && ::rename(staged.c_str(), path.c_str()) != 0)
    ec = asio::error_code(errno, asio::error::get_system_category());
  cleanUp();
  if (ec) return listenError(path, ec.message());
  struct stat made {};
  if (::stat(path.c_str(), &made) == 0) madeSockets.push_back({path, made.st_dev, made.st_ino});
  return Status();
}

// Only a socket file this server made, and only if it is still that one: another daemon started
// meanwhile on the same path (a restart overlapping the end of this one) keeps its socket.
void Server::Impl::removeSocketFiles() {
  for (const MadeSocket& made : madeSockets) {
    struct stat now {};
    if (::lstat(made.path.c_str(), &now) == 0 && now.st_dev == made.device &&
        now.st_ino == made.inode)
      (void)::unlink(made.path.c_str());  // best effort: a leftover socket is replaced next start
  }
  madeSockets.clear();
}

// libvirt's --timeout: nothing connected, nothing running, no timed transaction whose rollback
// only this daemon would make; the DHCP clients need nobody (udhcpc runs on its own).
void Server::Impl::checkIdleExit() {
  if (options.exitWhenIdle.count() <= 0 || stopping) return;
  if (!clients.empty() || callsRunning > 0 || expiring || dispatcher.watchingTimedTransaction()) {
    quietSince = Clock::now();
    return;
  }
  if (Clock::now() - quietSince < options.exitWhenIdle) return;
  log(LogLevel::Info, "no client for " +
                          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                             options.exitWhenIdle)
                                             .count()) +
                          " s: exiting");
  stopping = true;
  asio::error_code ignored;
  rw.acceptor.close(ignored);
  ro.acceptor.close(ignored);
  rw.pause.cancel();
  ro.pause.cancel();
  tick.cancel();
  io.stop();
}

// Each client costs a descriptor, and the driver needs some of its own (a rollback opens the
// store and netlink sockets): were clients to take them all, accept() would fail and so would
// the rollback of a transaction whose timeout passed. So the client limits must fit the
// open-files limit (systemd's default soft limit is 1024) with `reservedFds` to spare.
void Server::Impl::fitClientLimits() {
  rw.maxClients = std::max<std::size_t>(options.maxClients, 1);
  ro.maxClients = std::max<std::size_t>(options.maxRoClients, 1);
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur == RLIM_INFINITY) return;
  const std::size_t room =
      files.rlim_cur > options.reservedFds + 2 ? files.rlim_cur - options.reservedFds : 2;
  if (rw.maxClients + ro.maxClients <= room) return;
  // Half the room each, what one socket leaves unused going to the other.
  const std::size_t half = room / 2;
  if (rw.maxClients > half && ro.maxClients > room - half) {
    rw.maxClients = half;
    ro.maxClients = room - half;
  } else if (rw.maxClients > half) {
    rw.maxClients = room - ro.maxClients;
  } else {
    ro.maxClients = room - rw.maxClients;
  }
  log(LogLevel::Warning, "the open-files limit is " + std::to_string(files.rlim_cur) + ": at most " +
      std::to_string(rw.maxClients) + " clients on the read-write socket and " +
      std::to_string(ro.maxClients) + " on the read-only one");
}

void Server::Impl::accept(Listener& listener) {
  listener.acceptor.async_accept([this, &listener](asio::error_code ec, UnixSocket socket) {
    if (!listener.acceptor.is_open()) return;  // the server is stopping
    if (ec) {
      onAcceptFailed(listener, ec);
      return;
    }
    onAccepted(listener, std::move(socket));
    accept(listener);
  });
}

void Server::Impl::onAccepted(Listener& listener, UnixSocket socket) {
  if (listener.failing) {
    listener.failing = false;
    log(LogLevel::Info, "accepting clients on " + std::string(listener.name()) + " again");
  }
  // A connection beyond the limit is closed at once: left in the backlog, it would hold up the
  // clients behind it, and the kernel would queue more.
  if (listener.clients >= listener.maxClients) {
    if (listener.refused++ == 0)
      log(LogLevel::Warning, std::string(listener.name()) + " has " + std::to_string(listener.clients) +
          " clients, its limit: refusing more (" + describePeer(socket, listener.readOnly) + ")");
    asio::error_code ignored;
    socket.close(ignored);
    return;
  }
  if (listener.refused > 0) {
    log(LogLevel::Warning, "refused " + std::to_string(listener.refused) + " connections on " + listener.name() +
        " while it was full");
    listener.refused = 0;
  }
  // Every connect at debug: a busy host's clients come and go all day (libvirtd logs them so).
  log(LogLevel::Debug, "client " + std::to_string(nextClientId) + " connected: " +
                           describePeer(socket, listener.readOnly));
  auto client =
      std::make_shared<Client>(*this, std::move(socket), listener.readOnly, nextClientId++);
  ++listener.clients;
  clients.insert(client);
  client->start();
}

// No accept() failure ends accepting. Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS,
// ENOMEM), the connection stays in the backlog and accepting again at once would fail again at
// once: pause a little, while clients leave and the driver finishes. The failure is said once.
void Server::Impl::onAcceptFailed(Listener& listener, const asio::error_code& ec) {
  if (!listener.failing) {
    listener.failing = true;
    log(LogLevel::Error, "cannot accept a client on " + std::string(listener.name()) + ": " + ec.message() +
        "; trying again every 100 ms");
  }
  if (ec == asio::error::connection_aborted) {  // that client gave up: the next may not
    accept(listener);
    return;
  }
  listener.pause.expires_after(std::chrono::milliseconds(100));
  listener.pause.async_wait([this, &listener](asio::error_code waited) {
    if (waited || !listener.acceptor.is_open()) return;
    accept(listener);
  });
}

Server::Server(Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

Server::~Server() = default;

// Takes over a listening socket that systemd created (and set the mode of).
Status adopt(asio::local::stream_protocol::acceptor& acceptor, int fd) {
  asio::error_code ec;
  acceptor.assign(asio::local::stream_protocol(), fd, ec);
  if (ec)
    return makeError(ErrorNumber::SystemError, ErrorDomain::Rpc,
                     "cannot use the inherited socket " + std::to_string(fd) + ": " + ec.message());
  return Status();
}

Status Server::start() {
  const ServerOptions& o = impl_->options;
  Status rw = o.inheritedSocketFd >= 0 ? adopt(impl_->rw.acceptor, o.inheritedSocketFd)
                                       : impl_->listen(impl_->rw.acceptor, o.socketPath, 0600);
  if (!rw) return rw;
  Status ro = o.inheritedRoSocketFd >= 0 ? adopt(impl_->ro.acceptor, o.inheritedRoSocketFd)
                                         : impl_->listen(impl_->ro.acceptor, o.roSocketPath, 0666);
  if (!ro) return ro;
  impl_->fitClientLimits();
  impl_->accept(impl_->rw);
  impl_->accept(impl_->ro);
  impl_->scheduleTick();
  return Status();
}

void Server::run() {
  impl_->io.run();
  // Calls still queued are dropped with their clients; one that is running finishes first.
  impl_->pool.stop();
  impl_->pool.join();
  // Handlers left on the I/O context hold clients, and a client's strand belongs to the pool,
  // which is destroyed before the I/O context: let them end now, while both exist. Every socket
  // and timer is closed by then, so they only finish.
  impl_->io.restart();
  impl_->io.poll();
  impl_->removeSocketFiles();
}

void Server::stop() {
  asio::post(impl_->io, [impl = impl_.get()] {
    asio::error_code ignored;
    impl->rw.acceptor.close(ignored);
    impl->ro.acceptor.close(ignored);
    impl->rw.pause.cancel();
    impl->ro.pause.cancel();
    impl->tick.cancel();
    impl->stopping = true;
    auto clients = impl->clients;  // close() edits the set
    for (const auto& client : clients) client->close();
    impl->io.stop();
  });
}

void Server::reconfigure(const ServerLimits& limits) {
  asio::post(impl_->io, [impl = impl_.get(), limits] {
    impl->options.maxClients = limits.maxClients;
    impl->options.maxRoClients = limits.maxRoClients;
    impl->options.keepaliveInterval = limits.keepaliveInterval;
    impl->options.keepaliveCount = limits.keepaliveCount;
    impl->options.idleTimeout = limits.idleTimeout;
    impl->fitClientLimits();
    for (const auto& client : impl->clients) client->onLimitsChanged();
  });
}

}  // namespace ifkit::daemon
