// SPDX-License-Identifier: LGPL-2.1-or-later
// JsonWriter: JSON text for `iface-list --json`, built value by value, commas and escapes
// handled here. The project has no JSON library, and writing (never parsing) JSON is small
// enough that one would be a dependency for a page of code.
//
//   JsonWriter j;
//   j.beginObject(); j.key("name"); j.string("br0"); j.key("prefix"); j.number(24);
//   j.endObject();
//   j.text()   -> {"name":"br0","prefix":24}
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ifkit::cli {

class JsonWriter {
 public:
  void beginObject();
  void endObject();
  void beginArray();
  void endArray();
  void key(std::string_view name);
  void string(std::string_view utf8);
  void number(long long value);
  void null();

  const std::string& text() const { return out_; }

 private:
  void beforeValue();

  std::string out_;
  // One entry an open array or object: whether it has a member yet (the next needs a comma).
  std::vector<bool> hasMember_;
  bool afterKey_ = false;
};

// `s` as a JSON string literal, quotes included: '"', '\\' and control characters escaped, and
// every byte that is not part of well-formed UTF-8 (an interface name is bytes, JSON is
// Unicode) written as U+FFFD, so that the output always parses.
std::string jsonStringLiteral(std::string_view s);

}  // namespace ifkit::cli
