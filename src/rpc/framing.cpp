// SPDX-License-Identifier: LGPL-2.1-or-later
// Splitting the byte stream into messages and joining them back.
#include "rpc/framing.h"

#include "rpc/xdr.h"

namespace ifkit::rpc {
namespace {

// Bytes a reader usually feeds at once (the daemon reads 64 KiB at a time).
constexpr std::size_t kReadAhead = 65536;

Error framingError(const std::string& detail) {
  return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc, detail);
}

}  // namespace

namespace detail {

// The length word (written as 0, patched by patchLength once the payload is there) and the header.
void putHeader(XdrWriter& out, const Header& header) {
  out.put(std::uint32_t{0});
  out.put(header.program);
  out.put(header.version);
  out.put(header.procedure);
  out.put(static_cast<std::int32_t>(header.type));
  out.put(header.serial);
  out.put(static_cast<std::int32_t>(header.status));
}

void patchLength(std::string& message) {
  const auto length = static_cast<std::uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) message[i] = static_cast<char>(length >> (24 - 8 * i));
}

}  // namespace detail

std::string encodeMessage(const Header& header, std::string_view payload) {
  return encodeMessageWith(header, payload.size(), [&](XdrWriter& out) {
    out.putRaw(payload);
  });
}

std::optional<Result<Message>> FrameReader::next() {
  std::string_view pending(buffer_);
  pending.remove_prefix(consumed_);
  if (pending.size() < kLengthBytes) return std::nullopt;

  XdrReader lengthReader(pending.substr(0, kLengthBytes));
  std::uint32_t length = 0;
  (void)lengthReader.get(length);  // four bytes are there: cannot fail
  if (length < kLengthBytes + kHeaderBytes)
    return Result<Message>(framingError("packet " + std::to_string(length) + " bytes too small"));
  if (length - kLengthBytes > maxMessage_)
    return Result<Message>(framingError("packet " + std::to_string(length - kLengthBytes) +
                                        " bytes received from client too large, want " +
                                        std::to_string(maxMessage_)));
  if (pending.size() < length) {
    // Room for the whole message (and one more read) at once: appending bit by bit would double
    // the buffer's capacity, so a message of the largest size allowed could cost twice that.
    if (consumed_ > 0) {
      buffer_.erase(0, consumed_);
      consumed_ = 0;
    }
    buffer_.reserve(std::size_t(length) + kReadAhead);
    return std::nullopt;
  }

  XdrReader in(pending.substr(kLengthBytes, kHeaderBytes));
  Message msg;
  std::int32_t type = 0, status = 0;
  (void)(in.get(msg.header.program) && in.get(msg.header.version) &&
         in.get(msg.header.procedure) && in.get(type) && in.get(msg.header.serial) &&
         in.get(status));  // 24 bytes are there: cannot fail
  msg.header.type = static_cast<MessageType>(type);
  msg.header.status = static_cast<MessageStatus>(status);
  msg.payload.assign(pending.substr(kLengthBytes + kHeaderBytes, length - kLengthBytes - kHeaderBytes));

  consumed_ += length;
  // Compact now and then, so a long-lived connection does not grow its buffer forever.
  if (consumed_ > 65536 && consumed_ * 2 > buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  return Result<Message>(std::move(msg));
}

}  // namespace ifkit::rpc
