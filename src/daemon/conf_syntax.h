// SPDX-License-Identifier: LGPL-2.1-or-later
// The syntax of libvirt's daemon configuration files (libvirtd.conf, virtinterfaced.conf), which
// ifkitd.conf shares: one `name = value` a line, `#` to the end of a line is a comment, a value is
// a decimal integer (with an optional sign), a string in '...' or "..." (one line, no escapes) or
// """...""" (may span lines), or a list `[ value, value ]` (may span lines, may end with a comma).
// A statement may end with ';'.
//
//   auto entries = parseConfSyntax(text, "/etc/ifkit/ifkitd.conf");
//   // entries->at(0).key == "max_clients", .value.number == 64, .line == 12
//
// Only syntax: what a key means and which values it takes is daemon_config's job.
//
// Written by hand: Debian's configuration libraries read other grammars (libconfig has no
// single-quoted or triple-quoted strings and reads backslash escapes that libvirt takes
// literally; inih keeps the quotes in the value and has no lists), and the grammar is a dozen
// lines. fuzz/fuzz_conf_syntax.cpp feeds it arbitrary bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ifkit/error.h"

namespace ifkit::daemon {

struct ConfValue {
  enum class Kind { Number, String, List };
  Kind kind = Kind::Number;
  std::int64_t number = 0;
  std::string text;
  std::vector<ConfValue> items;  // a list's values

  bool operator==(const ConfValue&) const = default;
};

struct ConfEntry {
  std::string key;
  ConfValue value;
  int line = 0;  // where the key is, from 1
};

// Every statement in file order, or the first syntax error, worded as libvirt's
// ("configuration file syntax error: FILE:LINE: expecting a value"). A key set twice is an error.
Result<std::vector<ConfEntry>> parseConfSyntax(std::string_view text, const std::string& fileName);

}  // namespace ifkit::daemon
