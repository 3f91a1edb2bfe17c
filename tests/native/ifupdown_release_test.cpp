// SPDX-License-Identifier: LGPL-2.1-or-later
// Releasing interfaces from ifupdown and the hand-over record that gives them back: the edits
// checked with ifupdown's own ifquery, the record's bytes, and the files put back byte for byte.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ifupdown_oracle.h"
#include "temp_root.h"
#include "native/handover.h"
#include "native/ifupdown/ifupdown_configuration.h"
#include "native/ifupdown/ifupdown_release.h"
#include "util/unique_fd.h"

namespace ifkit::native::ifupdown {
namespace {

namespace fs = std::filesystem;
using test::ifquery;

using ifkit::test::readFile;
using ifkit::test::TempRoot;

const char* kHost =
    "source /etc/network/interfaces.d/*\n"
    "\n"
    "auto lo eno1 br0\n"
    "iface lo inet loopback\n"
    "\n"
    "# the NIC is the bridge's port\n"
    "iface eno1 inet manual\n"
    "\n"
    "iface br0 inet static\n"
    "    address 192.0.2.5/24\n"
    "    gateway 192.0.2.1\n"
    "    bridge_ports eno1\n"
    "iface br0 inet6 static\n"
    "    address 2001:db8::5/64\n"
    "\n"
    "allow-hotplug eno2\n"
    "iface eno2 inet dhcp";  // no newline at the end

TEST(IfupdownRelease, CutsTheStanzasAndNamesOutAndIfupdownNoLongerKnowsThem) {
  TempRoot root;
  root.write("/etc/network/interfaces", kHost);
  root.write("/etc/network/interfaces.d/vlan", "auto eno2.7\niface eno2.7 inet manual\n");
  auto tree = readInterfacesTree(ConfigRoot(root.root()), kInterfacesFile);
  auto edits = releaseFromIfupdown(tree, {"br0", "eno1"});
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].path, "/etc/network/interfaces");
  EXPECT_EQ(edits[0].before, kHost);
  EXPECT_EQ(edits[0].after,
            "source /etc/network/interfaces.d/*\n"
            "\n"
            "auto lo\n"
            "iface lo inet loopback\n"
            "\n"
            "# the NIC is the bridge's port\n"
            "# iface eno1 inet: configured by ifkit (ifkit iface-dumpxml --inactive eno1)\n"
            "\n"
            "# iface br0 inet: configured by ifkit (ifkit iface-dumpxml --inactive br0)\n"
            "# iface br0 inet6: configured by ifkit (ifkit iface-dumpxml --inactive br0)\n"
            "\n"
            "allow-hotplug eno2\n"
            "iface eno2 inet dhcp");

  // ifupdown itself: br0 and eno1 are gone from boot and from its interfaces, the rest stays.
  root.write("/etc/network/interfaces", *edits[0].after);
  EXPECT_EQ(ifquery(root.root(), "--list"), "lo\neno2.7\n");
  EXPECT_EQ(ifquery(root.root(), "br0"), "");
  EXPECT_EQ(ifquery(root.root(), "eno2"), "");  // dhcp without options: ifquery prints nothing
  auto after = readIfupdownConfiguration(ConfigRoot(root.root()));
  ASSERT_EQ(after.definitions.size(), 2u);
  EXPECT_EQ(after.definitions[0].def.name, "eno2");
  EXPECT_EQ(after.definitions[1].def.name, "eno2.7");
  EXPECT_TRUE(releaseFromIfupdown(tree, {"nothing0"}).empty());
}

TEST(HandOver, RecordRoundTripsAndRefusesPathsOutsideTheManagers) {
  HandOver handOver{"br0", {"ifupdown"}, HandOver::State::Adopted,
                    {{"/etc/network/interfaces", "a\nb", "a\n"}}};
  auto parsed = HandOver::parse(handOver.serialize());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, handOver);
  std::string outside = handOver.serialize();
  outside.replace(outside.find("/etc/network/interfaces"), 23, "/etc/shadow");
  EXPECT_FALSE(HandOver::parse(outside));
  std::string sneaky = handOver.serialize();
  sneaky.replace(sneaky.find("/etc/network/interfaces"), 23, "/etc/network/../shadow");
  EXPECT_FALSE(HandOver::parse(sneaky));
  std::string truncated = handOver.serialize();
  truncated.resize(truncated.size() - 6);
  EXPECT_FALSE(HandOver::parse(truncated));

  // A file ifkit adds (absent before) or takes away (absent after) is told from an empty one.
  HandOver added{"eth0", {"ifupdown", "systemd-networkd"}, HandOver::State::Adopted,
                 {{"/etc/systemd/network/00-ifkit-eth0.network", std::nullopt, "x\n"},
                  {"/etc/systemd/network/br0.netdev", "", std::nullopt}}};
  auto addedParsed = HandOver::parse(added.serialize());
  ASSERT_TRUE(addedParsed) << addedParsed.error().message;
  EXPECT_EQ(*addedParsed, added);
}

