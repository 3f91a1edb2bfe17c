// SPDX-License-Identifier: LGPL-2.1-or-later
// Every corpus case gives libvirt's output or libvirt's error, byte for byte (or ifkit's own
// expectation where DEVIATIONS.md says ifkit fixes a libvirt bug).
#include <gtest/gtest.h>

#include "conf/interface_xml.h"
#include "corpus.h"

namespace ifkit::conf {
namespace {

using testing::CorpusCase;
using testing::loadCorpus;
using testing::readFile;

std::string caseName(const ::testing::TestParamInfo<CorpusCase>& param) {
  return testing::testNameOf(param.param.name);
}

void expectCaseOutcome(const CorpusCase& c, bool validate) {
  ParseFlags flags;
  flags.validateSchema = validate;
  flags.schemaPath = IFKIT_LIBVIRT_SCHEMA;
  auto def = parseInterfaceXml(readFile(c.input), flags);
  if (c.output) {
    ASSERT_TRUE(def.ok()) << "rejected: " << def.error().message;
    EXPECT_EQ(formatInterfaceXml(*def), *c.output);
  } else {
    ASSERT_TRUE(c.error.has_value()) << "case has neither .out.xml nor .error.txt";
    ASSERT_FALSE(def.ok()) << "accepted, giving:\n" << formatInterfaceXml(*def);
    EXPECT_EQ(static_cast<int>(def.error().number), c.error->code);
    EXPECT_EQ(static_cast<int>(def.error().domain), c.error->domain);
    EXPECT_EQ(def.error().message, c.error->message);
  }
}

class ValidCase : public ::testing::TestWithParam<CorpusCase> {};
TEST_P(ValidCase, MatchesLibvirt) { expectCaseOutcome(GetParam(), false); }
INSTANTIATE_TEST_SUITE_P(Corpus, ValidCase, ::testing::ValuesIn(loadCorpus("xml")),
                         caseName);

class InvalidCase : public ::testing::TestWithParam<CorpusCase> {};
TEST_P(InvalidCase, RejectedLikeLibvirt) { expectCaseOutcome(GetParam(), false); }
INSTANTIATE_TEST_SUITE_P(Corpus, InvalidCase, ::testing::ValuesIn(loadCorpus("xml-invalid")),
                         caseName);

class ValidateFlagCase : public ::testing::TestWithParam<CorpusCase> {};
TEST_P(ValidateFlagCase, MatchesLibvirtWithSchemaCheck) { expectCaseOutcome(GetParam(), true); }
INSTANTIATE_TEST_SUITE_P(Corpus, ValidateFlagCase, ::testing::ValuesIn(loadCorpus("xml-validate")),
                         caseName);

// The corpus must be there: an empty glob would pass vacuously.
TEST(Corpus, HasEveryCase) {
  EXPECT_EQ(loadCorpus("xml").size(), 254u);
  EXPECT_EQ(loadCorpus("xml-invalid").size(), 129u);
  EXPECT_EQ(loadCorpus("xml-validate").size(), 15u);
}

}  // namespace
}  // namespace ifkit::conf
