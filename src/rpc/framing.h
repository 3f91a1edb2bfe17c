// SPDX-License-Identifier: LGPL-2.1-or-later
// Messages on the stream: a length word (counting itself), a 24-byte header, the payload.
//
//   FrameReader frames;
//   frames.feed(bytesFromSocket);
//   while (auto msg = frames.next()) { if (!*msg) closeConnection(); else handle(**msg); }
//
// A bad length word cannot be answered (the stream has lost its framing): libvirtd closes the
// connection without a reply, and so does ifkit. Everything past the length word is the caller's
// to judge: a header with an unknown program still gets an error reply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ifkit/error.h"
#include "rpc/protocol.h"
#include "rpc/xdr.h"

namespace ifkit::rpc {

struct Header {
  std::uint32_t program = kRemoteProgram;
  std::uint32_t version = kProtocolVersion;
  std::int32_t procedure = 0;
  MessageType type = MessageType::Call;
  std::uint32_t serial = 0;
  MessageStatus status = MessageStatus::Ok;
  bool operator==(const Header&) const = default;
};

struct Message {
  Header header;
  std::string payload;
};

// The whole message as it goes on the wire, length word included.
std::string encodeMessage(const Header& header, std::string_view payload);

// The same, the payload written by writePayload(XdrWriter&) into the message's own buffer, which
// has room for `payloadBytes`: a large payload (the listing of thousands of interfaces) is
// written once, not encoded and then copied behind the header.
template <class WritePayload>
std::string encodeMessageWith(const Header& header, std::size_t payloadBytes,
                              WritePayload&& writePayload);

class FrameReader {
 public:
  // `maxMessage`: the largest message accepted, length word excluded (libvirt's 32 MiB unless a
  // server wants less from a client it trusts less).
  explicit FrameReader(std::size_t maxMessage = kMaxMessage) : maxMessage_(maxMessage) {}

  void feed(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }

  // nullopt: not a whole message yet. An Error: the stream is broken and must be closed.
  std::optional<Result<Message>> next();

  std::size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  std::size_t maxMessage_;
  std::string buffer_;
  std::size_t consumed_ = 0;
};

namespace detail {
void putHeader(XdrWriter& out, const Header& header);
void patchLength(std::string& message);
}  // namespace detail

template <class WritePayload>
std::string encodeMessageWith(const Header& header, std::size_t payloadBytes,
                              WritePayload&& writePayload) {
  XdrWriter out;
  out.reserve(kLengthBytes + kHeaderBytes + payloadBytes);
  detail::putHeader(out, header);
  writePayload(out);
  std::string message = out.take();
  detail::patchLength(message);
  return message;
}

}  // namespace ifkit::rpc
