// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/json.cpp: the recursive-descent parser behind Json::parse.
#include "json.h"

#include <cstdlib>
#include <stdexcept>

namespace ifkit::test {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}

  Json document() {
    Json v = value();
    skipSpace();
    if (pos_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error("JSON: " + why + " at offset " + std::to_string(pos_));
  }
  void skipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  char peek() {
    skipSpace();
    if (pos_ >= s_.size()) fail("unexpected end");
    return s_[pos_];
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }

  Json value() {
    char c = peek();
    Json v;
    if (c == '{') {
      v.type_ = Json::Type::Object;
      ++pos_;
      if (peek() == '}') {
        ++pos_;
        return v;
      }
      for (;;) {
        std::string key = string();
        expect(':');
        v.object_[key] = value();
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.type_ = Json::Type::Array;
      ++pos_;
      if (peek() == ']') {
        ++pos_;
        return v;
      }
      for (;;) {
        v.array_.push_back(value());
        if (peek() == ',') {
          ++pos_;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.type_ = Json::Type::String;
      v.string_ = string();
      return v;
    }
    if (consume("true")) {
      v.type_ = Json::Type::Bool;
      v.bool_ = true;
      return v;
    }
    if (consume("false")) {
      v.type_ = Json::Type::Bool;
      return v;
    }
    if (consume("null")) return v;
    const char* begin = s_.data() + pos_;
    char* end = nullptr;
    std::string copy(begin, std::min<std::size_t>(s_.size() - pos_, 64));
    v.number_ = std::strtod(copy.c_str(), &end);
    if (end == copy.c_str()) fail("unexpected character");
    pos_ += static_cast<std::size_t>(end - copy.c_str());
    v.type_ = Json::Type::Number;
    return v;
  }

  std::string string() {
    expect('"');
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) fail("bad escape");
      char e = s_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          // ip prints only ASCII; keep other code points as '?' rather than encode UTF-8.
          if (pos_ + 4 > s_.size()) fail("bad \\u escape");
          long cp = std::strtol(std::string(s_.substr(pos_, 4)).c_str(), nullptr, 16);
          out += cp < 0x80 ? static_cast<char>(cp) : '?';
          pos_ += 4;
          break;
        }
        default:
          out += e;  // \" \\ \/
      }
    }
    if (pos_ >= s_.size()) fail("unterminated string");
    ++pos_;
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

Json Json::parse(std::string_view text) { return JsonParser(text).document(); }

namespace {
const Json& nullJson() {
  static const Json kNull;  // immutable: a shared "absent" answer
  return kNull;
}
}  // namespace

bool Json::has(const std::string& key) const { return object_.count(key) != 0; }

const Json& Json::operator[](const std::string& key) const& {
  auto it = object_.find(key);
  return it == object_.end() ? nullJson() : it->second;
}

const Json& Json::operator[](std::size_t i) const& {
  return i < array_.size() ? array_[i] : nullJson();
}

std::size_t Json::size() const {
  if (type_ == Type::Array) return array_.size();
  if (type_ == Type::Object) return object_.size();
  return 0;
}

std::string Json::str() const { return type_ == Type::String ? string_ : std::string(); }
double Json::num() const { return type_ == Type::Number ? number_ : 0; }

bool Json::contains(const std::string& s) const {
  for (const Json& j : array_)
    if (j.type_ == Type::String && j.string_ == s) return true;
  return false;
}

}  // namespace ifkit::test
