// SPDX-License-Identifier: LGPL-2.1-or-later
// The ssh transport of libvirt's remote protocol (interface+ssh://user@host:port/system): run
// OpenSSH, and on the far side a command that joins its stdin and stdout to the daemon's
// socket; then speak the protocol over the pipes. The argv and the remote command are libvirt
// 9.0's own (../shared/spec/libvirt-rpc.md section 10.2), so that ifkit reaches whatever a
// virsh would reach.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rpc/rpc_client.h"

namespace ifkit::rpc {

struct SshTarget {
  std::string host;
  std::optional<std::string> port;
  std::optional<std::string> user;
  std::optional<std::string> keyfile;   // keyfile=
  std::optional<std::string> socket;    // socket=: forces netcat to exactly this path
  bool noVerify = false;                // no_verify=1: StrictHostKeyChecking=no
  bool noTty = false;                   // no_tty=1: BatchMode=yes
  std::string sshCommand = "ssh";       // command=
  std::string netcat = "nc";            // netcat=
  bool readOnly = false;
};

// ssh [-p PORT] [-l USER] [-i KEYFILE] -T -e none [-o BatchMode=yes]
//     [-o StrictHostKeyChecking=no] -- HOST 'REMOTE COMMAND'
std::vector<std::string> sshArgv(const SshTarget& target);

// With socket=: netcat on that path. Without: libvirt's auto rule on the far side
// (virt-ssh-helper if installed, else netcat on the monolithic daemon's socket).
std::string remoteCommand(const SshTarget& target);

Result<RpcClient> connectSsh(const SshTarget& target);

}  // namespace ifkit::rpc
