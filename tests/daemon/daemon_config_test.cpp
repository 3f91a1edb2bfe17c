// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkitd.conf: libvirt's configuration syntax and daemon keys. The installed default file must
// describe exactly what ifkitd does without one; a wrong file is named with its line and key.
#include "daemon/daemon_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "daemon/conf_syntax.h"

namespace ifkit::daemon {
namespace {

std::string contribFile(const std::string& name) {
  std::ifstream in(std::string(IFKIT_SOURCE_DIR) + "/contrib/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Uncomments every `#key = value` line (the documented settings at their defaults).
std::string uncommentSettings(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 1 && line[0] == '#' && line[1] != ' ' && line[1] != '#' &&
        line.find(" = ") != std::string::npos)
      line.erase(0, 1);
    out += line + "\n";
  }
  return out;
}

bool sameConfig(const DaemonConfig& a, const DaemonConfig& b) {
  return a.socketPath == b.socketPath && a.roSocketPath == b.roSocketPath &&
         a.socketGroup == b.socketGroup && a.rwPerms == b.rwPerms && a.roPerms == b.roPerms &&
         a.maxClients == b.maxClients && a.maxRoClients == b.maxRoClients &&
         a.keepaliveInterval == b.keepaliveInterval && a.keepaliveCount == b.keepaliveCount &&
         a.clientIdleTimeout == b.clientIdleTimeout && a.logLevel == b.logLevel &&
         a.logOutputs == b.logOutputs;
}

TEST(ConfSyntax, ReadsLibvirtsValueKinds) {
  auto entries = parseConfSyntax(
      "# comment\n"
      "a = 1\n"
      "b = -12 # trailing comment\n"
      "c = \"double\"\n"
      "d = 'single'\n"
      "e = \"\"\"two\nlines\"\"\"\n"
      "f = [ \"x\",\n  'y', # inside\n]\n"
      "g = 7;\n",
      "t.conf");
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 7u);
  EXPECT_EQ((*entries)[1].value.number, -12);
  EXPECT_EQ((*entries)[1].line, 3);
  EXPECT_EQ((*entries)[2].value.text, "double");
  EXPECT_EQ((*entries)[3].value.text, "single");
  EXPECT_EQ((*entries)[4].value.text, "two\nlines");
  ASSERT_EQ((*entries)[5].value.items.size(), 2u);
  EXPECT_EQ((*entries)[5].value.items[1].text, "y");
  EXPECT_EQ((*entries)[6].key, "g");
  EXPECT_EQ((*entries)[6].line, 11);
}

TEST(ConfSyntax, NamesFileAndLineOfASyntaxError) {
  const std::pair<const char*, const char*> cases[] = {
      {"a = 1\nb = \"open\n", "configuration file syntax error: t.conf:2: unterminated string"},
      {"a = 1\n\nb =\n", "configuration file syntax error: t.conf:3: expecting a value"},
      {"a 1\n", "configuration file syntax error: t.conf:1: expecting an assignment"},
      {"a = 1 2\n", "configuration file syntax error: t.conf:1: expecting a separator"},
      {"a = 99999999999999999999\n", "configuration file syntax error: t.conf:1: number too large"},
      {"a = 1\na = 2\n",
       "configuration file syntax error: t.conf:2: 'a' is set twice (first on line 1)"},
  };
  for (const auto& [text, message] : cases) {
    auto entries = parseConfSyntax(text, "t.conf");
    ASSERT_FALSE(entries.ok()) << text;
    EXPECT_EQ(entries.error().message, message);
  }
}

TEST(DaemonConfig, InstalledDefaultFileIsTheBuiltInBehaviour) {
  const std::string text = contribFile("ifkitd.conf");
  ASSERT_FALSE(text.empty());
  // As installed (all commented out) and with every documented setting switched on: both must be
  // exactly what ifkitd does without a file.
  auto asShipped = parseDaemonConfig(text, "ifkitd.conf");
  ASSERT_TRUE(asShipped.ok()) << asShipped.error().message;
  EXPECT_TRUE(sameConfig(*asShipped, DaemonConfig{}));
  const std::string uncommented = uncommentSettings(text);
  // unix_sock_group's example names a group; the default is none.
  std::string withoutGroup;
  std::istringstream lines(uncommented);
  int settings = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("unix_sock_group")) continue;
    if (!line.empty() && line[0] != '#' && line.find(" = ") != std::string::npos) ++settings;
    withoutGroup += line + "\n";
  }
  EXPECT_EQ(settings, 10);
  auto switchedOn = parseDaemonConfig(withoutGroup, "ifkitd.conf");
  ASSERT_TRUE(switchedOn.ok()) << switchedOn.error().message;
  EXPECT_TRUE(sameConfig(*switchedOn, DaemonConfig{}));
}

