// SPDX-License-Identifier: LGPL-2.1-or-later
// Splitting the byte stream into messages and joining them back.
#include "rpc/framing.h"

#include <algorithm>
#include <cstring>

#include "rpc/xdr.h"

namespace ifkit::rpc {
namespace {

// Bytes a reader usually feeds at once (the daemon reads 64 KiB at a time).
constexpr std::size_t kReadAhead = 65536;

Error framingError(const std::string& detail) {
  return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc, detail);
}

// A message's length word, at `at` (kLengthBytes there).
std::uint32_t lengthWord(const char* at) {
  XdrReader in(std::string_view(at, kLengthBytes));
  std::uint32_t length = 0;
  (void)in.get(length);  // four bytes are there: cannot fail
  return length;
}

}  // namespace

namespace detail {

// The length word (written as 0, and over once the payload is there) and the header.
void putHeader(XdrWriter& out, const Header& header) {
  out.put(std::uint32_t{0});
  out.put(header.program);
  out.put(header.version);
  out.put(header.procedure);
  out.put(static_cast<std::int32_t>(header.type));
  out.put(header.serial);
  out.put(static_cast<std::int32_t>(header.status));
}

}  // namespace detail

std::string encodeMessage(const Header& header, std::string_view payload) {
  return encodeMessageWith(header, payload.size(), [&](XdrWriter& out) {
    out.putRaw(payload);
  });
}

void FrameReader::reserve(std::size_t bytes) {
  if (capacity_ - size_ >= bytes) return;
  const std::size_t unread = size_ - consumed_;
  if (capacity_ - unread >= bytes) {
    std::memmove(buffer_.get(), buffer_.get() + consumed_, unread);
  } else {
    // Doubling, so that many small feeds do not copy again and again, but never past the
    // largest message and one read: no more than a stream may send is ever held.
    const std::size_t largest = kLengthBytes + maxMessage_ + kReadAhead;
    const std::size_t capacity = std::max(unread + bytes, std::min(2 * capacity_, largest));
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (unread > 0) std::memcpy(bigger.get(), buffer_.get() + consumed_, unread);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  }
  size_ = unread;
  consumed_ = 0;
}

void FrameReader::feed(std::string_view bytes) {
  if (bytes.empty()) return;
  reserve(bytes.size());
  std::memcpy(buffer_.get() + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
}

std::span<char> FrameReader::readSpace() {
  // One read's worth, beyond the rest of a message whose length word is in (a length past the
  // limit is next()'s to refuse): a large message then arrives in as few reads as the stream
  // allows, with what follows it.
  std::size_t wanted = kReadAhead;
  if (buffered() >= kLengthBytes) {
    const std::uint32_t length = lengthWord(buffer_.get() + consumed_);
    if (length > buffered() && length - kLengthBytes <= maxMessage_) wanted += length - buffered();
  }
  reserve(wanted);
  return {buffer_.get() + size_, capacity_ - size_};
}

std::optional<Result<MessageView>> FrameReader::nextView() {
  std::string_view pending(buffer_.get() + consumed_, size_ - consumed_);
  if (pending.size() < kLengthBytes) return std::nullopt;

  const std::uint32_t length = lengthWord(pending.data());
  if (length < kLengthBytes + kHeaderBytes)
    return Result<MessageView>(
        framingError("packet " + std::to_string(length) + " bytes too small"));
  if (length - kLengthBytes > maxMessage_)
    return Result<MessageView>(framingError("packet " + std::to_string(length - kLengthBytes) +
                                            " bytes received from client too large, want " +
                                            std::to_string(maxMessage_)));
  if (pending.size() < length) {
    // Room for the whole message at once: grown read by read, a message of the largest size
    // allowed could cost twice that.
    reserve(length - pending.size());
    return std::nullopt;
  }

  XdrReader in(pending.substr(kLengthBytes, kHeaderBytes));
  MessageView msg;
  std::int32_t type = 0, status = 0;
  (void)(in.get(msg.header.program) && in.get(msg.header.version) &&
         in.get(msg.header.procedure) && in.get(type) && in.get(msg.header.serial) &&
         in.get(status));  // 24 bytes are there: cannot fail
  msg.header.type = static_cast<MessageType>(type);
  msg.header.status = static_cast<MessageStatus>(status);
  msg.payload = pending.substr(kLengthBytes + kHeaderBytes, length - kLengthBytes - kHeaderBytes);
  consumed_ += length;
  // All read: the next bytes go to the front again, without moving any.
  if (consumed_ == size_) consumed_ = size_ = 0;
  return Result<MessageView>(msg);
}

std::optional<Result<Message>> FrameReader::next() {
  auto view = nextView();
  if (!view) return std::nullopt;
  if (!view->ok()) return Result<Message>(std::move(*view).error());
  return Result<Message>(Message{(*view)->header, std::string((*view)->payload)});
}

}  // namespace ifkit::rpc