// Two definitions taken over from one file, given back in the order they were not taken: each
// give-back undoes only its own cut (a three-way merge of the lines), and the file ends as the
// host had it, byte for byte, ifupdown agreeing at each step.
// The names each manager released are kept; a record written before they were still loads.
// The managers named in a message as a sentence lists them.
TEST(HandOver, ManagerNamesReadAsASentence) {
  HandOver one;
  one.managers = {"ifupdown"};
  EXPECT_EQ(one.managerNames(), "ifupdown");
  HandOver three = one;
  three.managers = {"ifupdown", "systemd-networkd", "NetworkManager"};
  EXPECT_EQ(three.managerNames(), "ifupdown, systemd-networkd and NetworkManager");
  three.managers.pop_back();
  EXPECT_EQ(three.managerNames(), "ifupdown and systemd-networkd");
}

TEST(HandOver, RecordKeepsTheReleasedNamesAndReadsOlderRecords) {
  HandOver handOver{"br0", {"ifupdown", "NetworkManager"}, HandOver::State::Adopted, {}, {}};
  handOver.released = {{"ifupdown", {"eth0", "eth1"}}, {"NetworkManager", {"eth2"}}};
  const std::string text = handOver.serialize();
  EXPECT_NE(text.find("\nreleased NetworkManager eth2\nreleased ifupdown eth0 eth1\n"),
            std::string::npos) << text;
  auto parsed = HandOver::parse(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, handOver);
  auto older = HandOver::parse("ifkit-handover 1\nname br0\nmanager ifupdown\nstate adopted\nend\n");
  ASSERT_TRUE(older) << older.error().message;
  EXPECT_TRUE(older->released.empty());
  EXPECT_FALSE(HandOver::parse("ifkit-handover 1\nname br0\nmanager ifupdown\nstate adopted\n"
                               "released ifupdown\nend\n"));
}

TEST(HandOver, TwoHandOversOfOneFileGoBackInEitherOrder) {
  TempRoot root;
  root.write("/etc/network/interfaces", kHost);
  const ConfigRoot config(root.root());
  auto release = [&](const std::string& name, const std::vector<std::string>& names) {
    auto tree = readInterfacesTree(config, kInterfacesFile);
    HandOver handOver{name, {"ifupdown"}, HandOver::State::Adopted, releaseFromIfupdown(tree, names)};
    EXPECT_TRUE(putFiles(config, handOver, FileForm::After));
    return handOver;
  };
  const HandOver bridge = release("br0", {"br0", "eno1"});
  const HandOver dhcp = release("eno2", {"eno2"});
  ASSERT_EQ(ifquery(root.root(), "--list"), "lo\n");

  // The bridge given back first: the file as if only eno2 had been taken.
  ASSERT_TRUE(putFiles(config, bridge, FileForm::Before));
  TempRoot expected;
  expected.write("/etc/network/interfaces", kHost);
  auto eno2Alone = releaseFromIfupdown(
      readInterfacesTree(ConfigRoot(expected.root()), kInterfacesFile), {"eno2"});
  ASSERT_EQ(eno2Alone.size(), 1u);
  EXPECT_EQ(root.read("/etc/network/interfaces"), *eno2Alone[0].after);
  EXPECT_EQ(ifquery(root.root(), "--list"), "lo\neno1\nbr0\n");

  ASSERT_TRUE(putFiles(config, dhcp, FileForm::Before));
  EXPECT_EQ(root.read("/etc/network/interfaces"), kHost);

  // An edit of the lines ifkit wrote is refused, and the file stays as edited.
  const HandOver again = release("br0", {"br0", "eno1"});
  std::string edited = root.read("/etc/network/interfaces");
  edited.replace(edited.find("# iface eno1 inet: configured by ifkit"), 1, "#!");
  root.write("/etc/network/interfaces", edited);
  EXPECT_FALSE(putFiles(config, again, FileForm::Before));
  EXPECT_EQ(root.read("/etc/network/interfaces"), edited);
}

