// SPDX-License-Identifier: LGPL-2.1-or-later
// libedit, loaded when the interactive terminal starts rather than with every ifkit process.
//
//   const Libedit* edit = loadLibedit();
//   if (edit == nullptr) ...               // not installed: no line editing (the reason on stderr)
//   char* line = edit->readline("ifkit # ");
//
// Loading a shared library costs every process that links it, whether it uses it or not: libedit
// brings libtinfo, libbsd and libmd along, about a fifth of what starting `ifkit` costs, and only
// the interactive terminal edits lines. So the programs that carry their libraries
// (IFKIT_STATIC_DEPS) take the functions from themselves, and the others open libedit with
// dlopen on the first call here.
#pragma once

// libedit's readline emulation, for its types; its header wants <stdio.h> first.
#include <cstdio>

#include <editline/readline.h>

namespace ifkit::cli {

// The part of libedit's readline emulation the terminal uses: its functions, and its variables
// by address.
struct Libedit {
  char* (*readline)(const char* prompt);
  int (*add_history)(const char* line);
  void (*using_history)();
  void (*stifle_history)(int lines);
  int (*read_history)(const char* file);
  int (*write_history)(const char* file);
  int (*history_truncate_file)(const char* file, int lines);
  char** (*rl_completion_matches)(const char* text, rl_compentry_func_t* generator);
  const char** rl_readline_name;
  rl_completion_func_t** rl_attempted_completion_function;
  int* rl_attempted_completion_over;
  char** rl_line_buffer;
};

// libedit, loaded once; nullptr (and why, on stderr, once) when it cannot be.
const Libedit* loadLibedit();

}  // namespace ifkit::cli
