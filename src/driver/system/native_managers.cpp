// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/native_managers.h"

#include "driver/system/networkd_reload.h"
#include "driver/system/networkmanager_tell.h"
#include "native/ifupdown/ifupdown_configuration.h"
#include "native/ifupdown/ifupdown_release.h"
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

// networkd is not told which links: it rereads all its files.
Status rereadNetworkdFiles(int netnsFd, const std::vector<std::string>&) {
  return rereadNetworkd(netnsFd);
}

}  // namespace

const std::vector<NativeManager>& nativeManagers() {
  static const std::vector<NativeManager> managers = {
      {native::ifupdown::kManagerName, &readIfupdown, &releaseFromIfupdown, nullptr, nullptr,
       nullptr},
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
       &native::networkmanager::releaseFromNetworkManager, &networkManagerLetGo, nullptr,
       &networkManagerTakeBack},
  };
  return managers;
}

}  // namespace ifkit::driver
