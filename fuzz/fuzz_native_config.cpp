// SPDX-License-Identifier: LGPL-2.1-or-later
// libFuzzer target: other managers' files as the host may hold them, whatever their bytes:
// netplan's YAML (parseYaml, the merge of several files, the translation into definitions and
// the release that cuts entries out) and NetworkManager's keyfiles (parseKeyfile and the
// translation). Every input is read both ways; "\n---8<---\n" separates files, so that merges
// and references across files are reached. Any bytes give definitions and problems, never a
// crash, and a netplan release never leaves a file that does not parse.
// Seeds: tests/native/netplan_cases and networkmanager_cases (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "native/netplan/netplan_configuration.h"
#include "native/netplan/netplan_release.h"
#include "native/networkmanager/networkmanager_configuration.h"

namespace {

using namespace ifkit::native;

std::vector<std::string> splitFiles(const std::string& text) {
  std::vector<std::string> files;
  const std::string separator = "\n---8<---\n";
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(separator, start)) != std::string::npos && files.size() < 8;
       start = at + separator.size())
    files.push_back(text.substr(start, at - start));
  files.push_back(text.substr(start));
  return files;
}

const std::vector<std::string> kLinks = {"eth0", "eno1", "eno2", "enp3s0", "lan0", "wlp2s0"};

void readAsNetplan(const std::vector<std::string>& texts) {
  netplan::NetplanFiles files;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    netplan::YamlDocument document = netplan::parseYaml(texts[i]);
    if (!document.error.empty()) {
      files.problems.push_back({"netplan", document.error});
      continue;
    }
    if (!document.root || !document.root->isMapping()) continue;
    const std::string path = "/etc/netplan/" + std::to_string(i) + ".yaml";
    if (!files.merged)
      files.merged = *document.root;
    else
      netplan::mergeYaml(*files.merged, *document.root);
    files.files.push_back({path, texts[i], std::move(*document.root)});
  }
  // Every node says file 0 here (readNetplanFiles numbers them): a problem may name the wrong
  // file, never one out of range.
  NativeConfiguration conf = netplan::translateNetplanFiles(files, kLinks);
  std::vector<std::string> names = {"eth0", "br0"};
  for (const NativeDefinition& native : conf.definitions) {
    (void)formatNativeXml(native);
    names.push_back(native.def.name);
  }
  auto edits = netplan::releaseFromNetplanFiles(files, names);
  if (!edits) return;
  for (const FileEdit& edit : *edits)
    if (!edit.after || !netplan::parseYaml(*edit.after).error.empty()) std::abort();
}

void readAsKeyfiles(const std::vector<std::string>& texts) {
  networkmanager::ConnectionFiles files;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    networkmanager::Keyfile keyfile = networkmanager::parseKeyfile(texts[i]);
    const auto* connection = keyfile.group("connection");
    if (!connection) continue;
    std::string uuid = connection->value("uuid").value_or("");
    files.connections.push_back(
        {"/etc/NetworkManager/system-connections/" + std::to_string(i), std::move(keyfile), uuid});
  }
  for (const NativeDefinition& native :
       networkmanager::translateConnectionFiles(files, kLinks).definitions)
    (void)formatNativeXml(native);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto texts = splitFiles(std::string(reinterpret_cast<const char*>(data), size));
  readAsNetplan(texts);
  readAsKeyfiles(texts);
  return 0;
}
