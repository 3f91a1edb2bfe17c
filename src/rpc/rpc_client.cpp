// SPDX-License-Identifier: LGPL-2.1-or-later
// Blocking request/reply over a stream, with keepalive answered in passing.
#include "rpc/rpc_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "rpc/messages.h"

namespace ifkit::rpc {
namespace {

Error streamError(const std::string& what, int err) {
  Error e = makeError(ErrorNumber::SystemError, ErrorDomain::Rpc,
                      what + (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
  e.sysErrno = err;
  return e;
}

}  // namespace

Result<RpcClient> RpcClient::connectUnix(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path)
    return streamError("Failed to connect socket to '" + path + "'", ENAMETOOLONG);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return streamError("Failed to create socket", errno);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    return streamError("Failed to connect socket to '" + path + "'", errno);
  UniqueFd writeFd(::dup(fd.get()));
  if (!writeFd.valid()) return streamError("Failed to duplicate socket", errno);
  return RpcClient(std::move(fd), std::move(writeFd));
}

Result<RpcClient> RpcClient::fromDescriptors(UniqueFd readFd, UniqueFd writeFd) {
  return RpcClient(std::move(readFd), std::move(writeFd));
}

Result<RpcClient> RpcClient::overChild(ChildProcess child, UniqueFd readFd, UniqueFd writeFd) {
  RpcClient client(std::move(readFd), std::move(writeFd));
  client.child_.emplace(std::move(child));
  return client;
}

Status RpcClient::sendBytes(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(writeFd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) {
      // A pipe (the ssh transport): plain write; SIGPIPE is the caller's to ignore.
      const ssize_t w = ::write(writeFd_.get(), bytes.data(), bytes.size());
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return streamError("Cannot write data", errno);
      bytes.remove_prefix(static_cast<std::size_t>(w));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return streamError("Cannot write data", errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status();
}

Result<MessageView> RpcClient::receiveView() {
  for (;;) {
    while (auto next = frames_.nextView()) {
      if (!next->ok()) return std::move(*next).error();
      const MessageView msg = next->value();
      if (msg.header.program != kKeepaliveProgram) return msg;
      if (msg.header.procedure == static_cast<std::int32_t>(KeepaliveProcedure::Ping)) {
        Header pong = msg.header;
        pong.procedure = static_cast<std::int32_t>(KeepaliveProcedure::Pong);
        if (Status st = sendBytes(encodeMessage(pong, "")); !st) return std::move(st).error();
      }
    }
    // Straight into the frame reader, a large reply in as few reads as the socket allows.
    const std::span<char> space = frames_.readSpace();
    const ssize_t n = ::read(readFd_.get(), space.data(), space.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return streamError("Cannot recv data", errno);
    if (n == 0) return streamError("End of file while reading data", 0);
    frames_.commit(static_cast<std::size_t>(n));
  }
}

Result<Message> RpcClient::receive() {
  auto msg = receiveView();
  if (!msg) return std::move(msg).error();
  return Message{msg->header, std::string(msg->payload)};
}

Result<std::string> RpcClient::call(Procedure procedure, std::string_view args) {
  return callProgram(kRemoteProgram, static_cast<std::int32_t>(procedure), args);
}

Result<std::string> RpcClient::callProgram(std::uint32_t program, std::int32_t procedure,
                                           std::string_view args) {
  auto payload = callInPlace(program, procedure, args);
  if (!payload) return std::move(payload).error();
  return std::string(*payload);
}

Status RpcClient::callReading(Procedure procedure, std::string_view args,
                              const std::function<Status(std::string_view payload)>& read) {
  auto payload = callInPlace(kRemoteProgram, static_cast<std::int32_t>(procedure), args);
  if (!payload) return std::move(payload).error();
  return read(*payload);
}

Result<std::string_view> RpcClient::callInPlace(std::uint32_t program, std::int32_t procedure,
                                                std::string_view args) {
  const Header header{program, kProtocolVersion, procedure, MessageType::Call, nextSerial_++,
                      MessageStatus::Ok};
  if (Status st = sendBytes(encodeMessage(header, args)); !st) return std::move(st).error();
  for (;;) {
    auto msg = receiveView();
    if (!msg) return std::move(msg).error();
    const Header& h = msg->header;
    // Events and stray messages are not for us; only our serial's reply is.
    if (h.type != MessageType::Reply || h.serial != header.serial) continue;
    if (h.program != header.program || h.version != header.version ||
        h.procedure != header.procedure)
      return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc, "reply does not match its call");
    if (h.status == MessageStatus::Ok) return msg->payload;
    auto remote = decode<RemoteError>(msg->payload);
    if (!remote)
      return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc, "Unable to decode message payload");
    return fromRemoteError(*remote);
  }
}

}  // namespace ifkit::rpc
