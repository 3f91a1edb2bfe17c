// SPDX-License-Identifier: LGPL-2.1-or-later
// Messages on the stream: a length word (counting itself), a 24-byte header, the payload.
//
//   FrameReader frames;
//   frames.feed(bytesFromSocket);               // or read(fd, frames.readSpace()) + commit(n)
//   while (auto msg = frames.next()) { if (!*msg) closeConnection(); else handle(**msg); }
//
// A bad length word cannot be answered (the stream has lost its framing): libvirtd closes the
// connection without a reply, and so does ifkit. Everything past the length word is the caller's
// to judge: a header with an unknown program still gets an error reply.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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

// A message as it lies in a FrameReader's buffer: the payload is valid until the reader is next
// fed or read into.
struct MessageView {
  Header header;
  std::string_view payload;
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

  // Bytes read elsewhere, copied in.
  void feed(std::string_view bytes);
  // Or read straight into the reader: where the next read may put its bytes (room for the rest
  // of a message begun, so a large one is not copied from a read buffer, nor moved as it grows),
  // then commit() the number it gave.
  std::span<char> readSpace();
  void commit(std::size_t bytes) { size_ += bytes; }

  // nullopt: not a whole message yet. An Error: the stream is broken and must be closed.
  std::optional<Result<Message>> next();
  // The same with the payload left in place (a large reply decoded where it lies).
  std::optional<Result<MessageView>> nextView();

  std::size_t buffered() const { return size_ - consumed_; }

 private:
  // Makes room for `bytes` past what is buffered: the unread bytes moved to the front, or into a
  // larger buffer.
  void reserve(std::size_t bytes);

  std::size_t maxMessage_;
  // Not a std::string: growing one writes zeros into the room the socket then overwrites.
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;      // bytes in buffer_
  std::size_t consumed_ = 0;  // of which whole messages already handed out
};

namespace detail {
void putHeader(XdrWriter& out, const Header& header);
}  // namespace detail

template <class WritePayload>
std::string encodeMessageWith(const Header& header, std::size_t payloadBytes,
                              WritePayload&& writePayload) {
  XdrWriter out;
  out.reserve(kLengthBytes + kHeaderBytes + payloadBytes);
  detail::putHeader(out, header);
  writePayload(out);
  out.putAt(0, static_cast<std::uint32_t>(out.size()));
  return out.take();
}

}  // namespace ifkit::rpc
