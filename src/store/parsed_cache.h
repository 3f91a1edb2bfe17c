// SPDX-License-Identifier: LGPL-2.1-or-later
// The store's parsed definitions kept on disk (the file .parsed in the store directory): a process
// that reads the store needs no XML parser for a file that some process parsed before it.
//
// Loading libxml2 (with ICU, liblzma and zlib) costs a process more than the rest of a start of
// ten bridges: 3 to 4 ms in a VM, against a few microseconds to read one file. An entry keeps a
// definition file's bytes with what they parse into, and is used only where the file holds those
// very bytes, as the store's memory of what it parsed is (store.h): a file changed since, by ifkit
// or by hand, is parsed again, whatever the time stamps say. The file is derived, never a source:
// written atomically but not durably (a lost or damaged one costs a parse), rewritten by whoever
// had to parse, and ignored when damaged or written by another format.
//
//   std::string bytes = encodeParsedDefinitions(entries);
//   std::optional<ParsedDefinitions> back = decodeParsedDefinitions(bytes);  // nullopt: unusable
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "conf/interface_def.h"

namespace ifkit::store {

inline constexpr std::string_view kParsedCacheFile = ".parsed";
// Larger is not read: a store of a thousand definitions writes well under 1 MiB.
inline constexpr std::size_t kMaxParsedCacheBytes = std::size_t{64} << 20;

struct ParsedDefinition {
  std::string text;  // the definition file's bytes
  conf::InterfaceDef def;
};
using ParsedDefinitions = std::map<std::string, ParsedDefinition>;  // by file name

std::string encodeParsedDefinitions(const ParsedDefinitions& all);
// Whatever `bytes` hold, nullopt or entries each exactly as encoded.
std::optional<ParsedDefinitions> decodeParsedDefinitions(std::string_view bytes);

}  // namespace ifkit::store
