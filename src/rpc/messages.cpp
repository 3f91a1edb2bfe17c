// SPDX-License-Identifier: LGPL-2.1-or-later
// The hand-coded parts of the protocol's structures: the typed-parameter union and the mapping
// between remote_error and ifkit's Error.
#include "rpc/messages.h"

namespace ifkit::rpc {

void xdrPut(XdrWriter& out, const TypedParam& param) {
  out.put(param.field);
  out.put(static_cast<std::int32_t>(param.value.index() + 1));
  std::visit(
      [&out](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>)
          out.put(std::int32_t{v ? 1 : 0});  // BOOLEAN travels as an int
        else
          out.put(v);
      },
      param.value);
}

bool xdrGet(XdrReader& in, TypedParam& param) {
  std::int32_t type = 0;
  if (!in.get(param.field) || !in.get(type)) return false;
  switch (type) {
    case 1: { std::int32_t v = 0; if (!in.get(v)) return false; param.value = v; return true; }
    case 2: { std::uint32_t v = 0; if (!in.get(v)) return false; param.value = v; return true; }
    case 3: { std::int64_t v = 0; if (!in.get(v)) return false; param.value = v; return true; }
    case 4: { std::uint64_t v = 0; if (!in.get(v)) return false; param.value = v; return true; }
    case 5: { double v = 0; if (!in.get(v)) return false; param.value = v; return true; }
    case 6: { std::int32_t v = 0; if (!in.get(v)) return false; param.value = v != 0; return true; }
    case 7: { std::string v; if (!in.get(v)) return false; param.value = std::move(v); return true; }
    default: return false;
  }
}

namespace {

OptionalString nonEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

RemoteError toRemoteError(const Error& error) {
  RemoteError remote;
  remote.code = static_cast<std::int32_t>(error.number);
  remote.domain = static_cast<std::int32_t>(error.domain);
  remote.message = error.message;
  remote.level = static_cast<std::int32_t>(error.level);
  remote.str1 = nonEmpty(error.str1);
  remote.str2 = nonEmpty(error.str2);
  remote.str3 = nonEmpty(error.str3);
  remote.int1 = error.int1;
  remote.int2 = error.int2;
  return remote;
}

Error tooManyInterfaces(std::uint32_t count) {
  return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc,
                   "Too many interfaces '" + std::to_string(count) + "' for limit '" +
                       std::to_string(kMaxInterfaceList) + "'");
}

Error fromRemoteError(const RemoteError& remote) {
  Error error;
  error.number = static_cast<ErrorNumber>(remote.code);
  error.domain = static_cast<ErrorDomain>(remote.domain);
  error.message = remote.message.value_or("");
  error.level = static_cast<ErrorLevel>(remote.level);
  error.str1 = remote.str1.value_or("");
  error.str2 = remote.str2.value_or("");
  error.str3 = remote.str3.value_or("");
  error.int1 = remote.int1;
  error.int2 = remote.int2;
  return error;
}

}  // namespace ifkit::rpc
