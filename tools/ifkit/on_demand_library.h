// SPDX-License-Identifier: LGPL-2.1-or-later
// A shared library that the `ifkit` program opens when one of its functions is first called, not
// at start-up: libxml2 (libxml2_on_demand.cpp) and libyaml (libyaml_on_demand.cpp).
//
// Every shared library a program links is mapped and relocated before main, whether the process
// uses it or not; in a VM each page that costs is a page fault of 10 µs and more. So the program
// defines the functions of such a library that ifkit's layers call, each calling the library's
// own through a pointer looked up on its first call. Linked with --as-needed, the program then
// records no dependency on the library (the package depends on it: debian/control).
//
// Those definitions are compiled hidden (-fvisibility=hidden): they serve ifkit's own code and
// are never seen by the library, which calls its own functions. A function called by ifkit's code
// but not defined so is taken from the library at start-up, as before: correct, only no longer
// lazy (`ldd build/bin/ifkit` then lists the library).
#pragma once

#include <mutex>

namespace ifkit::cli {

class OnDemandLibrary {
 public:
  explicit constexpr OnDemandLibrary(const char* soname) : soname_(soname) {}

  // The library's `name`. The first call from any thread opens the library; a library or a
  // function missing ends the program with the reason, as a missing library at start-up would.
  void* symbol(const char* name);

 private:
  const char* soname_;
  std::once_flag opened_;
  void* handle_ = nullptr;
};

}  // namespace ifkit::cli

// The body of a function that stands for the library's function of the same name: the library's
// own, looked up once.
#define IFKIT_ON_DEMAND_CALL(library, name, ...)                                       \
  static auto* const real = reinterpret_cast<decltype(&name)>((library).symbol(#name)); \
  return real(__VA_ARGS__)
