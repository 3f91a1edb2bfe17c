// SPDX-License-Identifier: LGPL-2.1-or-later
// summarize: the interface XML's type, start mode, addresses and members, walked with libxml2.
#include "interface_summary.h"

#include <charconv>
#include <map>

#include "ifkit/flags.h"
#include "json_writer.h"
#include "xml_handles.h"

namespace ifkit::cli {
namespace {

const xmlChar* xmlText(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, xmlText(name)) == 0;
}

std::optional<std::string> attribute(xmlNode* node, const char* name) {
  XmlCharPtr value(xmlGetProp(node, xmlText(name)));
  if (!value) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(value.get()));
}

std::optional<int> prefixOf(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// The live (or, inactive, the defined) description: type, addresses, members.
void readDescription(const std::string& xml, InterfaceSummary& s) {
  XmlDocPtr doc = parseXml(xml, Blanks::Drop);
  if (!doc) return;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !named(root, "interface")) return;
  s.kind = attribute(root, "type");
  for (xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (named(child, "protocol")) {
      const std::string family = attribute(child, "family").value_or("");
      for (xmlNode* ip = child->children; ip != nullptr; ip = ip->next)
        if (named(ip, "ip"))
          if (auto address = attribute(ip, "address"))
            s.addresses.push_back({family, *address, prefixOf(attribute(ip, "prefix"))});
    } else if (named(child, "bridge") || named(child, "bond")) {
      for (xmlNode* member = child->children; member != nullptr; member = member->next)
        if (named(member, "interface"))
          if (auto name = attribute(member, "name")) s.members.push_back(*name);
    }
  }
}

std::optional<std::string> startModeOf(const std::string& xml) {
  XmlDocPtr doc = parseXml(xml, Blanks::Drop);
  if (!doc) return std::nullopt;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return std::nullopt;
  for (xmlNode* child = root->children; child != nullptr; child = child->next)
    if (named(child, "start")) return attribute(child, "mode");
  return std::nullopt;
}

void optionalString(JsonWriter& j, const std::optional<std::string>& value) {
  if (value)
    j.string(*value);
  else
    j.null();
}

}  // namespace

std::vector<InterfaceSummary> summarize(const std::vector<Interface>& listed) {
  std::vector<InterfaceSummary> summaries;
  for (const Interface& iface : listed) {
    InterfaceSummary s;
    s.name = iface.name();
    s.mac = iface.macString();
    auto active = iface.isActive();
    s.active = !active || *active;  // as iface-list prints a state it cannot read
    const Result<std::string> xml = iface.xmlDesc(0);
    if (xml) readDescription(*xml, s);
    // The start mode is the definition's; a driver that has no inactive XML (the test driver
    // refuses the flag, as libvirt's does) names it in the one description it has.
    if (auto inactive = iface.xmlDesc(kInterfaceXmlInactive))
      s.startMode = startModeOf(*inactive);
    else if (xml)
      s.startMode = startModeOf(*xml);
    summaries.push_back(std::move(s));
  }
  std::map<std::string, std::string> masterOf;
  for (const InterfaceSummary& s : summaries)
    for (const std::string& member : s.members) masterOf.emplace(member, s.name);
  for (InterfaceSummary& s : summaries)
    if (auto it = masterOf.find(s.name); it != masterOf.end()) s.master = it->second;
  return summaries;
}

std::string summariesAsJson(const std::vector<InterfaceSummary>& summaries) {
  JsonWriter j;
  j.beginArray();
  for (const InterfaceSummary& s : summaries) {
    j.beginObject();
    j.key("name");
    j.string(s.name);
    j.key("state");
    j.string(s.active ? "active" : "inactive");
    j.key("mac");
    optionalString(j, s.mac.empty() ? std::nullopt : std::optional(s.mac));
    j.key("kind");
    optionalString(j, s.kind);
    j.key("master");
    optionalString(j, s.master);
    j.key("members");
    j.beginArray();
    for (const std::string& m : s.members) j.string(m);
    j.endArray();
    j.key("start_mode");
    optionalString(j, s.startMode);
    j.key("addresses");
    j.beginArray();
    for (const AddressSummary& a : s.addresses) {
      j.beginObject();
      j.key("family");
      j.string(a.family);
      j.key("address");
      j.string(a.address);
      j.key("prefix");
      if (a.prefix)
        j.number(*a.prefix);
      else
        j.null();
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  j.endArray();
  return j.text() + "\n";
}

std::string summaryKind(const InterfaceSummary& s) { return s.kind.value_or("-"); }

std::string summaryMembers(const InterfaceSummary& s) {
  std::string cell;
  for (const std::string& m : s.members) {
    if (!cell.empty()) cell += ", ";
    cell += m;
  }
  return cell.empty() ? "-" : cell;
}

std::string summaryAddresses(const InterfaceSummary& s) {
  std::string cell;
  for (const AddressSummary& a : s.addresses) {
    if (!cell.empty()) cell += ", ";
    cell += a.address;
    if (a.prefix) {
      cell += '/';
      cell += std::to_string(*a.prefix);
    }
  }
  return cell.empty() ? "-" : cell;
}

}  // namespace ifkit::cli
