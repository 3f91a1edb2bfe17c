// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/attr.h: reading netlink attributes without trusting their lengths.
//
// The kernel is trusted to mean well, not to be the version our headers describe: an attribute
// may be shorter than expected or missing, so every read checks the payload size first and
// yields nullopt rather than reading past it.
#pragma once

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace ifkit::host::nl {

inline std::optional<std::uint8_t> attrU8(const nlattr* a) {
  if (!a || nla_len(a) < 1) return std::nullopt;
  return nla_get_u8(a);
}

inline std::optional<std::uint16_t> attrU16(const nlattr* a) {
  if (!a || nla_len(a) < 2) return std::nullopt;
  return nla_get_u16(a);
}

inline std::optional<std::uint32_t> attrU32(const nlattr* a) {
  if (!a || nla_len(a) < 4) return std::nullopt;
  return nla_get_u32(a);
}

inline std::optional<std::int32_t> attrS32(const nlattr* a) {
  if (!a || nla_len(a) < 4) return std::nullopt;
  return nla_get_s32(a);
}

// A string attribute; the kernel terminates it, but stop at the payload's end regardless.
inline std::optional<std::string> attrString(const nlattr* a) {
  if (!a) return std::nullopt;
  const char* data = static_cast<const char*>(nla_data(a));
  return std::string(data, strnlen(data, static_cast<std::size_t>(nla_len(a))));
}

// Splits a nested attribute into tb[0..max]; false if absent or malformed.
inline bool parseNested(nlattr** tb, int max, const nlattr* a) {
  return a && nla_parse_nested(tb, max, const_cast<nlattr*>(a), nullptr) == 0;
}

// Splits a message's attributes (after its fixed header of `headerLen` bytes) into tb[0..max].
inline bool parseMessage(nlattr** tb, int max, const nlmsghdr* h, int headerLen) {
  return nlmsg_parse(const_cast<nlmsghdr*>(h), headerLen, tb, max, nullptr) == 0;
}

}  // namespace ifkit::host::nl
