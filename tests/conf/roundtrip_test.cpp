// SPDX-License-Identifier: LGPL-2.1-or-later
// Parse and format are inverses: every output of ifkit is well-formed, parses back to the same
// model and formats to the same bytes (DEVIATIONS.md D1 makes this hold for every input).
#include <gtest/gtest.h>

#include "conf/interface_xml.h"
#include "corpus.h"

namespace ifkit::conf {
namespace {

using testing::CorpusCase;

class RoundTrip : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(RoundTrip, FormatIsAFixedPointOfParse) {
  auto first = parseInterfaceXml(testing::readFile(GetParam().input));
  ASSERT_TRUE(first.ok()) << first.error().message;
  const std::string text = formatInterfaceXml(*first);
  auto second = parseInterfaceXml(text);
  ASSERT_TRUE(second.ok()) << second.error().message << "\n" << text;
  EXPECT_EQ(*second, *first) << text;
  EXPECT_EQ(formatInterfaceXml(*second), text);
}

// The accepted cases (the three bad-stp cases are rejected on purpose: DEVIATIONS.md D2).
std::vector<CorpusCase> acceptedCases() {
  std::vector<CorpusCase> out;
  for (auto& c : testing::loadCorpus("xml"))
    if (c.output) out.push_back(std::move(c));
  return out;
}

INSTANTIATE_TEST_SUITE_P(Corpus, RoundTrip, ::testing::ValuesIn(acceptedCases()),
                         [](const ::testing::TestParamInfo<CorpusCase>& param) {
                           return testing::testNameOf(param.param.name);
                         });

}  // namespace
}  // namespace ifkit::conf
