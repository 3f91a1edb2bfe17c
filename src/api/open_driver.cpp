// SPDX-License-Identifier: LGPL-2.1-or-later
// openDriver: pick the driver for a URI, declining what no driver serves, as libvirt words it.
#include "api/open_driver.h"

#include <fcntl.h>

#include <utility>

#include "api/uri.h"
#include "driver/system/netlink_backend.h"
#include "driver/system/start_record_directory.h"
#include "driver/system/system_driver.h"
#include "driver/test_driver.h"
#include "rpc/remote_driver.h"
#include "rpc/ssh_transport.h"

namespace ifkit::api {
namespace {

Error noDriver(std::string_view detail) {
  return makeError(ErrorNumber::NoConnect, ErrorDomain::None, detail);
}

// The test driver's own checks, in libvirt's order; `uri` already has scheme "test" and no
// server (a server would make it the remote driver's).
Result<std::unique_ptr<driver::InterfaceDriver>> openTest(const Uri& uri, std::string_view text) {
  if (uri.path.empty() || uri.path == "/")
    return makeError(ErrorNumber::InvalidArg, ErrorDomain::Test,
                     "testOpen: supply a path or use test:///default");
  if (uri.path != "/default")
    // libvirt would load a custom world from the file at that path; ifkit has no such loader.
    return makeError(
        ErrorNumber::ConfigUnsupported, ErrorDomain::Test,
        "test driver files are not supported: " + std::string(text) + " (use test:///default)");
  auto drv = driver::TestDriver::open();
  if (!drv) return std::move(drv).error();
  return std::unique_ptr<driver::InterfaceDriver>(std::move(drv).value());
}

// The socket a local interface:/// URI reaches, by libvirt's "auto" rule: socket= wins; else
// the interface daemon's own socket if it exists ("direct"), else the monolithic daemon's.
std::string localSocketFor(const Uri& uri, bool readOnly) {
  if (auto socket = queryParam(uri, "socket")) return *socket;
  const std::string suffix = readOnly ? "-ro" : "";
  const std::string direct = "/var/run/libvirt/virtinterfaced-sock" + suffix;
  if (::access(direct.c_str(), F_OK) == 0) return direct;
  return "/var/run/libvirt/libvirt-sock" + suffix;
}

Result<std::unique_ptr<driver::InterfaceDriver>> openRemoteUnix(const Uri& uri, bool readOnly) {
  auto client = rpc::RpcClient::connectUnix(localSocketFor(uri, readOnly));
  if (!client) return std::move(client).error();
  // The server hears the URI without its transport and client-only parameters.
  return rpc::openRemoteDriver(std::move(*client), "interface://" + uri.path, readOnly);
}

// interface+ssh://[user@]host[:port]/system?...: the daemon on another host, over ssh.
Result<std::unique_ptr<driver::InterfaceDriver>> openRemoteSsh(const Uri& uri, bool readOnly) {
  rpc::SshTarget target;
  target.host = *uri.server;
  target.port = uri.port;
  target.user = uri.user;
  target.keyfile = queryParam(uri, "keyfile");
  target.socket = queryParam(uri, "socket");
  target.noVerify = queryParam(uri, "no_verify").value_or("0") == "1";
  target.noTty = queryParam(uri, "no_tty").value_or("0") == "1";
  target.sshCommand = queryParam(uri, "command").value_or("ssh");
  target.netcat = queryParam(uri, "netcat").value_or("nc");
  target.readOnly = readOnly;
  auto client = rpc::connectSsh(target);
  if (!client) return std::move(client).error();
  return rpc::openRemoteDriver(std::move(*client), "interface://" + uri.path, readOnly);
}

// Where ifkit:///system keeps its definitions unless store= says otherwise.
constexpr const char* kSystemStore = "/etc/ifkit/interfaces";

// ifkit:///system: this host's kernel (or the namespace netns= names) and its definitions. A
// read-only connection writes nothing anywhere: not even the store directory or its lock file
// are made (store/store.h, openForReading).
Result<std::unique_ptr<driver::InterfaceDriver>> openSystem(const Uri& uri, std::string_view text,
                                                            bool readOnly) {
  if (uri.path != "/system") return noDriver(text);
  auto ns = queryParam(uri, "netns") ? host::nl::Netns::openByName(*queryParam(uri, "netns"))
                                     : host::nl::Netns::current();
  if (!ns) return std::move(ns).error();
  const std::string storePath = queryParam(uri, "store").value_or(kSystemStore);
  auto store = readOnly ? store::DefinitionStore::openForReading(storePath)
                        : store::DefinitionStore::open(storePath);
  if (!store) return std::move(store).error();
  // Reads the namespace's cookie from inside it: a namespace this process may not enter fails
  // the connection here, though the hosts below open their sockets only when first used.
  auto records = driver::StartRecordDirectory::open(*ns);
  if (!records) return std::move(records).error();
  // The host's own managers' files, under root= in tests and images (as systemctl --root).
  auto native = driver::NativeOwners::open(queryParam(uri, "root").value_or("/"), *store, ns->fd());
  if (!native) return std::move(native).error();
  // Two hosts on the namespace, each with its own sockets: one for changes, one for questions,
  // so that questions are answered while a change runs (driver/system/system_driver.h).
  auto queryNs =
      host::nl::Netns::fromFd(UniqueFd(::fcntl(ns->fd(), F_DUPFD_CLOEXEC, 0)), ns->label());
  if (!queryNs) return std::move(queryNs).error();
  auto driver = std::make_unique<driver::SystemDriver>(
      std::make_unique<driver::NetlinkBackend>(std::move(*ns)), std::move(*store),
      std::move(*records), std::make_unique<driver::NetlinkBackend>(std::move(*queryNs)));
  driver->useNativeOwners(std::make_unique<driver::NativeOwners>(std::move(*native)));
  return std::unique_ptr<driver::InterfaceDriver>(std::move(driver));
}

}  // namespace

Result<std::unique_ptr<driver::InterfaceDriver>> openDriver(std::string_view text, bool readOnly) {
  const Uri uri = parseUri(text);
  if (!uri.scheme)
    return noDriver("URI '" + std::string(text) + "' does not include a driver name");
  if (*uri.scheme == "test" && !uri.server) return openTest(uri, text);
  if (*uri.scheme == "ifkit" && !uri.server) return openSystem(uri, text, readOnly);
  if ((*uri.scheme == "interface" || *uri.scheme == "interface+unix") && !uri.server)
    return openRemoteUnix(uri, readOnly);
  if (*uri.scheme == "interface+ssh" && uri.server) return openRemoteSsh(uri, readOnly);
  return noDriver(text);
}

}  // namespace ifkit::api
