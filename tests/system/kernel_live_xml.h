// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/kernel_live_xml.h: lines of a link's live XML written from the kernel's own view
// (`ip -j`, sysfs, /proc/sys), never through ifkit's reader: the oracle that iface-dumpxml is
// compared with on a real kernel.
//
//   KernelReader k = readerOf(ns);   // a test namespace; thisNamespace() inside the VM
//   const std::string expected = "<interface type='ethernet' name='eth0'>\n" +
//       mtuLine(k, "eth0", "  ") + protocolLines(k, "eth0", "  ") + linkLine(k, "eth0", "  ") +
//       macLine(k, "eth0", "  ") + "</interface>\n";
//   expectSameOnceSettled([&] { return *iface.xmlDesc(0); }, [&] { return expected(); });
//
// Each function returns whole lines, indented by `indent`, ending in '\n'. The rules are libvirt's
// and README's ("What the live XML holds"): speed only for a link operationally up; global
// addresses only, an IPv4 one that ip marks dynamic (a lease) as <dhcp/>; the first default route
// of each family out of the link; <autoconf/> where the link has IPv6 configuration, autoconf = 1
// and accept_ra 2, or 1 with forwarding 0.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "test_netns.h"

namespace ifkit::test {

// Where the oracle reads: one network namespace's `ip -j` and its /sys and /proc/sys files.
struct KernelReader {
  std::function<Json(const std::string& ipArgs)> ipJson;  // `ip -j IP_ARGS`, parsed
  // The file's text, trimmed; nullopt when the kernel refuses to give it (sysfs speed of a link
  // that is down) or it does not exist.
  std::function<std::optional<std::string>(const std::string& path)> readFile;
};

KernelReader readerOf(const TestNetns& ns);
// The namespace this process runs in: only inside the test VM, never on a real host.
KernelReader thisNamespace();

// <mtu size='N'/>
std::string mtuLine(const KernelReader& k, const std::string& link, const std::string& indent);
// <link speed='S' state='W'/>: ip's operstate, and sysfs's speed when that state is UP.
std::string linkLine(const KernelReader& k, const std::string& link, const std::string& indent);
// <mac address='...'/>: ip's address.
std::string macLine(const KernelReader& k, const std::string& link, const std::string& indent);
// The <protocol> blocks (IPv4, then IPv6) of `ip -j addr show` and `ip -j route show default`,
// empty when there is nothing to show.
std::string protocolLines(const KernelReader& k, const std::string& link,
                          const std::string& indent);
// A nested ethernet interface (bridge port, bond slave): its <link> and <mac>.
std::string nestedEthernetLines(const KernelReader& k, const std::string& link,
                                const std::string& indent);

// Compares ifkit's live XML with the kernel's view once both hold still. The kernel changes some
// of what they show in its own time (linkwatch applies an operational state up to a second late;
// a bond's monitor takes a slave up or down when it next looks), so a pair read across such a
// change is read again, for up to 10 s; the last pair is the one compared.
void expectSameOnceSettled(const std::function<std::string()>& live,
                           const std::function<std::string()>& kernel);

}  // namespace ifkit::test
