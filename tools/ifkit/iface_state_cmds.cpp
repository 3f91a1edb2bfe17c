// SPDX-License-Identifier: LGPL-2.1-or-later
// iface-start, iface-destroy: the commands that bring an interface up and down.
#include "commands.h"
#include "iface_lookup.h"
#include "session.h"

namespace ifkit::cli {
namespace {

// --dry-run (beyond virsh): print what would be done to the host, one operation a line.
bool printDryRun(Session& s, const Result<std::string>& plan, const std::string& failure) {
  if (!plan) {
    s.error(failure);
    s.setFailure(plan.error());
    return false;
  }
  s.print(*plan);
  return true;
}

// Several interfaces at once (beyond virsh), started together, so that the host is read once for
// all of them. Names go to the driver as they are (looking each up first would read every
// definition twice); MAC addresses are looked up. Each success and failure is reported as for
// one, a name nothing defines as a failed lookup.
bool startSeveral(Session& s, const std::vector<std::string>& args) {
  std::vector<std::string> names;
  std::vector<std::string> shown;  // as given: a MAC stays a MAC in what is printed
  bool ok = true;
  for (const auto& arg : args) {
    if (!looksLikeMac(arg)) {
      names.push_back(arg);
      shown.push_back(arg);
      continue;
    }
    auto iface = lookupInterfaceNamed(s, arg, kByMac);
    if (!iface) {
      if (auto e = s.takeFailure()) s.error(e->message);
      ok = false;
      continue;
    }
    names.push_back(iface->name());
    shown.push_back(arg);
  }
  const std::vector<Status> results = s.conn().createManyByName(names, 0);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i]) {
      s.printExtra("Interface " + shown[i] + " started\n");
      continue;
    }
    const Error& e = results[i].error();
    s.error(e.number == ErrorNumber::NoInterface ? "failed to get interface '" + shown[i] + "'"
                                                 : "Failed to start interface " + shown[i]);
    s.error(e.message);
    ok = false;
  }
  return ok;
}

bool startCmd(Session& s, const ParsedCommand& cmd) {
  if (const auto names = cmd.all("interface"); names.size() > 1 && !cmd.has("dry-run"))
    return startSeveral(s, names);
  std::string name;
  auto iface = lookupInterface(s, cmd, "interface", kByName | kByMac, &name);
  if (!iface) return false;
  if (cmd.has("dry-run"))
    return printDryRun(s, iface->createDryRun(), "Failed to plan the start of interface " + name);
  if (Status st = iface->create(0); !st) {
    s.error("Failed to start interface " + name);
    s.setFailure(st.error());
    return false;
  }
  s.printExtra("Interface " + name + " started\n");
  return true;
}

bool destroyCmd(Session& s, const ParsedCommand& cmd) {
  std::string name;
  auto iface = lookupInterface(s, cmd, "interface", kByName | kByMac, &name);
  if (!iface) return false;
  if (cmd.has("dry-run"))
    return printDryRun(s, iface->destroyDryRun(), "Failed to plan the stop of interface " + name);
  if (Status st = iface->destroy(0); !st) {
    s.error("Failed to destroy interface " + name);
    s.setFailure(st.error());
    return false;
  }
  s.printExtra("Interface " + name + " destroyed\n");
  // Success exits 0. (virsh 9.0 reports failure here after printing success:
  // docs/virsh-differences.md.)
  return true;
}

constexpr OptDef kIfaceOpts[] = {
    {"interface", OptType::Data, true, "interface name or MAC address"},
    {"dry-run", OptType::Bool, false,
     "print what would be done to the host, and do nothing (ifkit, beyond virsh)"},
};

// iface-start takes several interfaces (beyond virsh): started together, the host read once.
constexpr OptDef kStartOpts[] = {
    {"interface", OptType::Argv, true, "interface names or MAC addresses"},
    {"dry-run", OptType::Bool, false,
     "print what would be done to the host, and do nothing (ifkit, beyond virsh)"},
};

constexpr CommandDef kCommands[] = {
    {"iface-start", "start a physical host interface (enable it / \"if-up\")",
     "start a physical host interface.", kStartOpts, &startCmd},
    {"iface-destroy", "destroy a physical host interface (disable it / \"if-down\")",
     "forcefully stop a physical host interface.", kIfaceOpts, &destroyCmd},
};

}  // namespace

std::span<const CommandDef> interfaceStateCommands() { return kCommands; }

}  // namespace ifkit::cli
