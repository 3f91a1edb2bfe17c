// SPDX-License-Identifier: LGPL-2.1-or-later
// mini_json.cpp: a recursive-descent reader for the JSON that `ip -j` prints.
#include "mini_json.h"

#include <cstdlib>

namespace ifkit::test {
namespace {

const Json kNull;
const Json::Array kNoItems;

// Nesting beyond this is not iproute2 output; refusing it keeps the recursion bounded.
constexpr int kMaxDepth = 64;

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  std::optional<Json> document() {
    auto value = readValue(0);
    skipSpace();
    if (!value || pos_ != text_.size()) return std::nullopt;
    return value;
  }

 private:
  std::optional<Json> readValue(int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    skipSpace();
    if (pos_ >= text_.size()) return std::nullopt;
    switch (text_[pos_]) {
      case '{':
        return readObject(depth);
      case '[':
        return readArray(depth);
      case '"': {
        auto s = readString();
        if (!s) return std::nullopt;
        return Json(std::move(*s));
      }
      case 't':
        return readWord("true", Json(true));
      case 'f':
        return readWord("false", Json(false));
      case 'n':
        return readWord("null", Json());
      default:
        return readNumber();
    }
  }

  std::optional<Json> readObject(int depth) {
    ++pos_;  // '{'
    Json::Object members;
    skipSpace();
    if (consume('}')) return Json(std::move(members));
    do {
      skipSpace();
      auto key = readString();
      if (!key) return std::nullopt;
      skipSpace();
      if (!consume(':')) return std::nullopt;
      auto value = readValue(depth + 1);
      if (!value) return std::nullopt;
      members.emplace_back(std::move(*key), std::move(*value));
      skipSpace();
    } while (consume(','));
    if (!consume('}')) return std::nullopt;
    return Json(std::move(members));
  }

  std::optional<Json> readArray(int depth) {
    ++pos_;  // '['
    Json::Array items;
    skipSpace();
    if (consume(']')) return Json(std::move(items));
    do {
      auto value = readValue(depth + 1);
      if (!value) return std::nullopt;
      items.push_back(std::move(*value));
      skipSpace();
    } while (consume(','));
    if (!consume(']')) return std::nullopt;
    return Json(std::move(items));
  }

  std::optional<std::string> readString() {
    if (!consume('"')) return std::nullopt;
    std::string out;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return std::nullopt;
      switch (char e = text_[pos_++]) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = readHex4();
          if (!cp) return std::nullopt;
          appendUtf8(out, *cp);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;  // unterminated
  }

  // Four hex digits after "\u"; a surrogate pair becomes one code point.
  std::optional<unsigned> readHex4() {
    auto hex = [this]() -> std::optional<unsigned> {
      if (pos_ + 4 > text_.size()) return std::nullopt;
      unsigned v = 0;
      for (int i = 0; i < 4; ++i) {
        char c = text_[pos_++];
        v <<= 4;
        if (c >= '0' && c <= '9')
          v |= unsigned(c - '0');
        else if (c >= 'a' && c <= 'f')
          v |= unsigned(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
          v |= unsigned(c - 'A' + 10);
        else
          return std::nullopt;
      }
      return v;
    };
    auto high = hex();
    if (!high || *high < 0xD800 || *high > 0xDBFF) return high;
    if (!consume('\\') || !consume('u')) return std::nullopt;
    auto low = hex();
    if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
    return 0x10000 + ((*high - 0xD800) << 10) + (*low - 0xDC00);
  }

  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }

  std::optional<Json> readNumber() {
    std::size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string_view("+-0123456789.eE").find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    std::string number(text_.substr(start, pos_ - start));
    char* end = nullptr;
    double v = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    return Json(v);
  }

  std::optional<Json> readWord(std::string_view word, Json value) {
    if (text_.substr(pos_, word.size()) != word) return std::nullopt;
    pos_ += word.size();
    return value;
  }

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string Json::str() const {
  const auto* s = std::get_if<std::string>(&value_);
  return s ? *s : std::string();
}

double Json::num() const {
  const auto* n = std::get_if<double>(&value_);
  return n ? *n : 0;
}

bool Json::boolean() const {
  const auto* b = std::get_if<bool>(&value_);
  return b && *b;
}

const Json& Json::operator[](std::string_view key) const {
  const auto* object = std::get_if<Object>(&value_);
  if (!object) return kNull;
  for (const auto& [name, value] : *object) {
    if (name == key) return value;
  }
  return kNull;
}

const Json& Json::operator[](std::size_t index) const {
  const auto* array = std::get_if<Array>(&value_);
  if (!array || index >= array->size()) return kNull;
  return (*array)[index];
}

bool Json::has(std::string_view key) const {
  const auto* object = std::get_if<Object>(&value_);
  if (!object) return false;
  for (const auto& member : *object) {
    if (member.first == key) return true;
  }
  return false;
}

std::size_t Json::size() const {
  if (const auto* array = std::get_if<Array>(&value_)) return array->size();
  if (const auto* object = std::get_if<Object>(&value_)) return object->size();
  return 0;
}

const Json::Array& Json::items() const {
  const auto* array = std::get_if<Array>(&value_);
  return array ? *array : kNoItems;
}

const Json* Json::findIf(std::string_view key, std::string_view value) const {
  for (const Json& item : items()) {
    const Json& member = item[key];
    if (member.isString() && member.str() == value) return &item;
  }
  return nullptr;
}

std::optional<Json> parseJson(std::string_view text) { return Reader(text).document(); }

}  // namespace ifkit::test
