// SPDX-License-Identifier: LGPL-2.1-or-later
// loadLibedit: from the program itself (IFKIT_STATIC_DEPS), or from libedit's shared library.
#include "libedit_loader.h"

#ifdef IFKIT_LIBEDIT_SONAME
#include <dlfcn.h>

#include <type_traits>
#endif

namespace ifkit::cli {
namespace {

#ifdef IFKIT_LIBEDIT_SONAME

// Each symbol by name; a library without all of them is not the libedit ifkit was built for.
bool resolve(void* library, Libedit& edit) {
  bool all = true;
  auto find = [&](auto& slot, const char* name) {
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr) all = false;
    slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(symbol);
  };
  find(edit.readline, "readline");
  find(edit.add_history, "add_history");
  find(edit.using_history, "using_history");
  find(edit.stifle_history, "stifle_history");
  find(edit.read_history, "read_history");
  find(edit.write_history, "write_history");
  find(edit.history_truncate_file, "history_truncate_file");
  find(edit.rl_completion_matches, "rl_completion_matches");
  find(edit.rl_readline_name, "rl_readline_name");
  find(edit.rl_attempted_completion_function, "rl_attempted_completion_function");
  find(edit.rl_attempted_completion_over, "rl_attempted_completion_over");
  find(edit.rl_line_buffer, "rl_line_buffer");
  return all;
}

const Libedit* load() {
  static Libedit edit{};
  void* library = ::dlopen(IFKIT_LIBEDIT_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    std::fprintf(stderr, "warning: no line editing: %s\n", ::dlerror());
    return nullptr;
  }
  if (!resolve(library, edit)) {
    std::fprintf(stderr, "warning: no line editing: %s lacks readline's functions\n",
                 IFKIT_LIBEDIT_SONAME);
    return nullptr;
  }
  return &edit;  // never closed: the terminal uses it until the process ends
}

#else

const Libedit* load() {
  static const Libedit edit{
      &::readline,
      &::add_history,
      &::using_history,
      &::stifle_history,
      &::read_history,
      &::write_history,
      &::history_truncate_file,
      &::rl_completion_matches,
      &::rl_readline_name,
      &::rl_attempted_completion_function,
      &::rl_attempted_completion_over,
      &::rl_line_buffer,
  };
  return &edit;
}

#endif

}  // namespace

const Libedit* loadLibedit() {
  static const Libedit* const loaded = load();
  return loaded;
}

}  // namespace ifkit::cli
