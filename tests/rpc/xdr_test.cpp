// SPDX-License-Identifier: LGPL-2.1-or-later
// XDR and framing at their edges: bounds, padding, optional values, unions, broken streams.
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "rpc/framing.h"
#include "rpc/messages.h"

namespace ifkit::rpc {
namespace {

TEST(Xdr, StringsArePaddedToFourBytes) {
  EXPECT_EQ(encode(NameArgs{"br0"}), std::string("\0\0\0\3br0\0", 8));
  EXPECT_EQ(encode(NameArgs{""}), std::string("\0\0\0\0", 4));
  EXPECT_EQ(encode(NameArgs{"eth1"}), std::string("\0\0\0\4eth1", 8));
}

// Every length through each way a string is copied in (under 4, 4-7, 8-15, 16-32, longer).
TEST(Xdr, StringsOfEveryLengthRoundTrip) {
  const std::string text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const std::string s = text.substr(0, n);
    const std::string bytes = encode(NameArgs{s});
    ASSERT_EQ(bytes.size(), 4 + (n + 3) / 4 * 4) << n;
    EXPECT_EQ(bytes.substr(4, n), s) << n;
    EXPECT_EQ(bytes.substr(4 + n), std::string(bytes.size() - 4 - n, '\0')) << n;  // padding
    auto back = decode<NameArgs>(bytes);
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(back->name, s);
  }
}

TEST(Xdr, TruncatedInputNeverDecodes) {
  const std::string full = encode(InterfaceFlagsArgs{{"br0", "52:54:00:00:00:01"}, 1});
  for (std::size_t n = 0; n < full.size(); ++n)
    EXPECT_FALSE(decode<InterfaceFlagsArgs>(full.substr(0, n)).has_value()) << n;
  auto whole = decode<InterfaceFlagsArgs>(full + "trailing");  // trailing bytes are ignored
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->iface.mac, "52:54:00:00:00:01");
}

TEST(Xdr, LengthsBeyondTheBoundOrTheBufferAreRefused) {
  // A string claiming 4 GiB, and an array claiming more names than the protocol allows.
  EXPECT_FALSE(decode<NameArgs>(std::string("\xff\xff\xff\xff" "abcd", 8)).has_value());
  XdrWriter out;
  out.put(std::uint32_t{kMaxInterfaceList + 1});
  for (std::uint32_t i = 0; i <= kMaxInterfaceList; ++i) out.put(std::string());
  EXPECT_FALSE(decode<NamesRet>(out.bytes()).has_value());
  // An optional whose flag is neither 0 nor 1.
  EXPECT_FALSE(decode<ConnectOpenArgs>(std::string("\0\0\0\2\0\0\0\0", 8)).has_value());
}

TEST(Xdr, TypedParamsRoundTripEveryType) {
  SetIdentityArgs args;
  args.params.items = {{"a", std::int32_t{-5}}, {"b", std::uint32_t{7}},
                       {"c", std::int64_t{-1} << 40}, {"d", std::uint64_t{1} << 63},
                       {"e", 2.5}, {"f", true}, {"g", std::string("root")}};
  auto back = decode<SetIdentityArgs>(encode(args));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->params, args.params);
}

TEST(Xdr, RemoteErrorCarriesLibvirtsFields) {
  Error e = makeError(ErrorNumber::NoInterface, ErrorDomain::Interface,
                      "no interface with matching name 'x'");
  RemoteError remote = toRemoteError(e);
  EXPECT_EQ(remote.code, 57);
  EXPECT_EQ(remote.domain, 26);
  EXPECT_EQ(remote.message, "Interface not found: no interface with matching name 'x'");
  EXPECT_EQ(remote.str1, "Interface not found: %s");
  EXPECT_EQ(remote.str2, "no interface with matching name 'x'");
  EXPECT_EQ(remote.str3, std::nullopt);
  EXPECT_EQ(fromRemoteError(*decode<RemoteError>(encode(remote))), e);
}

