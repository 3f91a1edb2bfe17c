// SPDX-License-Identifier: LGPL-2.1-or-later
// `ifkit [-c URI] [-r] complete -- WORD...`: what the last WORD can become after the words
// before it, one candidate a line. The bash and zsh completions call it, as virsh's call
// `virsh complete`; it answers from the interactive shell's completion (completeWord), so both
// offer the same commands, options and interface names.
//
//   ifkit complete -- iface-st             -> iface-start
//   ifkit complete -- iface-list --a       -> --all
//   ifkit -c test:///default complete -- iface-mac ''   -> eth1
#pragma once

#include <cstdio>
#include <span>
#include <string>

namespace ifkit::cli {

// Not a command of the table: it is hidden from `help`, from completion and from command
// strings, and it connects (quietly) only when the word names an interface. Whatever goes
// wrong, it prints no error (a shell's completion must not scribble on the command line) and
// returns 0; a word that is a file name (iface-define FILE) gets no candidates, so that the
// shell falls back to completing file names.
int runComplete(std::span<char* const> words, const std::string& uri, bool readOnly,
                std::FILE* out);

}  // namespace ifkit::cli
