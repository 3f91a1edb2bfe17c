// SPDX-License-Identifier: LGPL-2.1-or-later
// OnDemandLibrary: dlopen on the first symbol asked for, dlsym for each.
#include "on_demand_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace ifkit::cli {

void* OnDemandLibrary::symbol(const char* name) {
  std::call_once(opened_, [this] {
    handle_ = ::dlopen(soname_, RTLD_NOW | RTLD_LOCAL);  // never closed: used until the end
    if (handle_ == nullptr) {
      std::fprintf(stderr, "ifkit: cannot load %s: %s\n", soname_, ::dlerror());
      std::abort();
    }
  });
  void* found = ::dlsym(handle_, name);
  if (found == nullptr) {
    std::fprintf(stderr, "ifkit: %s has no %s\n", soname_, name);
    std::abort();
  }
  return found;
}

}  // namespace ifkit::cli
