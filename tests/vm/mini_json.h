// SPDX-License-Identifier: LGPL-2.1-or-later
// mini_json.h: reads the JSON that `ip -j` prints into a small tree, for kernel-facing tests.
//
// Enough JSON for iproute2's output and nothing more: objects keep their order, numbers are
// doubles (ifindex, mtu and VLAN ids fit exactly), and a missing key or index reads as null,
// so a chain of lookups states what it expects without a ladder of checks:
//
//   auto links = ifkit::test::parseJson(ip("-j -d link show"));
//   ASSERT_TRUE(links);
//   const ifkit::test::Json* bond = links->findIf("ifname", "bond0");
//   EXPECT_EQ((*bond)["linkinfo"]["info_data"]["mode"].str(), "active-backup");
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ifkit::test {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  explicit Json(bool b) : value_(b) {}
  explicit Json(double n) : value_(n) {}
  explicit Json(std::string s) : value_(std::move(s)) {}
  explicit Json(Array a) : value_(std::move(a)) {}
  explicit Json(Object o) : value_(std::move(o)) {}

  bool isNull() const { return std::holds_alternative<std::monostate>(value_); }
  bool isString() const { return std::holds_alternative<std::string>(value_); }
  bool isNumber() const { return std::holds_alternative<double>(value_); }
  bool isArray() const { return std::holds_alternative<Array>(value_); }
  bool isObject() const { return std::holds_alternative<Object>(value_); }

  // The value, or an empty string / 0 / false when it has another type.
  std::string str() const;
  double num() const;
  bool boolean() const;

  // Members of an object or elements of an array; a null Json when absent or of another type.
  const Json& operator[](std::string_view key) const;
  const Json& operator[](std::size_t index) const;
  bool has(std::string_view key) const;
  std::size_t size() const;  // elements or members; 0 for scalars
  const Array& items() const;

  // The first element of an array whose member `key` is the string `value`, or nullptr.
  const Json* findIf(std::string_view key, std::string_view value) const;

 private:
  std::variant<std::monostate, bool, double, std::string, Array, Object> value_;
};

// The document in `text`, or std::nullopt if it is not well-formed JSON.
std::optional<Json> parseJson(std::string_view text);

}  // namespace ifkit::test
