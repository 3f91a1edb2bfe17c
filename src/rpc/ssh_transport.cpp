// SPDX-License-Identifier: LGPL-2.1-or-later
// Spawning ssh the way libvirt does, and an RPC client over its pipes.
#include "rpc/ssh_transport.h"

#include "util/child_process.h"

namespace ifkit::rpc {
namespace {

// OpenBSD netcat needs -q0 to exit when its input ends; others refuse -q. libvirt probes.
std::string netcatTo(const SshTarget& t, const std::string& socket) {
  return "if '" + t.netcat + "' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then "
         "ARG=-q0;else ARG=;fi;'" + t.netcat + "' $ARG -U " + socket;
}

}  // namespace

std::vector<std::string> sshArgv(const SshTarget& t) {
  std::vector<std::string> argv{t.sshCommand};
  if (t.port) argv.insert(argv.end(), {"-p", *t.port});
  if (t.user) argv.insert(argv.end(), {"-l", *t.user});
  if (t.keyfile) argv.insert(argv.end(), {"-i", *t.keyfile});
  argv.insert(argv.end(), {"-T", "-e", "none"});
  if (t.noTty) argv.insert(argv.end(), {"-o", "BatchMode=yes"});
  if (t.noVerify) argv.insert(argv.end(), {"-o", "StrictHostKeyChecking=no"});
  argv.insert(argv.end(), {"--", t.host, remoteCommand(t)});
  return argv;
}

std::string remoteCommand(const SshTarget& t) {
  if (t.socket) return "sh -c '" + netcatTo(t, *t.socket) + "'";
  const std::string legacy =
      std::string("/var/run/libvirt/libvirt-sock") + (t.readOnly ? "-ro" : "");
  return std::string("sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     "
                     "virt-ssh-helper ") +
         (t.readOnly ? "-r " : "") + "'interface:///system'; else    " + netcatTo(t, legacy) +
         "; fi'";
}

Result<RpcClient> connectSsh(const SshTarget& target) {
  auto child = ChildProcess::spawn(sshArgv(target));
  if (!child) return std::move(child).error();
  UniqueFd toDaemon = child->takeStdin();
  UniqueFd fromDaemon = child->takeStdout();
  return RpcClient::overChild(std::move(*child), std::move(fromDaemon), std::move(toDaemon));
}

}  // namespace ifkit::rpc
