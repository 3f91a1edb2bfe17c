// SPDX-License-Identifier: LGPL-2.1-or-later
// lookupInterface: the name-or-MAC argument of the iface-* commands.
#include "iface_lookup.h"

#include "option_values.h"

namespace ifkit::cli {
namespace {

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool looksLikeMac(std::string_view text) {
  std::size_t i = 0;
  for (int group = 0; group < 6; ++group) {
    const std::size_t start = i;
    while (i < text.size() && isHex(text[i]) && i - start < 3) ++i;
    const std::size_t digits = i - start;
    if (digits < 1 || digits > 2) return false;
    if (group == 5) {
      // libvirt compares the next char (signed) with ' ', so bytes above 0x7f end it too.
      return i == text.size() || static_cast<signed char>(text[i]) <= ' ';
    }
    if (i >= text.size() || text[i] != ':') return false;
    ++i;
  }
  return false;
}

std::optional<Interface> lookupInterface(Session& s, const ParsedCommand& cmd,
                                         std::string_view optName, unsigned by,
                                         std::string* name) {
  auto value = stringOption(s, cmd, optName);
  if (!value) return std::nullopt;
  if (name != nullptr) *name = *value;
  return lookupInterfaceNamed(s, *value, by);
}

std::optional<Interface> lookupInterfaceNamed(Session& s, const std::string& value, unsigned by) {
  const bool isMac = looksLikeMac(value);
  std::optional<Result<Interface>> found;
  if (!isMac && (by & kByName) != 0) {
    found.emplace(s.conn().lookupByName(value));
  } else if (isMac && (by & kByMac) != 0) {
    found.emplace(s.conn().lookupByMACString(value));
  }
  if (found && found->ok()) return std::move(*found).value();
  s.error("failed to get interface '" + value + "'");
  if (found) s.setFailure(found->error());
  return std::nullopt;
}

}  // namespace ifkit::cli
