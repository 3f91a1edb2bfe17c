// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: the RPC packet decoder. Any bytes go through the framing and every message
// structure; nothing may crash or leak, and whatever decodes must re-encode to bytes that decode
// to the same value.
#include <cstdio>
#include <cstdlib>

#include "rpc/framing.h"
#include "rpc/messages.h"

namespace {

using namespace ifkit::rpc;

template <class T>
void checkStructure(const std::string& payload) {
  auto value = decode<T>(payload);
  if (!value) return;
  const std::string again = encode(*value);
  auto back = decode<T>(again);
  if (!back || encode(*back) != again) {
    std::fprintf(stderr, "re-encoding is not stable\n");
    std::abort();
  }
}

template <class... T>
void checkAll(const std::string& payload) {
  (checkStructure<T>(payload), ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FrameReader frames;
  // Feed in two pieces, split where the first byte says, to exercise reassembly too.
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  frames.feed(std::string_view(bytes).substr(0, split));
  frames.feed(std::string_view(bytes).substr(split));
  while (auto next = frames.next()) {
    if (!next->ok()) break;
    const std::string& payload = next->value().payload;
    checkAll<ConnectOpenArgs, SupportsFeatureArgs, MaxNamesArgs, NameArgs, MacArgs, InterfaceArgs,
             InterfaceFlagsArgs, DefineXmlArgs, FlagsArgs, ListAllArgs, SetIdentityArgs, IntRet,
             UHyperRet, StringRet, AuthListRet, NamesRet, InterfaceRet, ListAllRet, RemoteError>(
        payload);
  }
  return 0;
}
