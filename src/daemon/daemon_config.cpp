// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading ifkitd.conf: libvirt's syntax (conf_syntax), then each key's meaning and range.
#include "daemon/daemon_config.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "daemon/conf_syntax.h"

namespace ifkit::daemon {

const char* const kDefaultConfigPath = "/etc/ifkit/ifkitd.conf";

namespace {

// libvirt's daemon keys that mean nothing to ifkitd (remote_daemon_config.c): accepted, so that
// a virtinterfaced.conf can be used as it is, and named in a warning.
const std::set<std::string> kLibvirtKeysIgnored = {
    "listen_tls", "listen_tcp", "tls_port", "tcp_port", "listen_addr", "auth_unix_rw",
    "auth_unix_ro", "auth_tcp", "auth_tls", "access_drivers", "unix_sock_admin_perms",
    "tls_no_sanity_certificate", "tls_no_verify_certificate", "key_file", "cert_file", "ca_file",
    "crl_file", "tls_allowed_dn_list", "tls_priority", "sasl_allowed_username_list",
    "min_workers", "max_workers", "max_queued_clients", "prio_workers", "max_client_requests",
    "admin_min_workers", "admin_max_workers", "admin_max_clients", "admin_max_queued_clients",
    "admin_max_client_requests", "audit_level", "audit_logging", "host_uuid",
    "host_uuid_source", "log_filters", "admin_keepalive_interval", "admin_keepalive_count",
    "ovs_timeout"};

class Interpreter {
 public:
  Interpreter(DaemonConfig& config, const std::string& file) : c_(config), file_(file) {}

  Status apply(const ConfEntry& entry) {
    entry_ = &entry;
    const std::string& key = entry.key;
    if (key == "unix_sock_dir") {
      auto dir = text(true);
      if (!dir) return std::move(dir).error();
      if (!dir->starts_with("/")) return fail("wants an absolute directory, not '" + *dir + "'");
      c_.socketPath = *dir + "/virtinterfaced-sock";
      c_.roSocketPath = *dir + "/virtinterfaced-sock-ro";
      return Status();
    }
    if (key == "unix_sock_group") {
      auto group = text(true);
      if (!group) return std::move(group).error();
      c_.socketGroup = *group;
      return Status();
    }
    if (key == "unix_sock_rw_perms") return perms(c_.rwPerms);
    if (key == "unix_sock_ro_perms") return perms(c_.roPerms);
    if (key == "max_clients") return count(1, c_.maxClients);
    if (key == "max_anonymous_clients") return count(1, c_.maxRoClients);
    if (key == "keepalive_interval") {
      auto n = number(-1, 86400);
      if (!n) return std::move(n).error();
      c_.keepaliveInterval = static_cast<int>(*n);
      return Status();
    }
    if (key == "keepalive_count") {
      auto n = number(0, 1000);
      if (!n) return std::move(n).error();
      c_.keepaliveCount = static_cast<unsigned>(*n);
      return Status();
    }
    if (key == "client_idle_timeout") {
      auto n = number(0, 365LL * 86400);
      if (!n) return std::move(n).error();
      c_.clientIdleTimeout = std::chrono::seconds(*n);
      return Status();
    }
    if (key == "log_level") {
      auto n = number(1, 4);
      if (!n) return std::move(n).error();
      (void)logLevelFromNumber(*n, c_.logLevel);  // the range is checked above
      return Status();
    }
    if (key == "log_outputs") {
      auto value = text(true);
      if (!value) return std::move(value).error();
      auto outputs = parseLogOutputs(*value);
      if (!outputs) return fail(outputs.error().message);
      c_.logOutputs = std::move(*outputs);
      return Status();
    }
    if (kLibvirtKeysIgnored.contains(key)) {
      c_.ignored.push_back(file_ + ":" + std::to_string(entry.line) + ": " + key);
      return Status();
    }
    return fail("unknown setting (a libvirt daemon key ifkitd knows, or a typo?)");
  }

 private:
  Error fail(const std::string& why) const {
    return makeBareError(ErrorNumber::InternalError, ErrorDomain::None,
                         file_ + ":" + std::to_string(entry_->line) + ": " + entry_->key + ": " +
                             why);
  }

  Result<std::string> text(bool nonEmpty) const {
    if (entry_->value.kind != ConfValue::Kind::String) return fail("wants a quoted string");
    if (nonEmpty && entry_->value.text.empty()) return fail("wants a value, not an empty string");
    return entry_->value.text;
  }

  Result<long long> number(long long minimum, long long maximum) const {
    const ConfValue& v = entry_->value;
    if (v.kind != ConfValue::Kind::Number || v.number < minimum || v.number > maximum)
      return fail("wants a whole number from " + std::to_string(minimum) + " to " +
                  std::to_string(maximum) + ", not " + describe(v));
    return static_cast<long long>(v.number);
  }

  Status count(long long minimum, std::size_t& into) const {
    auto n = number(minimum, 1000000);
    if (!n) return std::move(n).error();
    into = static_cast<std::size_t>(*n);
    return Status();
  }

  // libvirt writes modes as octal text: "0770".
  Status perms(mode_t& into) const {
    auto value = text(true);
    if (!value) return std::move(value).error();
    mode_t mode = 0;
    for (char ch : *value) {
      if (ch < '0' || ch > '7' || mode > 07777)
        return fail("wants an octal mode such as \"0660\", not '" + *value + "'");
      mode = mode * 8 + static_cast<mode_t>(ch - '0');
    }
    if (mode > 0777) return fail("wants permission bits (at most \"0777\"), not '" + *value + "'");
    into = mode;
    return Status();
  }

  static std::string describe(const ConfValue& v) {
    switch (v.kind) {
      case ConfValue::Kind::Number: return std::to_string(v.number);
      case ConfValue::Kind::String: return "the string '" + v.text + "'";
      case ConfValue::Kind::List: return "a list";
    }
    return "that";
  }

  DaemonConfig& c_;
  const std::string& file_;
  const ConfEntry* entry_ = nullptr;
};

}  // namespace

Result<DaemonConfig> parseDaemonConfig(std::string_view text, const std::string& fileName) {
  auto entries = parseConfSyntax(text, fileName);
  if (!entries) return std::move(entries).error();
  DaemonConfig config;
  Interpreter interpreter(config, fileName);
  for (const ConfEntry& entry : *entries)
    if (Status st = interpreter.apply(entry); !st) return std::move(st).error();
  return config;
}

Result<DaemonConfig> loadDaemonConfig(const std::string& path, bool mustExist) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT && !mustExist) return DaemonConfig{};
    return makeBareError(ErrorNumber::InternalError, ErrorDomain::None,
                         "cannot read the configuration file '" + path + "': " +
                             std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parseDaemonConfig(text.str(), path);
}

}  // namespace ifkit::daemon
