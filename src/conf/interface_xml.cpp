// placeholder until the parser lands: every parse fails, format prints the root only.
#include "conf/interface_xml.h"
namespace ifkit::conf {
bool BridgeDef::operator==(const BridgeDef&) const = default;
bool BondDef::operator==(const BondDef&) const = default;
std::optional<std::string> InterfaceDef::mac() const {
  if (auto* e = std::get_if<EthernetDef>(&kind)) return e->mac;
  return std::nullopt;
}
const char* typeName(const KindDef& kind) {
  static constexpr const char* kNames[] = {"ethernet", "bridge", "bond", "vlan"};
  return kNames[kind.index()];
}
Result<InterfaceDef> parseInterfaceXml(std::string_view, const ParseFlags&) {
  return makeError(ErrorNumber::InternalError, ErrorDomain::None, "parser not yet written");
}
std::string formatInterfaceXml(const InterfaceDef& def) {
  return "<interface type='" + std::string(typeName(def.kind)) + "' name='" + def.name + "'>\n</interface>\n";
}
Status checkForHost(const InterfaceDef&) { return Status(); }
}  // namespace ifkit::conf