TEST(DaemonConfig, ReadsEveryKey) {
  auto config = parseDaemonConfig(
      "unix_sock_dir = \"/run/x\"\n"
      "unix_sock_group = \"libvirt\"\n"
      "unix_sock_rw_perms = \"0660\"\n"
      "unix_sock_ro_perms = \"0644\"\n"
      "max_clients = 10\n"
      "max_anonymous_clients = 20\n"
      "keepalive_interval = -1\n"
      "keepalive_count = 3\n"
      "client_idle_timeout = 0\n"
      "log_level = 1\n"
      "log_outputs = \"3:stderr 1:file:/var/log/ifkitd.log 4:journald\"\n"
      "max_workers = 20\n",
      "t.conf");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->socketPath, "/run/x/virtinterfaced-sock");
  EXPECT_EQ(config->roSocketPath, "/run/x/virtinterfaced-sock-ro");
  EXPECT_EQ(config->socketGroup, "libvirt");
  EXPECT_EQ(config->rwPerms, 0660u);
  EXPECT_EQ(config->roPerms, 0644u);
  EXPECT_EQ(config->maxClients, 10u);
  EXPECT_EQ(config->maxRoClients, 20u);
  EXPECT_EQ(config->keepaliveInterval, -1);
  EXPECT_EQ(config->keepaliveCount, 3u);
  EXPECT_EQ(config->clientIdleTimeout.count(), 0);
  EXPECT_EQ(config->logLevel, LogLevel::Debug);
  ASSERT_EQ(config->logOutputs.size(), 3u);
  EXPECT_EQ(config->logOutputs[1],
            (LogOutput{LogLevel::Debug, LogOutput::Kind::File, "/var/log/ifkitd.log"}));
  EXPECT_EQ(config->logOutputs[2].kind, LogOutput::Kind::Journald);
  EXPECT_EQ(config->ignored, std::vector<std::string>{"t.conf:12: max_workers"});
}

TEST(DaemonConfig, NamesFileLineAndKeyOfAWrongValue) {
  const std::pair<const char*, const char*> cases[] = {
      {"\nmax_clients = 0\n", "t.conf:2: max_clients: wants a whole number from 1 to 1000000, not 0"},
      {"max_clients = \"5\"\n",
       "t.conf:1: max_clients: wants a whole number from 1 to 1000000, not the string '5'"},
      {"log_level = 5\n", "t.conf:1: log_level: wants a whole number from 1 to 4, not 5"},
      {"unix_sock_rw_perms = \"rw\"\n",
       "t.conf:1: unix_sock_rw_perms: wants an octal mode such as \"0660\", not 'rw'"},
      {"unix_sock_rw_perms = 660\n", "t.conf:1: unix_sock_rw_perms: wants a quoted string"},
      {"log_outputs = \"2:syslog:ifkitd\"\n",
       "t.conf:1: log_outputs: log output '2:syslog:ifkitd': ifkitd writes to stderr, file:PATH "
       "or journald only"},
      {"log_outputs = \"stderr\"\n",
       "t.conf:1: log_outputs: log output 'stderr': wants a priority from 1 to 4 first, as in "
       "'3:stderr'"},
      {"unix_sock_dir = \"run\"\n",
       "t.conf:1: unix_sock_dir: wants an absolute directory, not 'run'"},
      {"max_client = 5\n",
       "t.conf:1: max_client: unknown setting (a libvirt daemon key ifkitd knows, or a typo?)"},
  };
  for (const auto& [text, message] : cases) {
    auto config = parseDaemonConfig(text, "t.conf");
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.error().message, message);
  }
}

TEST(DaemonConfig, MissingDefaultFileIsTheDefaultsButAMissingNamedFileIsAnError) {
  auto missingDefault = loadDaemonConfig("/nonexistent/ifkitd.conf", false);
  ASSERT_TRUE(missingDefault.ok());
  EXPECT_TRUE(sameConfig(*missingDefault, DaemonConfig{}));
  auto missingNamed = loadDaemonConfig("/nonexistent/ifkitd.conf", true);
  ASSERT_FALSE(missingNamed.ok());
  EXPECT_EQ(missingNamed.error().message,
            "cannot read the configuration file '/nonexistent/ifkitd.conf': No such file or "
            "directory");
}

}  // namespace
}  // namespace ifkit::daemon
