// SPDX-License-Identifier: LGPL-2.1-or-later
// `iface-list --json` and `--details` on ifkit:///system, in a fresh network namespace and
// store: the JSON is parsed by Python's json module and compared with `ip -j` of the namespace.
// Needs root, like tests/system.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "run_process.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kEnv = {"LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp"};

// Python's json parses both documents; every listed interface must agree with ip's view of it
// (MAC, state, kind, addresses with prefix and family, members and their master), and every
// link ifkit lists must exist. Prints "ok", or what disagrees.
constexpr const char* kCompare = R"PY(
import json, sys
listed = json.load(open(sys.argv[1]))
links = {l["ifname"]: l for l in json.load(open(sys.argv[2]))}
problems = []
for entry in listed:
    assert set(entry) == {"name", "state", "mac", "kind", "master", "members", "start_mode",
                          "addresses"}, entry
    link = links.get(entry["name"])
    if link is None:
        problems.append("no link " + entry["name"]); continue
    kind = (link.get("linkinfo") or {}).get("info_kind")
    expect_kind = kind if kind in ("bridge", "bond", "vlan") else "ethernet"
    if entry["kind"] != expect_kind:
        problems.append("%s: kind %s, not %s" % (entry["name"], entry["kind"], expect_kind))
    if expect_kind == "ethernet" and entry["mac"] != link["address"]:
        problems.append("%s: mac %s, not %s" % (entry["name"], entry["mac"], link["address"]))
    state = "active" if "UP" in link["flags"] else "inactive"
    if entry["state"] != state:
        problems.append("%s: state %s, not %s" % (entry["name"], entry["state"], state))
    want = sorted(("ipv4" if a["family"] == "inet" else "ipv6", a["local"], a["prefixlen"])
                  for a in link.get("addr_info", []) if a.get("scope") == "global")
    got = sorted((a["family"], a["address"], a["prefix"]) for a in entry["addresses"])
    if got != want:
        problems.append("%s: addresses %s, not %s" % (entry["name"], got, want))
    ports = sorted(n for n, l in links.items() if l.get("master") == entry["name"])
    if sorted(entry["members"]) != ports:
        problems.append("%s: members %s, not %s" % (entry["name"], entry["members"], ports))
print("ok" if not problems else "\n".join(problems))
)PY";

class ListJsonSystemTest : public ::testing::Test {
 protected:
  ListJsonSystemTest() {
    static int counter = 0;
    base_ = fs::temp_directory_path() /
            ("ifkit-json-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(base_ / "store");
    // A bridge with a port and addresses of both families, a NIC with its own address, and a
    // NIC that is down.
    ns_.ip("link add br0 type bridge");
    ns_.ip("link add eth0 type veth peer name eth0-peer");
    ns_.ip("link set eth0 master br0");
    ns_.ip("address add 192.0.2.1/24 dev br0");
    ns_.ip("address add 2001:db8::1/64 dev br0 nodad");
    ns_.ip("link add eth1 type veth peer name eth1-peer");
    ns_.ip("address add 198.51.100.7/25 dev eth1");
    for (const char* up : {"br0", "eth0", "eth0-peer", "eth1", "eth1-peer"})
      ns_.ip(std::string("link set ") + up + " up");
  }
  ~ListJsonSystemTest() override { fs::remove_all(base_); }

  ProcessResult ifkit(const std::string& commands) {
    const std::string uri = test::systemUri(ns_.name(), base_ / "store");
    return runProcess({IFKIT_BIN, "-r", "-c", uri, commands}, kEnv);
  }

  std::string compareWithIp(const std::string& json) {
    std::ofstream(base_ / "ifkit.json") << json;
    std::ofstream(base_ / "ip.json") << ns_.ip("-j -d address show");
    const ProcessResult r =
        runProcess({"/usr/bin/python3", "-c", kCompare, (base_ / "ifkit.json").string(),
                    (base_ / "ip.json").string()},
                   kEnv);
    EXPECT_EQ(r.err, "");
    return r.out;
  }

  TestNetns ns_;
  fs::path base_;
};

TEST_F(ListJsonSystemTest, AgreesWithIp) {
  const ProcessResult r = ifkit("iface-list --all --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(compareWithIp(r.out), "ok\n") << r.out;
  // The bridge, both NICs' peers and eth1 are listed; the port is nested in its bridge.
  EXPECT_NE(r.out.find(R"("name":"br0")"), std::string::npos);
  EXPECT_NE(r.out.find(R"("members":["eth0"])"), std::string::npos);
  EXPECT_EQ(r.out.find(R"("name":"eth0")"), std::string::npos);
}

TEST_F(ListJsonSystemTest, InactiveOnesOnlyWithInactive) {
  ns_.ip("link set eth1 down");
  const ProcessResult r = ifkit("iface-list --inactive --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(compareWithIp(r.out), "ok\n") << r.out;
  EXPECT_NE(r.out.find(R"("name":"eth1","state":"inactive")"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(R"("name":"br0")"), std::string::npos) << r.out;
}

TEST_F(ListJsonSystemTest, DetailsShowKindMembersAndAddresses) {
  const ProcessResult r = ifkit("iface-list --details");
  ASSERT_EQ(r.status, 0) << r.err;
  std::string br0Row;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(" br0 ")) br0Row = line;
  EXPECT_NE(br0Row.find("bridge"), std::string::npos) << r.out;
  EXPECT_NE(br0Row.find(" eth0 "), std::string::npos) << r.out;
  EXPECT_NE(br0Row.find("192.0.2.1/24, 2001:db8::1/64"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace ifkit::test