TEST(Framing, SplitsMessagesFedByteByByte) {
  const std::string a = encodeMessage(Header{kRemoteProgram, 1, 66, MessageType::Call, 0,
                                             MessageStatus::Ok}, "");
  const std::string b = encodeMessage(Header{kRemoteProgram, 1, 128, MessageType::Call, 1,
                                             MessageStatus::Ok}, encode(NameArgs{"br0"}));
  FrameReader frames;
  std::vector<Message> got;
  for (char ch : a + b) {
    frames.feed(std::string(1, ch));
    while (auto m = frames.next()) {
      ASSERT_TRUE(m->ok());
      got.push_back(m->value());
    }
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].header.procedure, 128);
  EXPECT_EQ(got[1].header.serial, 1u);
  EXPECT_EQ(decode<NameArgs>(got[1].payload)->name, "br0");
}

// Read straight into the reader, as the client reads: a message larger than one read gets room
// for all of its rest once its length word is in, so it arrives in as few reads as the stream
// gives, and its payload is read in place; what follows it in the same read is kept.
TEST(Framing, ReadsIntoItsOwnBufferAndHandsPayloadsOverInPlace) {
  XdrWriter names;
  for (int i = 0; i < 20000; ++i) names.put(std::string_view("vnet"));
  const std::string big = encodeMessage(
      Header{kRemoteProgram, 1, 284, MessageType::Reply, 7, MessageStatus::Ok}, names.bytes());
  const std::string small =
      encodeMessage(Header{kRemoteProgram, 1, 66, MessageType::Reply, 8, MessageStatus::Ok}, "");
  const std::string stream = big + small;
  ASSERT_GT(big.size(), std::size_t{65536});

  FrameReader frames;
  std::size_t at = 0, reads = 0;
  std::vector<std::pair<std::uint32_t, std::string>> got;
  while (got.size() < 2) {
    const std::span<char> space = frames.readSpace();
    ASSERT_GE(space.size(), std::size_t{1});
    const std::size_t n = std::min(space.size(), stream.size() - at);
    ASSERT_GT(n, 0u) << "the stream ended before its messages";
    std::copy_n(stream.data() + at, n, space.data());
    at += n;
    ++reads;
    frames.commit(n);
    while (auto m = frames.nextView()) {
      ASSERT_TRUE(m->ok());
      got.emplace_back(m->value().header.serial, std::string(m->value().payload));
    }
  }
  // One read of the first 64 KiB brings the length word; the next has room for all the rest.
  EXPECT_EQ(reads, 2u);
  EXPECT_EQ(got[0].first, 7u);
  EXPECT_EQ(got[0].second, std::string(names.bytes()));
  EXPECT_EQ(got[1].first, 8u);
  EXPECT_EQ(got[1].second, "");
  EXPECT_EQ(frames.buffered(), 0u);
}

TEST(Xdr, ACountWrittenOverKeepsTheRest) {
  XdrWriter out;
  out.put(std::uint32_t{0});
  out.put(std::string_view("br0"));
  out.putAt(0, 1);
  EXPECT_EQ(std::string(out.bytes()), std::string("\0\0\0\1\0\0\0\3br0\0", 12));
  EXPECT_EQ(out.take(), std::string("\0\0\0\1\0\0\0\3br0\0", 12));
  EXPECT_EQ(out.size(), 0u);  // taken: empty again, and usable
  out.put(std::uint32_t{2});
  EXPECT_EQ(std::string(out.bytes()), std::string("\0\0\0\2", 4));
}

TEST(Framing, BadLengthWordsBreakTheStream) {
  for (std::uint32_t length : {0u, 3u, 4u, 27u, kMaxMessage + kLengthBytes + 1}) {
    XdrWriter out;
    out.put(length);
    FrameReader frames;
    frames.feed(std::string(out.bytes()) + std::string(24, '\0'));
    auto m = frames.next();
    ASSERT_TRUE(m.has_value()) << length;
    EXPECT_FALSE(m->ok()) << length;
  }
  XdrWriter largest;
  largest.put(kMaxMessage + kLengthBytes);  // the largest allowed: waits for more bytes
  FrameReader frames;
  frames.feed(largest.bytes());
  EXPECT_FALSE(frames.next().has_value());
}

}  // namespace
}  // namespace ifkit::rpc
