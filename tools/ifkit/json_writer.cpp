// SPDX-License-Identifier: LGPL-2.1-or-later
// JsonWriter and jsonStringLiteral: RFC 8259 text, compact, one value at a time.
#include "json_writer.h"

#include <cstdio>

namespace ifkit::cli {
namespace {

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF), or 0 when the byte there starts none.
std::size_t utf8SequenceAt(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

}  // namespace

std::string jsonStringLiteral(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t length = utf8SequenceAt(s, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(s.substr(i, length));
      i += length;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char escaped[7];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
          out += escaped;
        } else {
          out += char(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (!hasMember_.empty()) {
    if (hasMember_.back()) out_ += ',';
    hasMember_.back() = true;
  }
}

void JsonWriter::beginObject() {
  beforeValue();
  out_ += '{';
  hasMember_.push_back(false);
}

void JsonWriter::endObject() {
  hasMember_.pop_back();
  out_ += '}';
}

void JsonWriter::beginArray() {
  beforeValue();
  out_ += '[';
  hasMember_.push_back(false);
}

void JsonWriter::endArray() {
  hasMember_.pop_back();
  out_ += ']';
}

void JsonWriter::key(std::string_view name) {
  beforeValue();
  out_ += jsonStringLiteral(name);
  out_ += ':';
  afterKey_ = true;
}

void JsonWriter::string(std::string_view utf8) {
  beforeValue();
  out_ += jsonStringLiteral(utf8);
}

void JsonWriter::number(long long value) {
  beforeValue();
  out_ += std::to_string(value);
}

void JsonWriter::null() {
  beforeValue();
  out_ += "null";
}

}  // namespace ifkit::cli
