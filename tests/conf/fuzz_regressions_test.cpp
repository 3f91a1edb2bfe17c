// SPDX-License-Identifier: LGPL-2.1-or-later
// Replays every input the fuzzer ever found a fault with (fuzz/regressions/) and the whole
// conformance corpus through the fuzzer's own property, in the ordinary build.
#include <gtest/gtest.h>

#include <filesystem>

#include "corpus.h"
#include "interface_xml_property.h"

namespace ifkit::fuzz {
namespace {

namespace fs = std::filesystem;

void expectPropertyHolds(const fs::path& file) {
  const std::string bytes = testing::readFile(file);
  EXPECT_EQ(checkInterfaceXmlProperty(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                      bytes.size()),
            "")
      << file;
}

TEST(FuzzProperty, HoldsForEveryRegressionInput) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(IFKIT_FUZZ_REGRESSIONS_DIR)) {
    if (entry.path().filename() == "README.md") continue;
    expectPropertyHolds(entry.path());
    ++count;
  }
  RecordProperty("inputs", count);
}

TEST(FuzzProperty, HoldsForEveryCorpusInput) {
  int count = 0;
  for (const char* folder : {"xml", "xml-invalid", "xml-validate"})
    for (const auto& c : testing::loadCorpus(folder)) {
      expectPropertyHolds(c.input);
      ++count;
    }
  EXPECT_EQ(count, 254 + 129 + 15);
}

}  // namespace
}  // namespace ifkit::fuzz