TEST(HandOver, AFileAddedOrTakenAwayIsMadeAndRemovedAndNeverOverAHandMadeOne) {
  TempRoot root;
  root.write("/etc/systemd/network/br0.netdev", "[NetDev]\nName=br0\nKind=bridge\n");
  HandOver handOver{"br0", {"systemd-networkd"}, HandOver::State::Adopting,
                    {{"/etc/systemd/network/00-ifkit.network", std::nullopt, "[Match]\n"},
                     {"/etc/systemd/network/br0.netdev", "[NetDev]\nName=br0\nKind=bridge\n",
                      std::nullopt}}};
  const ConfigRoot config(root.root());
  ASSERT_TRUE(putFiles(config, handOver, FileForm::After));
  EXPECT_EQ(root.read("/etc/systemd/network/00-ifkit.network"), "[Match]\n");
  EXPECT_FALSE(config.read("/etc/systemd/network/br0.netdev")->has_value());
  ASSERT_TRUE(putFiles(config, handOver, FileForm::Before));
  EXPECT_FALSE(config.read("/etc/systemd/network/00-ifkit.network")->has_value());
  EXPECT_EQ(root.read("/etc/systemd/network/br0.netdev"), "[NetDev]\nName=br0\nKind=bridge\n");

  // A file of that name made by hand in between is not overwritten.
  root.write("/etc/systemd/network/00-ifkit.network", "# mine\n");
  ASSERT_FALSE(putFiles(config, handOver, FileForm::After));
  EXPECT_EQ(root.read("/etc/systemd/network/00-ifkit.network"), "# mine\n");
}

TEST(HandOver, FilesGoBackByteForByteWithTheirModeAndNeverOverAHandEdit) {
  TempRoot root;
  root.write("/etc/network/interfaces", kHost);
  ::chmod((root.root() + "/etc/network/interfaces").c_str(), 0600);
  auto tree = readInterfacesTree(ConfigRoot(root.root()), kInterfacesFile);
  HandOver handOver{"br0", {"ifupdown"}, HandOver::State::Adopting,
                    releaseFromIfupdown(tree, {"br0", "eno1"})};
  UniqueFd records(::open((root.root() + "/state").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(saveHandOver(records.get(), handOver));
  auto loaded = loadHandOver(records.get(), "br0");
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ(**loaded, handOver);

  const ConfigRoot config(root.root());
  ASSERT_TRUE(putFiles(config, handOver, FileForm::After));
  EXPECT_EQ(root.read("/etc/network/interfaces"), handOver.files[0].after);
  ASSERT_TRUE(putFiles(config, handOver, FileForm::After));  // again: nothing to do
  struct stat st {};
  ASSERT_EQ(::stat((root.root() + "/etc/network/interfaces").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_TRUE(putFiles(config, handOver, FileForm::Before));
  EXPECT_EQ(root.read("/etc/network/interfaces"), kHost);

  // Edited by hand in between: not overwritten, and the error names the file.
  root.write("/etc/network/interfaces", std::string(kHost) + "\n# mine\n");
  auto refused = putFiles(config, handOver, FileForm::After);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("/etc/network/interfaces"), std::string::npos);
  EXPECT_EQ(root.read("/etc/network/interfaces"), std::string(kHost) + "\n# mine\n");

  // A FIFO where a record belongs is refused by name, never opened (no hang).
  ASSERT_EQ(::mkfifo((root.root() + "/state/eth9").c_str(), 0600), 0);
  auto fifo = loadHandOver(records.get(), "eth9");
  ASSERT_FALSE(fifo);
  EXPECT_NE(fifo.error().message.find("'.handover/eth9' is a FIFO"), std::string::npos)
      << fifo.error().message;
  ::unlink((root.root() + "/state/eth9").c_str());

  ASSERT_TRUE(removeHandOver(records.get(), "br0"));
  auto gone = loadHandOvers(records.get());
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->empty());
}

}  // namespace
}  // namespace ifkit::native::ifupdown
