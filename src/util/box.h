// SPDX-License-Identifier: LGPL-2.1-or-later
// Box<T>: a T kept on the heap, copied and compared as the T it holds.
//
// A variant is as large as its largest alternative. Where one alternative is large and rare
// and the variant is made by the thousand (a link's bond settings, host/live_state.h: 56
// bytes, in a vector of every link of the host), a Box of it costs the variant a pointer: every
// page of such a vector is written, and in a VM a page written costs 10 µs and more.
//
// It converts from a T implicitly, so that `details = bondInfo` still picks the boxed
// alternative. A Box moved from holds nothing and may only be destroyed or assigned to.
#pragma once

#include <memory>
#include <utility>

namespace ifkit {

template <class T>
class Box {
 public:
  Box() : value_(std::make_unique<T>()) {}
  Box(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit, as a T
  Box(const Box& other) : value_(std::make_unique<T>(*other)) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) value_ = std::make_unique<T>(*other);
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }

  friend bool operator==(const Box& a, const Box& b) { return *a == *b; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace ifkit
