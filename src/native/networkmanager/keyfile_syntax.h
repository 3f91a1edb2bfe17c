// SPDX-License-Identifier: LGPL-2.1-or-later
// The syntax of NetworkManager's keyfiles (GLib's key files, as NetworkManager reads them):
// text in, groups of keys out. No I/O.
//
// "[group]" headers; "key=value" lines, blanks around the key and before the value removed;
// lines starting with '#' (after blanks) are comments; no continuation lines. Values keep
// GLib's escapes resolved: \s \n \t \r \\. A later key of the same name in a group wins, and a
// group written twice is one group. Written by hand rather than with GLib's GKeyFile: the
// syntax is these few rules, and ifkit would otherwise link GLib for them alone; systemd's unit
// syntax (networkd/unit_syntax.h) differs in comments (';'), continuations and repeated
// sections, so it is not reused.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::native::networkmanager {

struct KeyfileEntry {
  std::string key;
  std::string value;
  int line = 0;
};

struct KeyfileGroup {
  std::string name;
  int line = 0;
  std::vector<KeyfileEntry> entries;  // one per key, the last value written
  const KeyfileEntry* find(std::string_view key) const;
  std::optional<std::string> value(std::string_view key) const;
};

struct Keyfile {
  std::vector<KeyfileGroup> groups;   // in the order of their first header
  std::vector<std::string> problems;  // "LINE: what"
  const KeyfileGroup* group(std::string_view name) const;
  // The first of several names a group may have ("ethernet", "802-3-ethernet").
  const KeyfileGroup* group(std::string_view name, std::string_view alias) const;
};

Keyfile parseKeyfile(std::string_view text);

}  // namespace ifkit::native::networkmanager
