// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: the store's .parsed file (store/parsed_cache.h). The file is ifkit's own, but
// a crash, a torn disk or a hand edit may leave anything there, and every command that reads the
// store reads it: any bytes give definitions or nothing, never a crash, and what they give is
// encoded and decoded back to the same.
// Seeds: fuzz/seeds/parsed_cache (store_parsed_cache_test checks they decode).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "store/parsed_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = ifkit::store::decodeParsedDefinitions(bytes);
  if (!decoded) return 0;
  auto again =
      ifkit::store::decodeParsedDefinitions(ifkit::store::encodeParsedDefinitions(*decoded));
  if (!again || again->size() != decoded->size()) std::abort();
  for (const auto& [file, parsed] : *decoded) {
    const auto found = again->find(file);
    if (found == again->end() || found->second.text != parsed.text ||
        !(found->second.def == parsed.def))
      std::abort();
  }
  return 0;
}
