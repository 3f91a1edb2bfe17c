// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/kernel_live_xml.cpp: the live XML oracle's lines, from ip, sysfs and /proc/sys.
#include "kernel_live_xml.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace ifkit::test {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

std::string lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Json linkOf(const KernelReader& k, const std::string& link) {
  Json all = k.ipJson("link show dev " + link);
  if (all.size() != 1) throw std::runtime_error("ip link show dev " + link + ": no such link");
  return all[0];
}

// The first default route's gateway out of `link`, for `ip -j -4` or `-6`.
std::optional<std::string> gatewayOf(const KernelReader& k, const std::string& family,
                                     const std::string& link) {
  for (const Json& route : k.ipJson(family + " route show default dev " + link).items())
    if (route.has("gateway")) return route["gateway"].str();
  return std::nullopt;
}

std::optional<long> numberIn(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  try {
    return std::stol(*text);
  } catch (const std::logic_error&) {
    return std::nullopt;
  }
}

}  // namespace

KernelReader readerOf(const TestNetns& ns) {
  return {[&ns](const std::string& args) { return ns.ipJson(args); },
          [&ns](const std::string& path) -> std::optional<std::string> {
            try {
              return ns.readFileInside(path);
            } catch (const std::runtime_error&) {
              return std::nullopt;
            }
          }};
}

KernelReader thisNamespace() {
  return {[](const std::string& args) {
            CommandResult r = runCommand("ip -j " + args);
            if (r.exitCode != 0) throw std::runtime_error("ip -j " + args + ": " + r.output);
            return Json::parse(r.output);
          },
          [](const std::string& path) -> std::optional<std::string> {
            std::ifstream in(path);
            std::string text;
            if (!in || !std::getline(in, text)) return std::nullopt;  // EINVAL reads as a failure
            return trimmed(text);
          }};
}

std::string mtuLine(const KernelReader& k, const std::string& link, const std::string& indent) {
  return indent + "<mtu size='" + std::to_string(linkOf(k, link)["mtu"].integer()) + "'/>\n";
}

std::string linkLine(const KernelReader& k, const std::string& link, const std::string& indent) {
  const std::string state = lowercase(linkOf(k, link)["operstate"].str());
  std::string speed;
  if (state == "up") {
    auto mbps = numberIn(k.readFile("/sys/class/net/" + link + "/speed"));
    if (mbps && *mbps > 0) speed = " speed='" + std::to_string(*mbps) + "'";
  }
  return indent + "<link" + speed + " state='" + state + "'/>\n";
}

std::string macLine(const KernelReader& k, const std::string& link, const std::string& indent) {
  return indent + "<mac address='" + linkOf(k, link)["address"].str() + "'/>\n";
}

std::string protocolLines(const KernelReader& k, const std::string& link,
                          const std::string& indent) {
  std::string v4, v6;
  bool v4Lease = false;
  for (const Json& a : k.ipJson("addr show dev " + link)[0]["addr_info"].items()) {
    if (a["scope"].str() != "global") continue;
    // ip marks "dynamic" an address the kernel holds for a finite time: for IPv4, a lease.
    if (a["family"].str() == "inet" && a.has("dynamic")) {
      v4Lease = true;
      continue;
    }
    const std::string ip = indent + "  <ip address='" + a["local"].str() + "' prefix='" +
                           std::to_string(a["prefixlen"].integer()) + "'/>\n";
    (a["family"].str() == "inet" ? v4 : v6) += ip;
  }
  if (v4Lease) v4 = indent + "  <dhcp/>\n" + v4;
  if (auto gw = gatewayOf(k, "-4", link)) v4 += indent + "  <route gateway='" + *gw + "'/>\n";
  if (auto gw = gatewayOf(k, "-6", link)) v6 += indent + "  <route gateway='" + *gw + "'/>\n";
  std::string out;
  if (!v4.empty()) out += indent + "<protocol family='ipv4'>\n" + v4 + indent + "</protocol>\n";
  if (!v6.empty()) {
    // The kernel learns from router advertisements with accept_ra 2, or 1 on a link that does
    // not forward (ipv6_accept_ra() in include/net/addrconf.h).
    const std::string conf = "/proc/sys/net/ipv6/conf/" + link + "/";
    const long acceptRa = numberIn(k.readFile(conf + "accept_ra")).value_or(0);
    const bool forwarding = numberIn(k.readFile(conf + "forwarding")).value_or(0) != 0;
    const bool autoconf = (acceptRa == 2 || (acceptRa == 1 && !forwarding)) &&
                          numberIn(k.readFile(conf + "autoconf")).value_or(0) != 0;
    out += indent + "<protocol family='ipv6'>\n" + (autoconf ? indent + "  <autoconf/>\n" : "") +
           v6 + indent + "</protocol>\n";
  }
  return out;
}

std::string nestedEthernetLines(const KernelReader& k, const std::string& link,
                                const std::string& indent) {
  return indent + "<interface type='ethernet' name='" + link + "'>\n" +
         linkLine(k, link, indent + "  ") + macLine(k, link, indent + "  ") + indent +
         "</interface>\n";
}

void expectSameOnceSettled(const std::function<std::string()>& live,
                           const std::function<std::string()>& kernel) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string a = live(), b = kernel();
  while (a != b && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    a = live();
    b = kernel();
  }
  EXPECT_EQ(a, b) << "ifkit's live XML (left) against the kernel's view through ip (right)";
}

}  // namespace ifkit::test
