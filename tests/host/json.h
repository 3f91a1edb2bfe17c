// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/json.h: a small JSON reader for the tests, enough to read `ip -j` output.
//
//   Json links = Json::parse(text);
//   for (const Json& l : links.items()) std::cout << l["ifname"].str() << ' ' << l["mtu"].num();
//
// A missing key or index yields a null value rather than throwing, so assertions read
// `EXPECT_EQ(l["master"].str(), "br0")` and fail with a message instead of crashing.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ifkit::test {

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  // Throws std::runtime_error on malformed input (a test failure, reported by GoogleTest).
  static Json parse(std::string_view text);

  Type type() const { return type_; }
  bool isNull() const { return type_ == Type::Null; }
  bool has(const std::string& key) const;
  const Json& operator[](const std::string& key) const&;  // null if absent or not an object
  const Json& operator[](std::size_t i) const&;           // null if out of range or not an array
  // On a temporary, by value: `ns.ipJson(...)[0]["addr_info"].items()` stays valid in a loop.
  Json operator[](const std::string& key) && { return Json(std::as_const(*this)[key]); }
  Json operator[](std::size_t i) && { return Json(std::as_const(*this)[i]); }
  std::size_t size() const;  // elements or members, else 0
  const std::vector<Json>& items() const& { return array_; }
  // By value on a temporary, so `for (auto& x : ns.ipJson(...).items())` does not dangle.
  std::vector<Json> items() && { return std::move(array_); }
  std::string str() const;  // a string's text; "" otherwise
  double num() const;       // a number's value; 0 otherwise
  long long integer() const { return static_cast<long long>(num()); }
  bool boolean() const { return type_ == Type::Bool && bool_; }
  // True if this array holds the string `s` (`ip -j` flag lists: ["BROADCAST","UP"]).
  bool contains(const std::string& s) const;

 private:
  friend class JsonParser;
  Type type_ = Type::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Json> array_;
  std::map<std::string, Json> object_;
};

}  // namespace ifkit::test
