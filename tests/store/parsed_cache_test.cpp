// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/store/parsed_cache_test.cpp: the .parsed file's format (store/parsed_cache.h): every
// definition of the conformance corpus comes back as it went in, and damaged bytes come back as
// nothing, never as a wrong definition or a crash. The store's use of the file is store_test's.
#include "store/parsed_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "conf/interface_xml.h"
#include "corpus.h"

namespace ifkit::store {
namespace {

// Every definition libvirt accepts in the corpus (../shared/conformance/xml), by its file.
ParsedDefinitions corpusDefinitions() {
  ParsedDefinitions all;
  for (const testing::CorpusCase& c : testing::loadCorpus("xml")) {
    const std::string text = testing::readFile(c.input);
    auto def = conf::parseInterfaceXml(text);
    if (def) all[c.name + ".xml"] = ParsedDefinition{text, std::move(*def)};
  }
  return all;
}

TEST(ParsedCache, EveryDefinitionOfTheCorpusComesBackAsItWentIn) {
  const ParsedDefinitions all = corpusDefinitions();
  ASSERT_GT(all.size(), 200u) << "the corpus was not found";
  const auto back = decodeParsedDefinitions(encodeParsedDefinitions(all));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), all.size());
  for (const auto& [file, parsed] : all) {
    const auto found = back->find(file);
    ASSERT_NE(found, back->end()) << file;
    EXPECT_EQ(found->second.text, parsed.text) << file;
    EXPECT_EQ(found->second.def, parsed.def) << file;
  }
}

TEST(ParsedCache, NoDefinitionsIsAFileToo) {
  const auto back = decodeParsedDefinitions(encodeParsedDefinitions({}));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->empty());
}

// A bridge over a bond over ethernets with every optional part set, and texts with the bytes a
// format could trip on (spaces, colons, digits, a line feed, a NUL).
ParsedDefinitions awkwardDefinitions() {
  auto def = conf::parseInterfaceXml(
      "<interface type='bridge' name='br 0:1'><start mode='hotplug'/><mtu size='9000'/>"
      "<protocol family='ipv4'><dhcp peerdns='no'/><ip address='10:0' prefix='-3'/>"
      "<route gateway='1 2'/></protocol><protocol family='ipv6'><autoconf/></protocol>"
      "<bridge stp='on' delay='0.5 s'><interface type='bond' name='bond0'>"
      "<link speed='1000' state='down'/><bond mode='802.3ad'><arpmon interval='-1' "
      "target='1.2.3.4' validate='backup'/><interface type='ethernet' name='eth0'>"
      "<mac address='52:54:00:AB:CD:EF'/></interface></bond></interface>"
      "<interface type='vlan' name='v.7'><vlan tag='07'><interface name='eth1'/></vlan>"
      "</interface></bridge></interface>");
  EXPECT_TRUE(def.ok()) << def.error().message;
  ParsedDefinitions all;
  all["br 0:1.xml"] = ParsedDefinition{std::string("12 :\n\0 x", 8), *def};
  auto bond = conf::parseInterfaceXml(
      "<interface type='bond' name='bond1'><bond><miimon freq='100' downdelay='200' "
      "updelay='300' carrier='netif'/><interface type='ethernet' name='eth2'/></bond>"
      "</interface>");
  EXPECT_TRUE(bond.ok()) << bond.error().message;
  all["bond1.xml"] = ParsedDefinition{"", *bond};
  return all;
}

TEST(ParsedCache, TextsAndValuesAFormatCouldTripOnComeBack) {
  const ParsedDefinitions all = awkwardDefinitions();
  const auto back = decodeParsedDefinitions(encodeParsedDefinitions(all));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), all.size());
  for (const auto& [file, parsed] : all) {
    EXPECT_EQ(back->at(file).text, parsed.text) << file;
    EXPECT_EQ(back->at(file).def, parsed.def) << file;
  }
}

TEST(ParsedCache, AFileCutShortIsNothing) {
  const std::string bytes = encodeParsedDefinitions(awkwardDefinitions());
  for (std::size_t size = 0; size < bytes.size(); ++size)
    EXPECT_FALSE(decodeParsedDefinitions(bytes.substr(0, size)).has_value()) << size;
  EXPECT_FALSE(decodeParsedDefinitions(bytes + "0 ").has_value());  // and one with more
}

TEST(ParsedCache, AnotherFormatIsNothing) {
  std::string bytes = encodeParsedDefinitions(awkwardDefinitions());
  bytes[bytes.find('\n') - 1] = '0';  // the header's format number
  EXPECT_FALSE(decodeParsedDefinitions(bytes).has_value());
}

TEST(ParsedCache, AnyByteChangedIsReadSafely) {
  // Whatever a damaged file holds: no crash (the sanitizers' builds run this too), and what does
  // decode is a set of definitions that encodes and decodes to itself.
  const std::string bytes = encodeParsedDefinitions(awkwardDefinitions());
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (char c : {'0', '9', ':', ' ', '-', '\xff'}) {
      std::string damaged = bytes;
      damaged[at] = c;
      const auto back = decodeParsedDefinitions(damaged);
      if (!back) continue;
      const auto again = decodeParsedDefinitions(encodeParsedDefinitions(*back));
      ASSERT_TRUE(again.has_value()) << at;
      for (const auto& [file, parsed] : *back) EXPECT_EQ(again->at(file).def, parsed.def) << at;
    }
  }
}

// fuzz/fuzz_parsed_cache.cpp starts from these: files as ifkit writes them, not noise.
TEST(ParsedCache, TheFuzzersSeedsAreFilesItReads) {
  std::size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(IFKIT_PARSED_CACHE_SEEDS_DIR)) {
    ++seeds;
    const auto back = decodeParsedDefinitions(testing::readFile(entry.path()));
    ASSERT_TRUE(back.has_value()) << entry.path();
    EXPECT_EQ(encodeParsedDefinitions(*back), testing::readFile(entry.path())) << entry.path();
  }
  EXPECT_GE(seeds, 3u);
}

}  // namespace
}  // namespace ifkit::store
