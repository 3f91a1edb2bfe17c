// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/native_managers.h"

#include "driver/system/networkd_reload.h"
#include "driver/system/networkmanager_tell.h"
#include "native/ifupdown/ifupdown_configuration.h"
#include "native/ifupdown/ifupdown_release.h"
#include "native/ifupdown/ifupdown_state.h"
#include "native/netplan/netplan_configuration.h"
#include "native/netplan/netplan_release.h"
#include "native/networkmanager/networkmanager_configuration.h"
#include "native/networkmanager/networkmanager_release.h"
#include "native/networkd/networkd_configuration.h"
#include "native/networkd/networkd_release.h"

namespace ifkit::driver {
namespace {

// ifupdown matches nothing against links: its stanzas name their interfaces.
native::NativeConfiguration readIfupdown(const native::ConfigRoot& root,
                                         const std::vector<std::string>&) {
  return native::ifupdown::readIfupdownConfiguration(root);
}

Result<std::vector<native::FileEdit>> releaseFromIfupdown(const native::ConfigRoot& root,
                                                          const std::vector<std::string>& names) {
  return native::ifupdown::releaseFromIfupdown(
      native::ifupdown::readInterfacesTree(root, native::ifupdown::kInterfacesFile), names);
}

// networkd configures nothing where systemd does not start it.
native::NativeConfiguration readNetworkd(const native::ConfigRoot& root,
                                         const std::vector<std::string>& links) {
  if (!native::networkd::networkdIsEnabled(root)) return {};
  return native::networkd::readNetworkdConfiguration(root, links);
}

// ifupdown runs only when called: what it is told is its bookkeeping (ifupdown_state.h).
Status forgetInIfupdown(const TellContext& where, const std::vector<std::string>& names) {
  return native::ifupdown::forgetConfigured(where.root, names);
}

// Given back running (as iface-unbridge leaves the NIC), an interface is ifupdown's to take
// down again; given back down, ifup brings it up.
Status recordInIfupdown(const TellContext& where, const std::vector<std::string>& names) {
  std::vector<std::string> running;
  for (const std::string& name : names)
    if (linkIsUp(where.netnsFd, name)) running.push_back(name);
  return native::ifupdown::markConfigured(where.root, running);
}

// networkd is not told which links: it rereads all its files.
Status rereadNetworkdFiles(const TellContext& where, const std::vector<std::string>&) {
  return rereadNetworkd(where.netnsFd);
}

Status networkManagerLetsGo(const TellContext& where, const std::vector<std::string>& names) {
  return networkManagerLetGo(where.netnsFd, names);
}

Status networkManagerTakesBack(const TellContext& where, const std::vector<std::string>& names) {
  return networkManagerTakeBack(where.netnsFd, names);
}

}  // namespace

const std::vector<NativeManager>& nativeManagers() {
  static const std::vector<NativeManager> managers = {
      {native::ifupdown::kManagerName, &readIfupdown, &releaseFromIfupdown, &forgetInIfupdown,
       nullptr, &recordInIfupdown},
      // Before networkd: netplan renders its YAML into /run/systemd/network, where networkd's
      // reader finds it too; the YAML is the administrator's, so netplan is named the owner.
      // Its release cuts the YAML; networkd's, of the same rendered files, keeps networkd off
      // the link until netplan renders again (at the next boot).
      {native::netplan::kManagerName, &native::netplan::readNetplanConfiguration,
       &native::netplan::releaseFromNetplan, nullptr, nullptr, nullptr},
      {native::networkd::kManagerName, &readNetworkd,
       &native::networkd::releaseFromNetworkd, nullptr, &rereadNetworkdFiles,
       &rereadNetworkdFiles},
      // Told before the start, device by device (networkmanager_tell.h says why).
      {native::networkmanager::kManagerName,
       &native::networkmanager::readNetworkManagerConfiguration,
       &native::networkmanager::releaseFromNetworkManager, &networkManagerLetsGo, nullptr,
       &networkManagerTakesBack},
  };
  return managers;
}

}  // namespace ifkit::driver
