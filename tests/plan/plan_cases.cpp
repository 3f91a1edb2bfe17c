// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/plan_cases.cpp: finding, reading and comparing the golden case directories.
#include "plan_cases.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "conf/interface_xml.h"
#include "live_fixture.h"

namespace ifkit::plan::test {

namespace fs = std::filesystem;

std::vector<std::string> caseNames(bool withErrorCases) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(IFKIT_PLAN_CASES_DIR)) {
    if (!entry.is_directory()) continue;
    if (!withErrorCases && fs::exists(entry.path() / "start.error")) continue;
    out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

PlanCase loadCase(const std::string& name) {
  PlanCase c;
  c.name = name;
  c.dir = std::string(IFKIT_PLAN_CASES_DIR) + "/" + name;
  auto def = conf::parseInterfaceXml(readFile(c.dir + "/definition.xml"));
  if (!def) throw std::runtime_error(name + ": definition.xml: " + def.error().message);
  c.def = std::move(*def);
  c.live = readLiveFixture(readFile(c.dir + "/live.txt"));
  c.expectsError = fs::exists(c.dir + "/start.error");
  return c;
}

std::string testNameOf(const std::string& name) {
  std::string out = name;
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

void expectGolden(const std::string& path, const std::string& actual) {
  if (const char* update = std::getenv("IFKIT_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path) << actual;
    return;
  }
  std::string expected;
  try {
    expected = readFile(path);
  } catch (const std::runtime_error& e) {
    ADD_FAILURE() << e.what() << "; actual:\n" << actual;
    return;
  }
  EXPECT_EQ(expected, actual) << "golden file " << path;
}

host::LiveState normalized(host::LiveState st) {
  auto addressKey = [](const host::Address& a) {
    return std::tuple(a.index, a.prefix.address.family, a.prefix.address.bytes, a.prefix.length);
  };
  std::sort(st.addresses.begin(), st.addresses.end(),
            [&](const auto& a, const auto& b) { return addressKey(a) < addressKey(b); });
  auto routeKey = [](const host::Route& r) {
    return std::tuple(r.family, r.oifIndex,
                      r.gateway ? r.gateway->bytes : decltype(r.gateway->bytes){});
  };
  std::sort(st.defaultRoutes.begin(), st.defaultRoutes.end(),
            [&](const auto& a, const auto& b) { return routeKey(a) < routeKey(b); });
  auto staticKey = [](const host::StaticRoute& r) {
    return std::tuple(r.oifIndex, r.destination.address.family, r.destination.address.bytes,
                      r.destination.length, r.metric);
  };
  std::sort(st.staticRoutes.begin(), st.staticRoutes.end(),
            [&](const auto& a, const auto& b) { return staticKey(a) < staticKey(b); });
  return st;
}

}  // namespace ifkit::plan::test
