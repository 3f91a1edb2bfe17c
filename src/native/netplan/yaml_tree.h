// SPDX-License-Identifier: LGPL-2.1-or-later
// YAML text as a tree of mappings, sequences and scalars, each node knowing where it was
// written (lines and byte offsets), so that a reader can name the line of what it cannot use
// and a release can cut an entry out of the text without touching the bytes around it.
//
// libyaml does the parsing (its event API, so the tree is ours and bounded). Only the first
// document counts, as in netplan. An alias is a copy of its anchored node, and copies count
// against the node limit: a few bytes of nested aliases could otherwise stand for billions of
// nodes. Tags are ignored. No I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::native::netplan {

// Deeper nesting, or more nodes, than any network configuration needs is refused.
inline constexpr int kMaxYamlDepth = 64;
inline constexpr std::size_t kMaxYamlNodes = 200000;

struct YamlEntry;

struct YamlNode {
  enum class Kind { Scalar, Sequence, Mapping };
  Kind kind = Kind::Scalar;
  std::string value;            // a scalar's text, quotes and escapes resolved
  bool flow = false;            // a sequence or mapping written in [] or {}
  std::vector<YamlNode> items;  // a sequence's
  std::vector<YamlEntry> entries;  // a mapping's, keys as written
  int file = 0;                                        // which file, for readers that merge several
  int line = 0;                                        // 1-based line where the node starts
  int lastLine = 0;                                    // 1-based line of its last character
  std::size_t begin = 0;                               // byte offset of the first character
  std::size_t end = 0;  // byte offset just past the last character (a block collection's
                        // last content, not the blank lines and comments after it)

  bool isScalar() const { return kind == Kind::Scalar; }
  bool isSequence() const { return kind == Kind::Sequence; }
  bool isMapping() const { return kind == Kind::Mapping; }
  // A mapping's value for a scalar key, the last one written if there are several.
  const YamlNode* find(std::string_view key) const;
};

// A mapping's key and value (a struct, not a std::pair: a pair of a type still being defined is
// not allowed in a vector, and clang's standard library checks).
struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

struct YamlDocument {
  std::optional<YamlNode> root;  // none for an empty document
  std::string error;             // empty when the text parsed; else "LINE:COLUMN: what"
};

YamlDocument parseYaml(std::string_view text);

}  // namespace ifkit::native::netplan
