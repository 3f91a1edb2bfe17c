// SPDX-License-Identifier: LGPL-2.1-or-later
// Loads the conformance corpus and ifkit's own expectations for the deviation cases.
#include "corpus.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ifkit::testing {
namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path sharedDir() { return fs::path(IFKIT_SHARED_DIR); }

namespace {

ExpectedError parseErrorFile(const std::string& text, const fs::path& path) {
  ExpectedError e;
  const auto firstBreak = text.find('\n');
  if (firstBreak == std::string::npos ||
      std::sscanf(text.c_str(), "code=%d domain=%d", &e.code, &e.domain) != 2)
    throw std::runtime_error("malformed error file " + path.string());
  e.message = text.substr(firstBreak + 1);
  if (!e.message.empty() && e.message.back() == '\n') e.message.pop_back();
  return e;
}

void loadExpectation(CorpusCase& c, const fs::path& dir) {
  const fs::path out = dir / (c.name + ".out.xml");
  const fs::path err = dir / (c.name + ".error.txt");
  if (fs::exists(out)) c.output = readFile(out);
  if (fs::exists(err)) c.error = parseErrorFile(readFile(err), err);
}

}  // namespace

std::vector<CorpusCase> loadCorpus(const std::string& folder) {
  const fs::path dir = sharedDir() / "conformance" / folder;
  const fs::path ours = fs::path(IFKIT_EXPECTED_DIR);
  std::vector<CorpusCase> cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (file.size() < 4 || file.ends_with(".out.xml") || !file.ends_with(".xml")) continue;
    CorpusCase c;
    c.name = file.substr(0, file.size() - 4);
    c.input = entry.path();
    if (fs::exists(ours / (c.name + ".out.xml")) || fs::exists(ours / (c.name + ".error.txt"))) {
      c.deviates = true;
      loadExpectation(c, ours);
    } else {
      loadExpectation(c, dir);
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const CorpusCase& a, const CorpusCase& b) { return a.name < b.name; });
  return cases;
}

std::string testNameOf(const std::string& caseName) {
  std::string out;
  for (char c : caseName) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

}  // namespace ifkit::testing
