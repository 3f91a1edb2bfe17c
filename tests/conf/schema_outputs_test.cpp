// SPDX-License-Identifier: LGPL-2.1-or-later
// Every output ifkit formats validates against libvirt's own schema (interface.rng) with
// xmllint, whenever its input does: the schema is the independent oracle, not ifkit's reader.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "conf/interface_xml.h"
#include "corpus.h"

namespace ifkit::conf {
namespace {

namespace fs = std::filesystem;
using testing::CorpusCase;

bool xmllintAccepts(const fs::path& file) {
  const std::string command = "xmllint --noout --relaxng '" IFKIT_LIBVIRT_SCHEMA "' '" +
                              file.string() + "' >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  return status == 0;
}

class SchemaOutputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(std::system("command -v xmllint >/dev/null"), 0) << "xmllint (libxml2-utils) missing";
    ASSERT_TRUE(fs::exists(IFKIT_LIBVIRT_SCHEMA)) << "libvirt's schema (libvirt0) missing";
  }
};

// The cases whose libvirt output fails the schema, as conformance/report.txt records them.
std::set<std::string> casesLibvirtOutputsInvalid() {
  std::istringstream report(testing::readFile(testing::sharedDir() / "conformance/report.txt"));
  std::set<std::string> names;
  std::string line;
  bool inList = false;
  while (std::getline(report, line)) {
    if (line.starts_with("xml/ outputs that fail")) {
      inList = true;
    } else if (inList && line.starts_with("  ")) {
      names.insert(line.substr(2));
    } else if (inList) {
      break;
    }
  }
  return names;
}

// Every output is schema-valid whenever its input is, and whenever libvirt's own output for the
// same input is: ifkit's outputs fail the schema only where libvirt's do.
TEST_F(SchemaOutputs, OutputIsSchemaValidWheneverInputOrLibvirtOutputIs) {
  const std::set<std::string> libvirtInvalid = casesLibvirtOutputsInvalid();
  ASSERT_EQ(libvirtInvalid.size(), 38u);
  const fs::path dir = fs::temp_directory_path() / ("ifkit-schema-" + std::to_string(getpid()));
  fs::create_directories(dir);
  int checkedValid = 0;
  for (const CorpusCase& c : testing::loadCorpus("xml")) {
    auto def = parseInterfaceXml(testing::readFile(c.input));
    if (!def.ok()) continue;  // a deviation case that ifkit rejects
    if (libvirtInvalid.count(c.name) != 0 && !xmllintAccepts(c.input)) continue;
    const fs::path out = dir / (c.name + ".xml");
    std::ofstream(out, std::ios::binary) << formatInterfaceXml(*def);
    EXPECT_TRUE(xmllintAccepts(out)) << c.name << ": output fails interface.rng";
    ++checkedValid;
  }
  fs::remove_all(dir);
  // 254 cases, less the 38 that libvirt's schema rejects in and out, less the three bad-stp
  // cases that ifkit rejects (DEVIATIONS.md D2).
  EXPECT_EQ(checkedValid, 254 - 38 - 3);
}

}  // namespace
}  // namespace ifkit::conf
