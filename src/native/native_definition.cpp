// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/native_definition.h"

#include <algorithm>

#include "conf/interface_xml.h"

namespace ifkit::native {

std::string describe(const SourceLines& where) {
  if (where.firstLine == 0) return where.file;  // the whole file
  std::string text = where.file + ":" + std::to_string(where.firstLine);
  if (where.lastLine > where.firstLine) text.append("-").append(std::to_string(where.lastLine));
  return text;
}

namespace {

// Comment text cannot hold "--" nor end in '-'; a hook command may well contain them.
std::string commentSafe(std::string text) {
  for (std::size_t at; (at = text.find("--")) != std::string::npos;) text.replace(at, 2, "- -");
  if (!text.empty() && text.back() == '-') text.push_back(' ');
  return text;
}

}  // namespace

std::string formatNativeXml(const NativeDefinition& native) {
  std::string xml = conf::formatInterfaceXml(native.def);
  std::string owner = "configured by " + native.manager;
  for (std::size_t i = 0; i < native.sources.size(); ++i)
    owner += (i == 0 ? ": " : ", ") + describe(native.sources[i]);
  std::string comments = "  <!-- " + commentSafe(owner) + " -->\n";
  for (const std::string& what : native.unexpressed)
    comments += "  <!-- not expressed: " + commentSafe(what) + " -->\n";
  auto firstLineEnd = xml.find('\n');
  if (firstLineEnd == std::string::npos) return xml;
  // An element without children is printed as one line, "<interface .../>": open it.
  if (xml.compare(firstLineEnd - 2, 2, "/>") == 0) {
    std::string open = xml.substr(0, firstLineEnd - 2) + ">\n";
    return open + comments + "</interface>\n";
  }
  return xml.insert(firstLineEnd + 1, comments);
}

void sortByName(NativeConfiguration& configuration) {
  std::sort(configuration.definitions.begin(), configuration.definitions.end(),
            [](const auto& a, const auto& b) { return a.def.name < b.def.name; });
}

}  // namespace ifkit::native
