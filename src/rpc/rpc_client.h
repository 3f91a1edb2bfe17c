// SPDX-License-Identifier: LGPL-2.1-or-later
// RpcClient: a blocking client of libvirt's remote protocol over a byte stream (a unix socket,
// or the pipes of an ssh child). One call at a time, numbered by serial; a PING from the server
// is answered with a PONG while a reply is awaited.
//
//   auto client = RpcClient::connectUnix("/run/libvirt/virtinterfaced-sock");
//   auto ret = client->call(Procedure::InterfaceLookupByName, encode(NameArgs{"br0"}));
//   if (!ret) ...;  // the server's remote_error, as an ifkit::Error
//   auto handle = decode<InterfaceRet>(*ret);
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ifkit/error.h"
#include "rpc/framing.h"
#include "util/child_process.h"
#include "util/unique_fd.h"

namespace ifkit::rpc {

class RpcClient {
 public:
  static Result<RpcClient> connectUnix(const std::string& path);
  // Takes ownership of both descriptors (they may be the same socket, passed twice via dup).
  static Result<RpcClient> fromDescriptors(UniqueFd readFd, UniqueFd writeFd);
  // Speaks through a child's pipes (ssh); the child is ended with the client.
  static Result<RpcClient> overChild(ChildProcess child, UniqueFd readFd, UniqueFd writeFd);

  // Sends a CALL of the REMOTE program and waits for its reply: the ret payload, or the error
  // the server sent, or an RPC error if the stream broke.
  Result<std::string> call(Procedure procedure, std::string_view args);
  // The same for a procedure of another program (ifkit's own).
  Result<std::string> callProgram(std::uint32_t program, std::int32_t procedure,
                                  std::string_view args);
  // The same call, its ret payload handed to `read` where it lies (valid only while `read`
  // runs): a large reply (the listing of thousands of interfaces) is decoded without a copy.
  Status callReading(Procedure procedure, std::string_view args,
                     const std::function<Status(std::string_view payload)>& read);

  // Lower level, for tests and probes: raw bytes out, the next non-keepalive message in.
  Status sendBytes(std::string_view bytes);
  Result<Message> receive();
  // The same with the payload in the client's buffer, valid until the next receive or call.
  Result<MessageView> receiveView();

  // The descriptor replies are read from, for tests that watch the raw stream.
  int readFdForTest() const { return readFd_.get(); }

 private:
  RpcClient(UniqueFd readFd, UniqueFd writeFd)
      : readFd_(std::move(readFd)), writeFd_(std::move(writeFd)) {}

  // A call and its reply's payload, in the buffer: valid until the next receive or call.
  Result<std::string_view> callInPlace(std::uint32_t program, std::int32_t procedure,
                                       std::string_view args);

  // Declared first, destroyed last: the pipes close before the child is ended.
  std::optional<ChildProcess> child_;
  UniqueFd readFd_;
  UniqueFd writeFd_;
  FrameReader frames_;
  std::uint32_t nextSerial_ = 0;
};

}  // namespace ifkit::rpc
