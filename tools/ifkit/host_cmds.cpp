// SPDX-License-Identifier: LGPL-2.1-or-later
// boot: ifkit's own host commands, beyond virsh (group "Host", help keyword 'host').
#include "commands.h"
#include "session.h"

namespace ifkit::cli {
namespace {

bool bootCmd(Session& s, const ParsedCommand&) {
  auto report = s.conn().boot();
  if (!report) {
    s.error("Failed to apply the boot configuration");
    s.setFailure(report.error());
    return false;
  }
  if (report->rolledBackTransaction)
    s.printExtra("Unfinished network config change transaction rolled back\n");
  for (const auto& name : report->started) s.printExtra("Interface " + name + " started\n");
  for (const auto& name : report->alreadyActive)
    s.printExtra("Interface " + name + " already active\n");
  for (const auto& [name, error] : report->failed) {
    s.error("Failed to start interface " + name);
    s.error(error.message);
  }
  for (const auto& [path, error] : report->unreadable) {
    s.error("Failed to read the definition file " + path);
    s.error(error.message);
  }
  for (const auto& [name, error] : report->conflicts) {
    s.error("Interface " + name + " has two definitions");
    s.error(error.message);
  }
  for (const auto& [path, error] : report->damaged) {
    s.error("Damaged file " + path);
    s.error(error.message);
  }
  return report->failed.empty() && report->unreadable.empty() && report->conflicts.empty() &&
         report->damaged.empty();
}

constexpr CommandDef kCommands[] = {
    {"boot",
     "apply the boot configuration (ifkit)",
     "Roll back a change transaction that a reboot interrupted, then start every interface "
     "whose start mode is onboot, the ones others are built on first. Every file of the store "
     "that holds no readable definition is reported, and fails the command, but the others "
     "still start. So is every interface that two definitions claim (a store edited by hand): "
     "a member's own definition is left alone and the bridge or bond that claims it starts; "
     "of two bridges or bonds that claim one interface, neither starts. Run at boot by "
     "ifkit-boot.service.",
     {},
     &bootCmd},
};

}  // namespace

std::span<const CommandDef> hostCommands() { return kCommands; }

}  // namespace ifkit::cli
