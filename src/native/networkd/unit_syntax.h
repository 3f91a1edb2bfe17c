// SPDX-License-Identifier: LGPL-2.1-or-later
// The syntax of systemd's configuration files (.network, .netdev, their drop-ins): text in,
// sections of settings out. No I/O.
//
// As systemd.syntax(7) has it: "[Section]" headers; "Key=Value" settings, blanks around the key
// and the value removed; lines starting with '#' or ';' are comments; a line ending in a
// backslash continues on the next, the backslash replaced by a space. A section may appear
// several times ([Address] once per address): each appearance is its own section here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::native::networkd {

struct Setting {
  std::string key;
  std::string value;
  int line = 0;
};

struct Section {
  std::string name;  // without the brackets
  std::vector<Setting> settings;
  int line = 0;
  // The last value of `key` (later settings override earlier ones), if any.
  std::optional<std::string> last(std::string_view key) const;
  // Every value of `key`, in order, an empty value clearing the ones before it (list settings).
  std::vector<std::string> all(std::string_view key) const;
};

struct UnitProblem {
  int line = 0;
  std::string message;
};

struct ParsedUnit {
  std::vector<Section> sections;
  std::vector<UnitProblem> problems;
  // Every appearance of the section `name`.
  std::vector<const Section*> sectionsNamed(std::string_view name) const;
};

ParsedUnit parseUnitText(std::string_view text);

}  // namespace ifkit::native::networkd
