// SPDX-License-Identifier: LGPL-2.1-or-later
// iface-begin, iface-commit, iface-rollback: the change transaction.
#include "commands.h"
#include "option_values.h"
#include "rollback_watchdog.h"
#include "session.h"

namespace ifkit::cli {
namespace {

bool report(Session& s, Status st, std::string_view failure, std::string_view success) {
  if (!st) {
    s.error(failure);
    s.setFailure(st.error());
    return false;
  }
  s.printExtra(success);
  return true;
}

bool beginCmd(Session& s, const ParsedCommand& cmd) {
  if (!cmd.has("timeout"))
    return report(s, s.conn().changeBegin(0), "Failed to begin network config change transaction",
                  "Network config change transaction started\n");
  // Beyond virsh: roll back by itself unless committed in time.
  auto seconds = uintOption(s, cmd, "timeout", 0);
  if (!seconds) return false;
  if (!report(s, s.conn().changeBeginWithTimeout(*seconds, 0),
              "Failed to begin network config change transaction",
              "Network config change transaction started; it rolls back by itself in " +
                  std::to_string(*seconds) + " seconds unless committed\n"))
    return false;
  // A daemon holds its transactions and rolls them back itself; in local mode nothing outlives
  // this process, so a watchdog does.
  if (s.conn().uri().starts_with("ifkit:") && !startRollbackWatchdog(s.conn().uri(), *seconds)) {
    s.error("could not start the rollback watchdog: the transaction rolls back at the first "
            "call after its deadline, or at boot");
    return false;
  }
  return true;
}

bool commitCmd(Session& s, const ParsedCommand&) {
  return report(s, s.conn().changeCommit(0),
                "Failed to commit network config change transaction",
                "Network config change transaction committed\n");
}

bool rollbackCmd(Session& s, const ParsedCommand&) {
  return report(s, s.conn().changeRollback(0),
                "Failed to rollback network config change transaction",
                "Network config change transaction rolled back\n");
}

constexpr OptDef kBeginOpts[] = {
    {"timeout", OptType::String, false,
     "roll back by itself unless committed within this many seconds (ifkit, beyond virsh)"},
};

constexpr CommandDef kCommands[] = {
    {"iface-begin",
     "create a snapshot of current interfaces settings, which can be later committed "
     "(iface-commit) or restored (iface-rollback)",
     "Create a restore point for interfaces settings", kBeginOpts, &beginCmd},
    {"iface-commit", "commit changes made since iface-begin and free restore point",
     "commit changes and free restore point", {}, &commitCmd},
    {"iface-rollback", "rollback to previous saved configuration created via iface-begin",
     "rollback to previous restore point", {}, &rollbackCmd},
};

}  // namespace

std::span<const CommandDef> interfaceTransactionCommands() { return kCommands; }

}  // namespace ifkit::cli
