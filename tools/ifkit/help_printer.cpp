// SPDX-License-Identifier: LGPL-2.1-or-later
// commandHelp and groupHelp: virsh's help layout for ifkit's commands.
#include "help_printer.h"

#include <cstdio>

namespace ifkit::cli {
namespace {

std::string synopsisOf(const OptDef& o) {
  const std::string n(o.name);
  switch (o.type) {
    case OptType::Bool: return "[--" + n + "]";
    case OptType::Int: return o.required ? "<" + n + ">" : "[--" + n + " <number>]";
    case OptType::String: return "[--" + n + " <string>]";
    case OptType::Data: return o.required ? "<" + n + ">" : "[--" + n + " <string>]";
    case OptType::Argv: return o.required ? "<" + n + ">..." : "[<" + n + ">]...";
  }
  return n;
}

std::string labelOf(const OptDef& o) {
  const std::string n(o.name);
  switch (o.type) {
    case OptType::Bool: return "--" + n;
    case OptType::Int: return o.required ? "[--" + n + "] <number>" : "--" + n + " <number>";
    case OptType::String: return "--" + n + " <string>";
    case OptType::Data: return o.required ? "[--" + n + "] <string>" : "--" + n + " <string>";
    case OptType::Argv: return "<" + n + ">";
  }
  return n;
}

// Pads to `width` like printf's "%-*s".
std::string padded(std::string_view s, std::size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

}  // namespace

std::string commandHelp(const CommandDef& cmd) {
  std::string out = "  NAME\n    " + std::string(cmd.name) + " - " + std::string(cmd.help) + "\n";
  out += "\n  SYNOPSIS\n    " + std::string(cmd.name);
  for (const OptDef& o : cmd.opts) {
    out += ' ';
    out += synopsisOf(o);
  }
  out += "\n";
  if (!cmd.description.empty()) {
    out += "\n  DESCRIPTION\n";
    std::string_view d = cmd.description;
    while (!d.empty()) {
      const auto nl = d.find('\n');
      out += "    " + std::string(d.substr(0, nl)) + "\n";
      d = nl == std::string_view::npos ? std::string_view() : d.substr(nl + 1);
    }
  }
  if (!cmd.opts.empty()) {
    out += "\n  OPTIONS\n";
    for (const OptDef& o : cmd.opts)
      out += "    " + padded(labelOf(o), 15) + "  " + std::string(o.help) + "\n";
  }
  out += "\n";
  return out;
}

std::string groupHelp(const CommandGroup& group) {
  // Appended: GCC 12 takes `"literal" + std::string` for an overlapping copy (-Wrestrict).
  std::string out = " ";
  out.append(group.name).append(" (help keyword '").append(group.keyword).append("'):\n");
  for (const CommandDef& c : group.commands)
    out += "    " + padded(c.name, 30) + " " + std::string(c.help) + "\n";
  return out;
}

}  // namespace ifkit::cli
