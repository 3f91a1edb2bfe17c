// SPDX-License-Identifier: LGPL-2.1-or-later
// The scalar and string cases of XDR; the composite ones are templates in the header.
#include "rpc/xdr.h"

#include <cassert>
#include <cstring>

namespace ifkit::rpc {

void XdrWriter::put(std::uint64_t v) {
  put(static_cast<std::uint32_t>(v >> 32));
  put(static_cast<std::uint32_t>(v));
}

void XdrWriter::put(double v) {
  std::uint64_t bits = 0;
  static_assert(sizeof bits == sizeof v);
  std::memcpy(&bits, &v, sizeof bits);
  put(bits);
}

void XdrWriter::putAt(std::size_t offset, std::uint32_t v) {
  // Only over a word already written: anything else is a mistake of the caller's.
  assert(offset <= size_ && size_ - offset >= 4);
  writeWord(out_.data() + offset, v);
}

bool XdrReader::get(std::int32_t& v) {
  std::uint32_t u = 0;
  if (!get(u)) return false;
  v = static_cast<std::int32_t>(u);
  return true;
}

bool XdrReader::get(std::uint64_t& v) {
  std::uint32_t high = 0, low = 0;
  if (!get(high) || !get(low)) return false;
  v = (std::uint64_t{high} << 32) | low;
  return true;
}

bool XdrReader::get(std::int64_t& v) {
  std::uint64_t u = 0;
  if (!get(u)) return false;
  v = static_cast<std::int64_t>(u);
  return true;
}

bool XdrReader::get(double& v) {
  std::uint64_t bits = 0;
  if (!get(bits)) return false;
  std::memcpy(&v, &bits, sizeof v);
  return true;
}

bool XdrReader::get(std::string& s, std::uint32_t max) {
  std::string_view view;
  if (!get(view, max)) return false;
  s.assign(view);
  return true;
}

}  // namespace ifkit::rpc
