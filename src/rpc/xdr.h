// SPDX-License-Identifier: LGPL-2.1-or-later
// XDR (RFC 4506), the subset libvirt's protocol uses, bounds-checked in both directions.
//
//   XdrWriter out;  out.put(std::uint32_t{7});  out.put(std::string("br0"));
//   XdrReader in(bytes);  std::uint32_t n;  std::string s;
//   if (!in.get(n) || !in.get(s, kMaxString)) ...   // never reads past the buffer
//
// Written by hand: Debian has no maintained C++ XDR library, and glibc's SunRPC xdr_* is gone
// from libc (libtirpc's API is C, allocates through malloc and reports no position). The subset
// is small: integers, hypers, doubles, strings, opaques, optionals, arrays, structs.
//
// A struct takes part by exposing its fields as a tuple of references:
//   struct Handle { std::string name, mac; auto fields() { return std::tie(name, mac); } };
// and then encode(value) / decode<T>(bytes) do the rest, field by field, in declaration order.
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "ifkit/error.h"
#include "rpc/protocol.h"

namespace ifkit::rpc {

// A variable-length XDR array with its bound: `T name<Max>`.
template <class T, std::uint32_t Max>
struct XdrArray {
  std::vector<T> items;
  bool operator==(const XdrArray&) const = default;
};

// A fixed-length opaque: `opaque name[N]` (a UUID is XdrFixed<16>).
template <std::size_t N>
using XdrFixed = std::array<std::uint8_t, N>;

template <class T>
concept XdrStruct = requires(T& t) { t.fields(); };

// A length rounded up to XDR's unit of four bytes.
constexpr std::size_t padded(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

class XdrWriter;
class XdrReader;
// A type coded by hand (a union, say) provides xdrPut / xdrGet beside it, found by ADL.
template <class T>
concept XdrCustom = requires(XdrWriter& w, XdrReader& r, const T& c, T& m) {
  xdrPut(w, c);
  { xdrGet(r, m) } -> std::same_as<bool>;
};

class XdrWriter {
 public:
  void put(std::uint32_t v) { writeWord(room(4), v); }
  void put(std::int32_t v) { put(static_cast<std::uint32_t>(v)); }
  void put(std::uint64_t v);
  void put(std::int64_t v) { put(static_cast<std::uint64_t>(v)); }
  void put(double v);
  // Strings are always bounded by kMaxString on encode. The padding is there already (room()).
  void put(std::string_view s) {
    char* p = room(4 + padded(s.size()));
    writeWord(p, static_cast<std::uint32_t>(s.size()));
    copyBytes(p + 4, s);
  }
  template <std::size_t N>
  void put(const XdrFixed<N>& bytes) {
    std::memcpy(room(padded(N)), bytes.data(), N);
  }
  template <class T>
  void put(const std::optional<T>& v) {
    put(std::uint32_t{v ? 1u : 0u});
    if (v) put(*v);
  }
  template <class T, std::uint32_t Max>
  void put(const XdrArray<T, Max>& a) {
    put(static_cast<std::uint32_t>(a.items.size()));
    for (const auto& item : a.items) put(item);
  }
  template <XdrCustom T>
  void put(const T& v) {
    xdrPut(*this, v);
  }
  template <XdrStruct T>
  void put(const T& s) {
    // fields() hands out references for decoding too, so it is not const; encoding only reads.
    std::apply([&](const auto&... f) { (put(f), ...); }, const_cast<T&>(s).fields());
  }

  std::string_view bytes() const { return {out_.data(), size_}; }
  std::size_t size() const { return size_; }
  std::string take() {
    out_.resize(size_);
    size_ = 0;
    return std::exchange(out_, std::string());
  }
  // Room for `bytes` more: a large message is then written without growing (and copying) its
  // buffer again and again.
  void reserve(std::size_t bytes) {
    if (out_.size() - size_ < bytes) out_.resize(size_ + bytes);
  }
  // Writes `v` over the four bytes at `offset`: a count put before what it counts was known.
  void putAt(std::size_t offset, std::uint32_t v);
  // Bytes that are XDR already (an encoded payload), as they are.
  void putRaw(std::string_view bytes) {
    if (!bytes.empty()) std::memcpy(room(bytes.size()), bytes.data(), bytes.size());
  }

 private:
  static void writeWord(char* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (24 - 8 * i));
  }
  // memcpy, with the short strings a listing is made of (names, MACs: up to 32 bytes) copied as
  // two fixed-size copies that overlap, which the compiler inlines: a call of the library's
  // memcpy per string was a tenth of the daemon's time for a listing.
  static void copyBytes(char* to, std::string_view from) {
    const std::size_t n = from.size();
    const char* f = from.data();
    if (n >= 16 && n <= 32) {
      std::memcpy(to, f, 16);
      std::memcpy(to + n - 16, f + n - 16, 16);
    } else if (n >= 8 && n < 16) {
      std::memcpy(to, f, 8);
      std::memcpy(to + n - 8, f + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(to, f, 4);
      std::memcpy(to + n - 4, f + n - 4, 4);
    } else if (n < 4) {
      for (std::size_t i = 0; i < n; ++i) to[i] = f[i];
    } else {
      std::memcpy(to, f, n);
    }
  }
  // The next `n` bytes, to be written. out_ grows by doubling, zero-filled (so a string's padding
  // is written by growing); only its first size_ bytes are the message. Growing a std::string a
  // few bytes at a time costs a library call per value, and a listing writes thousands.
  char* room(std::size_t n) {
    if (out_.size() - size_ < n) out_.resize(std::max(2 * out_.size(), size_ + n));
    char* p = out_.data() + size_;
    size_ += n;
    return p;
  }

  std::string out_;
  std::size_t size_ = 0;
};

class XdrReader {
 public:
  explicit XdrReader(std::string_view in) : in_(in) {}

  // The two a listing reads thousands of, here to be inlined.
  bool get(std::uint32_t& v) {
    if (!need(4)) return false;
    const auto* p = reinterpret_cast<const std::uint8_t*>(in_.data() + pos_);
    v = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
        std::uint32_t{p[3]};
    pos_ += 4;
    return true;
  }
  bool get(std::int32_t& v);
  bool get(std::uint64_t& v);
  bool get(std::int64_t& v);
  bool get(double& v);
  bool get(std::string& s, std::uint32_t max = kMaxString);
  // The string where it lies in the input, for a reader that only looks at it.
  bool get(std::string_view& s, std::uint32_t max = kMaxString) {
    std::uint32_t length = 0;
    if (!get(length)) return false;
    if (length > max || !need(padded(length))) return fail();
    s = in_.substr(pos_, length);
    return skipPadded(length);
  }
  template <std::size_t N>
  bool get(XdrFixed<N>& bytes) {
    if (!need(padded(N))) return false;
    for (std::size_t i = 0; i < N; ++i) bytes[i] = static_cast<std::uint8_t>(in_[pos_ + i]);
    return skipPadded(N);
  }
  template <class T>
  bool get(std::optional<T>& v) {
    std::uint32_t present = 0;
    if (!get(present)) return false;
    if (present > 1) return fail();
    if (present == 0) {
      v.reset();
      return true;
    }
    v.emplace();
    return get(*v);
  }
  template <class T, std::uint32_t Max>
  bool get(XdrArray<T, Max>& a) {
    std::uint32_t count = 0;
    if (!get(count)) return false;
    if (count > Max || count > remaining() / 4) return fail();  // each element takes >= 4 bytes
    a.items.clear();
    a.items.resize(count);
    for (auto& item : a.items)
      if (!get(item)) return false;
    return true;
  }
  template <XdrCustom T>
  bool get(T& v) {
    return xdrGet(*this, v);
  }
  template <XdrStruct T>
  bool get(T& s) {
    return std::apply([&](auto&... f) { return (get(f) && ...); }, s.fields());
  }

  bool failed() const { return failed_; }
  std::size_t remaining() const { return in_.size() - pos_; }

 private:
  bool need(std::size_t n) { return (remaining() >= n) || fail(); }
  bool skipPadded(std::size_t n) {
    // RFC 4506 wants zero padding, but libvirtd (libtirpc) never checks it: neither does ifkit,
    // so that whatever libvirtd accepts is accepted here too.
    pos_ += padded(n);
    return true;
  }
  bool fail() {
    failed_ = true;
    return false;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

template <class T>
std::string encode(const T& value) {
  XdrWriter out;
  out.put(value);
  return out.take();
}

// Decodes a T from the start of `bytes`; trailing bytes are ignored, as libvirtd does.
template <class T>
std::optional<T> decode(std::string_view bytes) {
  XdrReader in(bytes);
  T value{};
  if (!in.get(value)) return std::nullopt;
  return value;
}

}  // namespace ifkit::rpc
