// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/util/optional_box_test.cpp: OptionalBox reads and copies as std::optional does.
#include "util/optional_box.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ifkit {
namespace {

TEST(OptionalBox, EmptyIsAPointersSize) {
  OptionalBox<std::vector<std::string>> none;
  EXPECT_FALSE(none);
  EXPECT_FALSE(none.has_value());
  EXPECT_EQ(sizeof none, sizeof(void*));
  OptionalBox<std::string> fromNullopt = std::nullopt;
  EXPECT_FALSE(fromNullopt);
}

TEST(OptionalBox, TakesAValueOrAnOptional) {
  OptionalBox<std::string> value = std::string("br0");
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, "br0");
  EXPECT_EQ(value->size(), 3u);
  value = std::nullopt;
  EXPECT_FALSE(value);
  const std::optional<std::string> named("eth0");
  value = named;
  EXPECT_EQ(*value, "eth0");
  value.emplace(2, 'x');
  EXPECT_EQ(*value, "xx");
  value.reset();
  EXPECT_FALSE(value);
}

TEST(OptionalBox, CopiesItsValueNotItsBox) {
  OptionalBox<std::string> original = std::string("bond0");
  OptionalBox<std::string> copy = original;
  ASSERT_TRUE(copy);
  EXPECT_NE(&*copy, &*original);
  *copy = "bond1";
  EXPECT_EQ(*original, "bond0");
  OptionalBox<std::string> empty;
  copy = empty;
  EXPECT_FALSE(copy);
  EXPECT_TRUE(original);
  OptionalBox<std::string> moved = std::move(original);
  EXPECT_EQ(*moved, "bond0");
}

}  // namespace
}  // namespace ifkit
