// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/networkd/unit_syntax.h"

#include "native/words.h"

namespace ifkit::native::networkd {

std::optional<std::string> Section::last(std::string_view key) const {
  std::optional<std::string> value;
  for (const Setting& setting : settings)
    if (setting.key == key) value = setting.value;
  return value;
}

std::vector<std::string> Section::all(std::string_view key) const {
  std::vector<std::string> values;
  for (const Setting& setting : settings) {
    if (setting.key != key) continue;
    if (setting.value.empty()) values.clear();
    else values.push_back(setting.value);
  }
  return values;
}

std::vector<const Section*> ParsedUnit::sectionsNamed(std::string_view name) const {
  std::vector<const Section*> found;
  for (const Section& section : sections)
    if (section.name == name) found.push_back(&section);
  return found;
}

ParsedUnit parseUnitText(std::string_view text) {
  ParsedUnit parsed;
  int lineNumber = 0;
  std::string pending;  // a setting continued over lines
  int pendingLine = 0;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view raw = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++lineNumber;
    std::string_view line = trimBlanks(raw);
    if (pending.empty()) {
      if (line.empty() || line.front() == '#' || line.front() == ';') continue;
      pendingLine = lineNumber;
    } else if (!line.empty() && (line.front() == '#' || line.front() == ';')) {
      continue;  // a comment inside a continued setting is skipped, as systemd does
    }
    if (!line.empty() && line.back() == '\\') {
      pending.append(line.substr(0, line.size() - 1));
      pending.push_back(' ');
      continue;
    }
    pending.append(line);
    std::string whole = std::move(pending);
    pending.clear();
    if (whole.empty()) continue;
    if (whole[0] == '[') {
      if (whole.back() != ']') {
        parsed.problems.push_back({pendingLine, "malformed section header '" + whole + "'"});
        continue;
      }
      parsed.sections.push_back({whole.substr(1, whole.size() - 2), {}, pendingLine});
      continue;
    }
    auto equals = whole.find('=');
    if (equals == std::string::npos) {
      parsed.problems.push_back({pendingLine, "missing '=' in '" + whole + "'"});
      continue;
    }
    if (parsed.sections.empty()) {
      parsed.problems.push_back({pendingLine, "setting outside of a section"});
      continue;
    }
    parsed.sections.back().settings.push_back(
        {std::string(trimBlanks(std::string_view(whole).substr(0, equals))),
         std::string(trimBlanks(std::string_view(whole).substr(equals + 1))), pendingLine});
  }
  return parsed;
}

}  // namespace ifkit::native::networkd
