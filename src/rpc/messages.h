// SPDX-License-Identifier: LGPL-2.1-or-later
// The argument and return structures of every procedure the interface API uses, as XDR
// structs (see xdr.h for how fields() makes them encodable). Names follow remote_protocol.x.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <variant>

#include "rpc/xdr.h"

namespace ifkit::rpc {

using OptionalString = std::optional<std::string>;  // remote_string

struct InterfaceHandle {  // remote_nonnull_interface: name is the key, mac informational
  std::string name;
  std::string mac;
  auto fields() { return std::tie(name, mac); }
  bool operator==(const InterfaceHandle&) const = default;
};

struct DomainHandle {  // remote_nonnull_domain, only ever inside remote_error (always NULL)
  std::string name;
  XdrFixed<16> uuid{};
  std::int32_t id = 0;
  auto fields() { return std::tie(name, uuid, id); }
  bool operator==(const DomainHandle&) const = default;
};

struct NetworkHandle {  // remote_nonnull_network, only ever inside remote_error (always NULL)
  std::string name;
  XdrFixed<16> uuid{};
  auto fields() { return std::tie(name, uuid); }
  bool operator==(const NetworkHandle&) const = default;
};

struct RemoteError {  // remote_error
  std::int32_t code = 0;
  std::int32_t domain = 0;
  OptionalString message;
  std::int32_t level = 2;
  std::optional<DomainHandle> dom;
  OptionalString str1, str2, str3;
  std::int32_t int1 = -1, int2 = -1;
  std::optional<NetworkHandle> net;
  auto fields() {
    return std::tie(code, domain, message, level, dom, str1, str2, str3, int1, int2, net);
  }
  bool operator==(const RemoteError&) const = default;
};

// A typed parameter (remote_typed_param), as CONNECT_SET_IDENTITY carries them.
struct TypedParam {
  std::string field;
  // The discriminant is the index + 1: INT, UINT, LLONG, ULLONG, DOUBLE, BOOLEAN, STRING.
  std::variant<std::int32_t, std::uint32_t, std::int64_t, std::uint64_t, double, bool, std::string>
      value;
  bool operator==(const TypedParam&) const = default;
};

// ---- arguments -------------------------------------------------------------------------------
struct ConnectOpenArgs {
  OptionalString name;
  std::uint32_t flags = 0;
  auto fields() { return std::tie(name, flags); }
};
struct SupportsFeatureArgs {
  std::int32_t feature = 0;
  auto fields() { return std::tie(feature); }
};
struct MaxNamesArgs {  // CONNECT_LIST_INTERFACES, CONNECT_LIST_DEFINED_INTERFACES
  std::int32_t maxnames = 0;
  auto fields() { return std::tie(maxnames); }
};
struct NameArgs {  // INTERFACE_LOOKUP_BY_NAME
  std::string name;
  auto fields() { return std::tie(name); }
};
struct MacArgs {  // INTERFACE_LOOKUP_BY_MAC_STRING
  std::string mac;
  auto fields() { return std::tie(mac); }
};
struct InterfaceArgs {  // INTERFACE_UNDEFINE, INTERFACE_IS_ACTIVE
  InterfaceHandle iface;
  auto fields() { return std::tie(iface); }
};
struct InterfaceFlagsArgs {  // INTERFACE_GET_XML_DESC, INTERFACE_CREATE, INTERFACE_DESTROY
  InterfaceHandle iface;
  std::uint32_t flags = 0;
  auto fields() { return std::tie(iface, flags); }
};
struct DefineXmlArgs {
  std::string xml;
  std::uint32_t flags = 0;
  auto fields() { return std::tie(xml, flags); }
};
struct FlagsArgs {  // INTERFACE_CHANGE_BEGIN / COMMIT / ROLLBACK
  std::uint32_t flags = 0;
  auto fields() { return std::tie(flags); }
};
struct BeginWithTimeoutArgs {  // IFKIT program, CHANGE_BEGIN_WITH_TIMEOUT
  std::uint32_t flags = 0;
  std::uint32_t seconds = 0;
  auto fields() { return std::tie(flags, seconds); }
};
struct ListAllArgs {
  std::int32_t needResults = 0;
  std::uint32_t flags = 0;
  auto fields() { return std::tie(needResults, flags); }
};
struct SetIdentityArgs {
  XdrArray<TypedParam, kMaxIdentityParams> params;
  std::uint32_t flags = 0;
  auto fields() { return std::tie(params, flags); }
};

// ---- return values ---------------------------------------------------------------------------
struct IntRet {  // num, supported, active, secure, complete
  std::int32_t value = 0;
  auto fields() { return std::tie(value); }
};
struct UHyperRet {  // hv_ver, lib_ver
  std::uint64_t value = 0;
  auto fields() { return std::tie(value); }
};
struct StringRet {  // type, hostname, uri, xml
  std::string value;
  auto fields() { return std::tie(value); }
};
struct AuthListRet {
  XdrArray<std::int32_t, kMaxAuthTypes> types;
  auto fields() { return std::tie(types); }
};
struct NamesRet {
  XdrArray<std::string, kMaxInterfaceList> names;
  auto fields() { return std::tie(names); }
};
struct InterfaceRet {  // lookups and define
  InterfaceHandle iface;
  auto fields() { return std::tie(iface); }
};
struct ListAllRet {
  XdrArray<InterfaceHandle, kMaxInterfaceList> ifaces;
  std::uint32_t ret = 0;
  auto fields() { return std::tie(ifaces, ret); }
};
struct ConnectionClosedMsg {
  std::int32_t reason = 0;
  auto fields() { return std::tie(reason); }
};

// TypedParam is a union, so it is coded by hand.
void xdrPut(XdrWriter& out, const TypedParam& param);
bool xdrGet(XdrReader& in, TypedParam& param);

// remote_error to and from ifkit's Error: the message travels whole, so virsh prints it as is.
RemoteError toRemoteError(const Error& error);
Error fromRemoteError(const RemoteError& remote);
// A listing of more interfaces than ListAllRet holds (REMOTE_INTERFACE_LIST_MAX), refused as
// libvirt's client refuses such a reply.
Error tooManyInterfaces(std::uint32_t count);

}  // namespace ifkit::rpc
