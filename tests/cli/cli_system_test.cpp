// SPDX-License-Identifier: LGPL-2.1-or-later
// iface-bridge, iface-unbridge, iface-edit and iface-dumpxml --xpath on ifkit:///system, in a
// fresh network namespace and store per test: what the command prints, its exit status, the
// definition bytes it leaves in the store and, for the start paths, the kernel's view (ip -j).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "run_process.h"
#include "system_uri.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const fs::path& path, const std::string& text, fs::perms perms) {
  std::ofstream(path, std::ios::binary) << text;
  fs::permissions(path, perms);
}

class CliSystemTest : public ::testing::Test {
 protected:
  CliSystemTest() {
    static int counter = 0;
    base_ = fs::temp_directory_path() /
            ("ifkit-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(base_ / "store");
    fs::create_directories(base_ / "tmp");
    ns_.ip("link add eth0 type veth peer name eth0-peer");
    mac_ = ns_.ipJson("link show eth0")[0]["address"].str();
  }
  ~CliSystemTest() override { fs::remove_all(base_); }

  fs::path store() const { return base_ / "store"; }
  fs::path tmp() const { return base_ / "tmp"; }
  std::string uri() const { return test::systemUri(ns_.name(), store()); }

  // ifkit -c URI 'commands', with a fixed environment plus `extraEnv` (EDITOR=...).
  ProcessResult ifkit(const std::string& commands, std::vector<std::string> extraEnv = {}) {
    std::vector<std::string> env = {"LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=/tmp",
                                    "TMPDIR=" + tmp().string()};
    env.insert(env.end(), extraEnv.begin(), extraEnv.end());
    return runProcess({IFKIT_BIN, "-c", uri(), commands}, env);
  }

  // An executable script under the test's directory, for EDITOR.
  std::string script(const std::string& name, const std::string& body) {
    const fs::path path = base_ / name;
    writeFile(path, "#!/bin/sh\n" + body + "\n", fs::perms::owner_all);
    return path.string();
  }

  void define(const std::string& name, const std::string& xml) {
    writeFile(base_ / (name + ".xml"), xml, fs::perms::owner_read | fs::perms::owner_write);
    ProcessResult r = ifkit("iface-define " + (base_ / (name + ".xml")).string());
    ASSERT_EQ(r.status, 0) << r.err;
  }

  bool hasLink(const std::string& name) const {
    for (const Json& link : ns_.ipJson("link show").items())
      if (link["ifname"].str() == name) return true;
    return false;
  }

  TestNetns ns_;
  fs::path base_;
  std::string mac_;
};

const std::string kEth0Def =
    "<interface type='ethernet' name='eth0'>\n"
    "  <start mode='onboot'/>\n"
    "  <mtu size='1400'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.0.2.1' prefix='24'/>\n"
    "  </protocol>\n"
    "  <mac address='52:54:00:aa:00:01'/>\n"
    "</interface>\n";

// iface-start of several (beyond virsh) starts them together; each is reported as a start of
// one would be, and a name that nothing defines as a failed lookup, in the order given.
TEST_F(CliSystemTest, StartOfSeveralStartsEachAndReportsAnUnknownNameAsALookup) {
  define("br0", "<interface type='bridge' name='br0'><protocol family='ipv4'>"
                "<ip address='192.0.2.1' prefix='24'/></protocol><bridge/></interface>");
  define("br1", "<interface type='bridge' name='br1'><bridge/></interface>");
  ProcessResult r = ifkit("iface-start br0 nope br1");
  EXPECT_EQ(r.out, "Interface br0 started\nInterface br1 started\n\n");
  EXPECT_EQ(r.err,
            "error: failed to get interface 'nope'\n"
            "error: Interface not found: no interface with matching name 'nope'\n");
  EXPECT_EQ(r.status, 1);
  const Json br0 = ns_.ipJson("addr show br0")[0];
  EXPECT_TRUE(br0["flags"].contains("UP"));
  EXPECT_EQ(br0["addr_info"][0]["local"].str(), "192.0.2.1");
  EXPECT_TRUE(ns_.ipJson("link show br1")[0]["flags"].contains("UP"));
}

// A start reads what an earlier command parsed from the store's .parsed, and never loads libxml2
// (with ICU: milliseconds of every process that does); glibc's loader says what it loads. Without
// .parsed, the same start loads it: the check can tell. (A build with IFKIT_STATIC_DEPS carries
// libxml2 in the program, loaded or not: nothing to tell there.)
#ifndef IFKIT_STATIC_DEPS
TEST_F(CliSystemTest, AStartOfDefinitionsParsedBeforeLoadsNoXmlParser) {
  define("br0", "<interface type='bridge' name='br0'><protocol family='ipv4'>"
                "<ip address='192.0.2.1' prefix='24'/></protocol><bridge/></interface>");
  define("br1", "<interface type='bridge' name='br1'><bridge/></interface>");
  ASSERT_EQ(ifkit("iface-list --all").status, 0);  // parses both, and keeps them
  ASSERT_TRUE(fs::exists(store() / ".parsed"));
  const ProcessResult warm = ifkit("iface-start br0", {"LD_DEBUG=libs"});
  ASSERT_EQ(warm.status, 0) << warm.err;
  EXPECT_EQ(warm.err.find("libxml2"), std::string::npos) << warm.err;
  const Json br0 = ns_.ipJson("addr show br0")[0];
  EXPECT_TRUE(br0["flags"].contains("UP"));
  EXPECT_EQ(br0["addr_info"][0]["local"].str(), "192.0.2.1");

  fs::remove(store() / ".parsed");
  const ProcessResult cold = ifkit("iface-start br1", {"LD_DEBUG=libs"});
  ASSERT_EQ(cold.status, 0) << cold.err;
  EXPECT_NE(cold.err.find("libxml2"), std::string::npos) << cold.err;
  EXPECT_TRUE(ns_.ipJson("link show br1")[0]["flags"].contains("UP"));
}

// Questions load no libnl-route: ifkit reads the kernel's replies (links, addresses, routes)
// itself and builds only its change requests with libnl-route, which the program opens at the
// first change (tools/ifkit/on_demand_library.h). A listing and a live XML with an address and
// a default route load none of it and still show them; a start loads it: the check can tell.
TEST_F(CliSystemTest, OnlyAChangeOfTheKernelLoadsLibnlRoute) {
  ns_.ip("addr add 192.0.2.10/24 dev eth0");
  ns_.ip("addr add 2001:db8::10/64 dev eth0 nodad");
  ns_.ip("link set eth0 up");
  ns_.ip("link set eth0-peer up");
  ns_.ip("route add default via 192.0.2.254");
  define("br0", "<interface type='bridge' name='br0'><protocol family='ipv4'>"
                "<ip address='198.51.100.1' prefix='24'/></protocol><bridge/></interface>");
  const ProcessResult question =
      ifkit("iface-list --all; iface-dumpxml eth0", {"LD_DEBUG=libs"});
  ASSERT_EQ(question.status, 0) << question.err;
  EXPECT_EQ(question.err.find("libnl-route"), std::string::npos) << question.err;
  EXPECT_NE(question.out.find(" br0 "), std::string::npos) << question.out;
  EXPECT_NE(question.out.find("<ip address='192.0.2.10' prefix='24'/>"), std::string::npos)
      << question.out;
  EXPECT_NE(question.out.find("<ip address='2001:db8::10' prefix='64'/>"), std::string::npos)
      << question.out;
  EXPECT_NE(question.out.find("<route gateway='192.0.2.254'/>"), std::string::npos)
      << question.out;

  const ProcessResult start = ifkit("iface-start br0", {"LD_DEBUG=libs"});
  ASSERT_EQ(start.status, 0) << start.err;
  EXPECT_NE(start.err.find("libnl-route"), std::string::npos) << start.err;
  const Json br0 = ns_.ipJson("addr show br0")[0];
  EXPECT_TRUE(br0["flags"].contains("UP"));
  EXPECT_EQ(br0["addr_info"][0]["local"].str(), "198.51.100.1");
}
#endif

// A table's widths count characters of the user's character set, taken from the environment
// (only once a cell goes beyond ASCII); where it cannot read a byte, the byte is escaped.
TEST_F(CliSystemTest, ListWidthsCountCharactersOfTheUsersCharacterSet) {
  ns_.ip("link add \xc3\xa9th1 type veth peer name eth1-peer");  // "éth1": 5 bytes, 4 characters
  ProcessResult utf8 = ifkit("iface-list --all");                // LC_ALL=C.UTF-8
  ASSERT_EQ(utf8.status, 0) << utf8.err;
  // The widest name is eth0-peer (9): "éth1" takes 4 columns, then 5 of padding and 3 of gap.
  EXPECT_NE(utf8.out.find("\n \xc3\xa9th1        inactive"), std::string::npos) << utf8.out;
  ProcessResult plain =
      runProcess({IFKIT_BIN, "-c", uri(), "iface-list --all"}, {"LC_ALL=C", "PATH=/usr/bin:/bin"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  // In "C" the two bytes beyond ASCII are escaped, 4 columns each: the name is now the widest.
  EXPECT_NE(plain.out.find("\n \\xc3\\xa9th1   inactive"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("\n eth1-peer     inactive"), std::string::npos) << plain.out;
}

TEST_F(CliSystemTest, BridgeNoStartDefinesTheBridgeFromTheLiveInterface) {
  ProcessResult r = ifkit("iface-bridge eth0 br0 --no-start --delay 3");
  EXPECT_EQ(r.out, "Created bridge br0 with attached device eth0\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  // eth0 is down and has no definition: nothing brought it up at boot, nor will its bridge.
  EXPECT_EQ(slurp(store() / "br0.xml"),
            "<interface type='bridge' name='br0'>\n"
            "  <start mode='none'/>\n"
            "  <mtu size='1500'/>\n"
            "  <bridge stp='on' delay='3'>\n"
            "    <interface type='ethernet' name='eth0'>\n"
            "      <mac address='" +
                mac_ +
                "'/>\n"
                "    </interface>\n"
                "  </bridge>\n"
                "</interface>\n");
  // --no-start: the kernel has no br0.
  EXPECT_FALSE(hasLink("br0")) << ns_.ip("link show");
}

TEST_F(CliSystemTest, BridgeMovesStartMtuAndProtocolToTheBridgeAndTheMacToTheMember) {
  define("eth0", kEth0Def);
  ProcessResult r = ifkit("iface-bridge eth0 br0 --no-stp --delay 9 --no-start");
  EXPECT_EQ(r.out, "Created bridge br0 with attached device eth0\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(slurp(store() / "br0.xml"),
            "<interface type='bridge' name='br0'>\n"
            "  <start mode='onboot'/>\n"
            "  <mtu size='1400'/>\n"
            "  <protocol family='ipv4'>\n"
            "    <ip address='192.0.2.1' prefix='24'/>\n"
            "  </protocol>\n"
            "  <bridge stp='off'>\n"
            "    <interface type='ethernet' name='eth0'>\n"
            "      <mac address='52:54:00:aa:00:01'/>\n"
            "    </interface>\n"
            "  </bridge>\n"
            "</interface>\n");
  // One owner per interface: the bridge's definition replaced eth0's.
  EXPECT_FALSE(fs::exists(store() / "eth0.xml"));
}

TEST_F(CliSystemTest, BridgeRefusesABridgeAndATakenName) {
  ProcessResult first = ifkit("iface-bridge eth0 br0 --no-start");
  ASSERT_EQ(first.status, 0) << first.err;
  const std::string stored = slurp(store() / "br0.xml");
  ProcessResult again = ifkit("iface-bridge br0 br1 --no-start");
  EXPECT_EQ(again.err, "error: Existing device br0 is already a bridge\n");
  EXPECT_EQ(again.out, "\n");
  EXPECT_EQ(again.status, 1);
  ProcessResult taken = ifkit("iface-bridge eth0 br0 --no-start");
  EXPECT_EQ(taken.err, "error: Network device br0 already exists\n");
  EXPECT_EQ(taken.status, 1);
  EXPECT_FALSE(fs::exists(store() / "br1.xml"));
  EXPECT_EQ(slurp(store() / "br0.xml"), stored);
}

TEST_F(CliSystemTest, BridgeStartsTheBridgeOverTheInterface) {
  ProcessResult r = ifkit("iface-bridge eth0 br0 --delay 0");
  EXPECT_EQ(r.out,
            "Created bridge br0 with attached device eth0\nBridge interface br0 started\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(ns_.ipJson("-d link show eth0")[0]["master"].str(), "br0");
  EXPECT_EQ(ns_.ipJson("-d link show br0")[0]["linkinfo"]["info_kind"].str(), "bridge");
}

TEST_F(CliSystemTest, UnbridgeRefusesWhatIsNotABridgeWithOneMember) {
  define("eth0", kEth0Def);
  ProcessResult notBridge = ifkit("iface-unbridge eth0");
  EXPECT_EQ(notBridge.err, "error: Device eth0 is not a bridge\n");
  EXPECT_EQ(notBridge.status, 1);
  ns_.ip("link add eth1 type veth peer name eth1-peer");
  define("br0",
         "<interface type='bridge' name='br0'><bridge stp='off'>"
         "<interface type='ethernet' name='eth0'/><interface type='ethernet' name='eth1'/>"
         "</bridge></interface>");
  const std::string stored = slurp(store() / "br0.xml");
  ProcessResult two = ifkit("iface-unbridge br0");
  EXPECT_EQ(two.err, "error: Multiple interfaces attached to bridge\n");
  EXPECT_EQ(two.status, 1);
  EXPECT_EQ(slurp(store() / "br0.xml"), stored);
}

// virsh destroys the bridge before undefining it, whatever its state (so an inactive bridge
// cannot be unbridged: "interface is not running", as with libvirt's netcf driver): start it.
TEST_F(CliSystemTest, UnbridgeNoStartDefinesTheMemberAgain) {
  ASSERT_EQ(ifkit("iface-bridge eth0 br0").status, 0);
  ProcessResult r = ifkit("iface-unbridge br0 --no-start");
  EXPECT_EQ(r.out, "Device eth0 un-attached from bridge br0\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(fs::exists(store() / "br0.xml"));
  EXPECT_EQ(slurp(store() / "eth0.xml"),
            "<interface type='ethernet' name='eth0'>\n"
            "  <start mode='none'/>\n"
            "  <mtu size='1500'/>\n"
            "  <mac address='" +
                mac_ +
                "'/>\n"
                "</interface>\n");
}

TEST_F(CliSystemTest, UnbridgeStartsTheMemberAgain) {
  ProcessResult bridged = ifkit("iface-bridge eth0 br0");
  ASSERT_EQ(bridged.status, 0) << bridged.err;
  ProcessResult r = ifkit("iface-unbridge br0");
  EXPECT_EQ(r.out, "Device eth0 un-attached from bridge br0\nInterface eth0 started\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(ns_.ipJson("-d link show eth0")[0]["master"].isNull());
  EXPECT_FALSE(hasLink("br0"));
}

TEST_F(CliSystemTest, EditDefinesWhatTheEditorWrote) {
  define("eth0", kEth0Def);
  const std::string editor = script("edit.sh", "sed -i \"s/size='1400'/size='1450'/\" \"$1\"");
  ProcessResult r = ifkit("iface-edit eth0", {"EDITOR=" + editor});
  EXPECT_EQ(r.out, "Interface eth0 XML configuration edited.\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  std::string expected = kEth0Def;
  expected.replace(expected.find("1400"), 4, "1450");
  EXPECT_EQ(slurp(store() / "eth0.xml"), expected);
  EXPECT_TRUE(fs::is_empty(tmp())) << "the temporary file is removed";
}

TEST_F(CliSystemTest, EditPrefersVisualAndRunsEditorsWithOptionsThroughTheShell) {
  define("eth0", kEth0Def);
  // VISUAL wins over EDITOR; an editor with a blank goes through sh -c, so it takes arguments.
  const std::string visual = script("visual.sh", "sed -i \"s/$1/$2/\" \"$3\"");
  ProcessResult r =
      ifkit("iface-edit eth0", {"VISUAL=" + visual + " 192.0.2.1 192.0.2.7", "EDITOR=false"});
  EXPECT_EQ(r.out, "Interface eth0 XML configuration edited.\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_NE(slurp(store() / "eth0.xml").find("192.0.2.7"), std::string::npos);
}

TEST_F(CliSystemTest, EditWithoutAChangeSaysSo) {
  define("eth0", kEth0Def);
  // By MAC: the live one, which the system driver matches.
  ProcessResult r = ifkit("iface-edit " + mac_, {"EDITOR=true"});
  EXPECT_EQ(r.out, "Interface eth0 XML configuration not changed.\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(slurp(store() / "eth0.xml"), kEth0Def);
  ProcessResult quiet =
      runProcess({IFKIT_BIN, "-q", "-c", uri(), "iface-edit eth0"},
                 {"PATH=/usr/bin:/bin", "EDITOR=true", "TMPDIR=" + tmp().string()});
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.status, 0);
}

TEST_F(CliSystemTest, EditThatDoesNotDefineFailsWithoutATerminal) {
  define("eth0", kEth0Def);
  const std::string editor =
      script("break.sh", "sed -i \"s/type='ethernet'/type='nonsense'/\" \"$1\"");
  ProcessResult r = ifkit("iface-edit eth0", {"EDITOR=" + editor});
  // virsh 9.0 prints "Interface (null) XML configuration edited." and exits 0 here (V6).
  EXPECT_EQ(r.out, "\n");
  EXPECT_EQ(r.err,
            "error: Failed.\n"
            "error: XML error: Invalid value for attribute 'type' in element 'interface': "
            "'nonsense'.\n");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(slurp(store() / "eth0.xml"), kEth0Def);
  EXPECT_TRUE(fs::is_empty(tmp()));
}

TEST_F(CliSystemTest, EditReportsAnEditorThatFailsOrIsMissing) {
  define("eth0", kEth0Def);
  ProcessResult failing = ifkit("iface-edit eth0", {"EDITOR=false"});
  EXPECT_TRUE(std::regex_match(
      failing.err, std::regex("error: internal error: Child process \\(false " + tmp().string() +
                              "/virsh[A-Za-z0-9]{6}\\.xml\\) unexpected exit status 1\n")))
      << failing.err;
  EXPECT_EQ(failing.status, 1);
  ProcessResult missing = ifkit("iface-edit eth0", {"EDITOR=no-such-editor"});
  EXPECT_EQ(missing.err,
            "error: Cannot find 'no-such-editor' in path: No such file or directory\n");
  EXPECT_EQ(missing.status, 1);
  EXPECT_EQ(slurp(store() / "eth0.xml"), kEth0Def);
  EXPECT_TRUE(fs::is_empty(tmp()));
}

TEST_F(CliSystemTest, EditRefusesATemporaryDirectoryTheShellWouldMisread) {
  define("eth0", kEth0Def);
  const fs::path odd = base_ / "a b";
  fs::create_directories(odd);
  ProcessResult r = runProcess({IFKIT_BIN, "-c", uri(), "iface-edit eth0"},
                               {"PATH=/usr/bin:/bin", "EDITOR=true x", "TMPDIR=" + odd.string()});
  EXPECT_TRUE(r.err.ends_with(
      ".xml: temporary filename contains shell meta or other unacceptable characters (is "
      "$TMPDIR wrong?)\n"))
      << r.err;
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(fs::is_empty(odd));
}

TEST_F(CliSystemTest, DumpxmlXPathOnTheStoredDefinition) {
  define("eth0", kEth0Def);
  ProcessResult r = ifkit("iface-dumpxml eth0 --inactive --xpath //ip/@address --wrap");
  EXPECT_EQ(r.out, "<nodes address=\"192.0.2.1\"/>\n\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
}

}  // namespace
}  // namespace ifkit::test
