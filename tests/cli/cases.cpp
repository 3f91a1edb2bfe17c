// SPDX-License-Identifier: LGPL-2.1-or-later
// loadCases: read cases.txt and the corpus folders into named differential cases.
#include "cases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace ifkit::test {
namespace {

namespace fs = std::filesystem;

const std::string kShared = IFKIT_SHARED_DIR;
const std::string kCliDir = IFKIT_CLI_TEST_DIR;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string substitute(std::string s) {
  return replaceAll(std::move(s), {
                                      {"@XML@", kShared + "/conformance/xml"},
                                      {"@INVALID@", kShared + "/conformance/xml-invalid"},
                                      {"@VALIDATE@", kShared + "/conformance/xml-validate"},
                                      {"@DATA@", kCliDir + "/data"},
                                      {"@NL@", "\n"},  // a line feed inside a command string
                                  });
}

std::string safeName(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::optional<Expected> loadExpected(const std::string& name) {
  const fs::path base = fs::path(kCliDir) / "expected" / name;
  if (!fs::exists(base.string() + ".rc")) return std::nullopt;
  Expected e;
  e.out = substitute(slurp(base.string() + ".out"));
  e.err = substitute(slurp(base.string() + ".err"));
  e.status = std::stoi(slurp(base.string() + ".rc"));
  return e;
}

std::vector<std::string> prefixed(std::vector<std::string> args) {
  if (!args.empty() && args[0] == "!raw") {
    args.erase(args.begin());
    return args;
  }
  args.insert(args.begin(), {"-c", "test:///default"});
  return args;
}

// Corpus cases that ifkit's conf layer answers differently on purpose
// (../shared/conformance/DEVIATIONS.md, D1-D3); tests/conf holds their expectations.
bool isConfDeviation(const fs::path& file) {
  const std::string stem = file.stem().string();
  if (stem.starts_with("quirk-") || stem == "name-charrefs") return true;
  fs::path error = file;
  error.replace_extension(".error.txt");
  return fs::exists(error) &&
         slurp(error).find("An error occurred, but the cause is unknown") != std::string::npos;
}

std::vector<fs::path> inputs(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string n = entry.path().filename().string();
    if (n.ends_with(".xml") && !n.ends_with(".out.xml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Valid documents: define, list, and dump (when the name is a plain word, usable unquoted).
void addCorpus(std::vector<CliCase>& cases) {
  const std::regex plainName("name='([A-Za-z0-9_.:-]+)'");
  for (const fs::path& f : inputs(kShared + "/conformance/xml")) {
    if (isConfDeviation(f)) continue;
    std::string cmd = "iface-define " + f.string() + "; iface-list --all";
    fs::path out = f;
    out.replace_extension(".out.xml");
    const std::string firstLine = slurp(out).substr(0, slurp(out).find('\n'));
    std::smatch m;
    if (std::regex_search(firstLine, m, plainName)) cmd += "; iface-dumpxml " + m[1].str();
    const std::string name = "xml_" + safeName(f.stem().string());
    cases.push_back({name, prefixed({cmd}), std::nullopt, loadExpected(name)});
  }
  for (const fs::path& f : inputs(kShared + "/conformance/xml-invalid")) {
    if (isConfDeviation(f)) continue;
    cases.push_back({"invalid_" + safeName(f.stem().string()),
                     prefixed({"iface-define " + f.string() + "; iface-list --all"}), std::nullopt,
                     std::nullopt});
  }
  for (const fs::path& f : inputs(kShared + "/conformance/xml-validate")) {
    if (isConfDeviation(f)) continue;
    cases.push_back({"validate_" + safeName(f.stem().string()),
                     prefixed({"iface-define --validate " + f.string()}), std::nullopt,
                     std::nullopt});
  }
}

}  // namespace

std::string replaceAll(std::string text,
                       const std::vector<std::pair<std::string, std::string>>& replacements) {
  for (const auto& [from, to] : replacements)
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

std::vector<CliCase> loadCases() {
  std::vector<CliCase> cases;
  std::ifstream in(kCliDir + "/cases.txt");
  std::string line;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      const auto tab = line.find('\t', start);
      fields.push_back(substitute(line.substr(start, tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    CliCase c;
    c.name = safeName(fields[0]);
    if (!seen.insert(c.name).second) c.name += "_DUPLICATE_NAME";  // fails: names must be unique
    std::vector<std::string> args(fields.begin() + 1, fields.end());
    for (auto it = args.begin(); it != args.end();) {
      if (it->starts_with("!stdin:")) {
        c.input = it->substr(7);
        it = args.erase(it);
      } else {
        ++it;
      }
    }
    c.args = prefixed(std::move(args));
    c.expected = loadExpected(fields[0]);
    cases.push_back(std::move(c));
  }
  addCorpus(cases);
  return cases;
}

}  // namespace ifkit::test
