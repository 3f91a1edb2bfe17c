// SPDX-License-Identifier: LGPL-2.1-or-later
// OptionalBox<T>: an optional T kept on the heap, a pointer's size when there is none.
//
// std::optional<T> holds room for a T whether it has one or not. That is right for most members,
// wrong for the rarely set members of objects made by the thousand: a listing's entries
// (driver/system/system_driver_private.h) each had room for a definition, a host manager's
// definition and an error, 680 bytes, when most entries are a link with none of them. Every page
// of such a vector is touched, and in a VM a page touched costs 10 µs and more.
//
// It reads as an optional (bool, *, ->, has_value, reset, = std::nullopt) and copies its value,
// so that a member's type can change without its users.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <utility>

namespace ifkit {

template <class T>
class OptionalBox {
 public:
  OptionalBox() = default;
  OptionalBox(std::nullopt_t) {}  // NOLINT: implicit, as std::optional's
  OptionalBox(T value) : box_(std::make_unique<T>(std::move(value))) {}  // NOLINT: as above
  OptionalBox(std::optional<T> value) {                                  // NOLINT: as above
    if (value) box_ = std::make_unique<T>(std::move(*value));
  }
  OptionalBox(const OptionalBox& other) : box_(other ? std::make_unique<T>(*other) : nullptr) {}
  OptionalBox(OptionalBox&&) noexcept = default;
  OptionalBox& operator=(const OptionalBox& other) {
    if (this != &other) box_ = other ? std::make_unique<T>(*other) : nullptr;
    return *this;
  }
  OptionalBox& operator=(OptionalBox&&) noexcept = default;
  ~OptionalBox() = default;

  template <class... Args>
  T& emplace(Args&&... args) {
    box_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *box_;
  }
  void reset() { box_.reset(); }

  bool has_value() const { return box_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() {
    assert(box_);
    return *box_;
  }
  const T& operator*() const {
    assert(box_);
    return *box_;
  }
  T* operator->() { return &**this; }
  const T* operator->() const { return &**this; }

 private:
  std::unique_ptr<T> box_;
};

}  // namespace ifkit
