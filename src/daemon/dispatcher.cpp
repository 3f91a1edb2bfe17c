// SPDX-License-Identifier: LGPL-2.1-or-later
// The connect sequence, the protocol's own errors, and the interface procedures.
#include "daemon/dispatcher.h"

#include <algorithm>
#include <chrono>

#include "api/connection_driver.h"
#include "daemon/procedure_functions.h"
#include "ifkit/flags.h"
#include "ifkit/interface.h"
#include "rpc/messages.h"

namespace ifkit::daemon {
namespace {

using rpc::Header;
using rpc::Message;
using rpc::MessageStatus;
using rpc::MessageType;
using rpc::Procedure;

// The URIs a client may open: libvirt's interface-daemon URI, and "" (remote:/// probing).
bool isServedUri(const std::optional<std::string>& name) {
  return name && (*name == "interface:///system" || name->empty());
}

// libvirt 9.0's version number, major * 1000000 + minor * 1000 + micro: what clients expect.
constexpr std::uint64_t kLibVersion = 9000000;

Error rpcError(const std::string& text) {
  return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc, text);
}

std::string replyOk(const Header& call, const std::string& payload) {
  Header h = call;
  h.type = MessageType::Reply;
  h.status = MessageStatus::Ok;
  return rpc::encodeMessage(h, payload);
}

std::string replyError(const Header& call, const Error& error) {
  Header h = call;
  h.type = MessageType::Reply;
  h.status = MessageStatus::Error;
  return rpc::encodeMessage(h, rpc::encode(rpc::toRemoteError(error)));
}

template <class Ret>
std::string reply(const Header& call, const Result<Ret>& result) {
  if (!result) return replyError(call, result.error());
  return replyOk(call, rpc::encode(*result));
}

std::string reply(const Header& call, const Status& status) {
  if (!status) return replyError(call, status.error());
  return replyOk(call, "");
}

// The procedures that change something, and the public function libvirt names when it refuses
// them on a read-only connection.
const char* writeApiName(Procedure procedure) {
  switch (procedure) {
    case Procedure::InterfaceDefineXml: return "virInterfaceDefineXML";
    case Procedure::InterfaceUndefine: return "virInterfaceUndefine";
    case Procedure::InterfaceCreate: return "virInterfaceCreate";
    case Procedure::InterfaceDestroy: return "virInterfaceDestroy";
    case Procedure::InterfaceChangeBegin: return "virInterfaceChangeBegin";
    case Procedure::InterfaceChangeCommit: return "virInterfaceChangeCommit";
    case Procedure::InterfaceChangeRollback: return "virInterfaceChangeRollback";
    default: return nullptr;
  }
}

// Allowed before CONNECT_OPEN: authentication and feature probing.
bool allowedBeforeOpen(Procedure procedure) {
  switch (procedure) {
    case Procedure::AuthList:
    case Procedure::AuthPolkit:
    case Procedure::AuthSaslInit:
    case Procedure::AuthSaslStart:
    case Procedure::AuthSaslStep:
    case Procedure::ConnectSupportsFeature:
    case Procedure::ConnectOpen:
      return true;
    default:
      return false;
  }
}

rpc::InterfaceHandle handleOf(const Interface& iface) { return {iface.name(), iface.macString()}; }

// The reply to ConnectListAllInterfaces: rpc::ListAllRet as rpc::encode writes it (the handles,
// then the count, which is there even without results), written into the message as the driver
// hands out each interface's name and MAC: thousands of interfaces are not made into refs or
// handles, nor encoded and then copied behind the header.
std::string replyListAll(const Header& call, driver::InterfaceDriver& driver, unsigned flags,
                         bool withResults) {
  // A handle of a kernel's link: a name of up to 15 bytes and a MAC, each with its length.
  constexpr std::size_t kBytesPerHandle = 4 + 16 + 4 + 20;
  Header h = call;
  h.type = MessageType::Reply;
  h.status = MessageStatus::Ok;
  Status listed;
  std::uint32_t count = 0;
  std::string message = rpc::encodeMessageWith(h, 8, [&](rpc::XdrWriter& out) {
    const std::size_t handlesAt = out.size();
    out.put(std::uint32_t{0});  // the number of handles, written over once known
    listed = driver.listAllInterfacesEach(
        flags,
        [&](std::size_t most) {
          if (withResults) out.reserve(most * kBytesPerHandle);
        },
        [&](const driver::InterfaceRefView& ref) {
          ++count;
          if (!withResults) return;
          out.put(ref.name);
          out.put(ref.mac);
        });
    if (withResults) out.putAt(handlesAt, count);
    out.put(count);
  });
  if (!listed) return replyError(call, listed.error());
  // More than the protocol's array holds: libvirt's client would refuse the reply, in the words
  // said here instead, before megabytes go out to be refused.
  if (count > rpc::kMaxInterfaceList) return replyError(call, rpc::tooManyInterfaces(count));
  return message;
}

// A bounded list of names: libvirt refuses maxnames outside 0..REMOTE_INTERFACE_LIST_MAX.
Result<rpc::NamesRet> boundedNames(const Result<std::vector<std::string>>& names,
                                   std::int32_t maxnames) {
  if (maxnames < 0) return rpcError("maxnames must be non-negative");
  if (static_cast<std::uint32_t>(maxnames) > rpc::kMaxInterfaceList)
    return rpcError("maxnames > REMOTE_INTERFACE_LIST_MAX");
  if (!names) return names.error();
  rpc::NamesRet ret;
  const std::size_t count = std::min<std::size_t>(names->size(), static_cast<std::size_t>(maxnames));
  ret.names.items.assign(names->begin(), names->begin() + static_cast<std::ptrdiff_t>(count));
  return ret;
}

std::int64_t steadyMilliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<bool> Dispatcher::expireTransaction() {
  const std::int64_t checkedAt = steadyMilliseconds();
  Result<bool> ended = backend_.expireTransaction();
  // A check that succeeded after the deadline means the rollback is no longer owed: it was done
  // now, or the transaction had ended otherwise. A failed one is tried again: keep watching.
  std::int64_t until = watchUntilMs_.load();
  if (ended && until != 0 && checkedAt >= until) watchUntilMs_.compare_exchange_strong(until, 0);
  return ended;
}

Outcome Dispatcher::handle(ClientSession& session, const Message& message) {
  const Header& h = message.header;
  if (h.program == rpc::kKeepaliveProgram && h.version == rpc::kProtocolVersion) {
    // Answer a PING at any time, even before authentication; a PONG needs no answer.
    if (h.procedure == static_cast<std::int32_t>(rpc::KeepaliveProcedure::Ping)) {
      Header pong = h;
      pong.procedure = static_cast<std::int32_t>(rpc::KeepaliveProcedure::Pong);
      pong.type = MessageType::Message;
      pong.serial = 0;
      pong.status = MessageStatus::Ok;
      return {rpc::encodeMessage(pong, ""), false};
    }
    return {};
  }
  // Only CALLs are answered; libvirtd ignores replies, streams and the like from a client.
  if (h.type != MessageType::Call) return {};
  if (h.program == rpc::kIfkitProgram && h.version == rpc::kProtocolVersion &&
      h.status == MessageStatus::Ok)
    return handleIfkitCall(session, message);
  if (h.program != rpc::kRemoteProgram || h.version != rpc::kProtocolVersion)
    return {replyError(h, rpcError("Cannot find program " + std::to_string(h.program) +
                                   " version " + std::to_string(h.version))),
            false};
  if (h.status != MessageStatus::Ok)
    return {replyError(h, rpcError("Unexpected message status " +
                                   std::to_string(static_cast<int>(h.status)))),
            false};
  if (beforeCall_) beforeCall_(message);
  return handleCall(session, message);
}

Outcome Dispatcher::handleCall(ClientSession& session, const Message& message) {
  const Header& h = message.header;
  const auto procedure = static_cast<Procedure>(h.procedure);
  const std::string& payload = message.payload;

  // Decodes the call's arguments, or answers libvirtd's decoding error.
  auto decodeFailed = [&] {
    return Outcome{replyError(h, rpcError("Unable to decode message payload")), false};
  };

  if (!session.opened && !allowedBeforeOpen(procedure)) {
    // Unknown numbers still say so; known ones need an open connection first.
    return {replyError(h, makeError(ErrorNumber::InternalError, ErrorDomain::Rpc,
                                    "connection not open")),
            false};
  }
  if (session.readOnly) {
    if (const char* api = writeApiName(procedure))
      return {replyError(h, makeError(ErrorNumber::OperationDenied, ErrorDomain::Interface,
                                      std::string("read only access prevents ") + api)),
              false};
  }

  switch (procedure) {
    case Procedure::AuthList: {
      rpc::AuthListRet ret;  // the socket's permissions are the authentication
      ret.types.items = {static_cast<std::int32_t>(rpc::AuthType::None)};
      return {replyOk(h, rpc::encode(ret)), false};
    }
    case Procedure::AuthPolkit:
      return {replyOk(h, rpc::encode(rpc::IntRet{1})), false};
    case Procedure::ConnectSupportsFeature: {
      auto args = rpc::decode<rpc::SupportsFeatureArgs>(payload);
      if (!args) return decodeFailed();
      const auto feature = static_cast<rpc::Feature>(args->feature);
      const bool supported = feature == rpc::Feature::ProgramKeepalive ||
                             feature == rpc::Feature::RemoteEventCallback ||
                             feature == rpc::Feature::RemoteCloseCallback;
      if (feature == rpc::Feature::ProgramKeepalive) session.keepaliveRequested = true;
      return {replyOk(h, rpc::encode(rpc::IntRet{supported ? 1 : 0})), false};
    }
    case Procedure::ConnectOpen: {
      auto args = rpc::decode<rpc::ConnectOpenArgs>(payload);
      if (!args) return decodeFailed();
      if (session.opened)
        return {replyError(h, makeError(ErrorNumber::InternalError, ErrorDomain::Rpc,
                                        "connection already open")),
                false};
      if (!isServedUri(args->name))
        return {replyError(h, makeError(ErrorNumber::NoConnect, ErrorDomain::None,
                                        args->name.value_or("NULL"))),
                false};
      session.opened = true;
      session.readOnly = session.readOnlySocket || (args->flags & rpc::kConnectReadOnly) != 0;
      return {replyOk(h, ""), false};
    }
    case Procedure::ConnectClose:
      return {replyOk(h, ""), true};
    case Procedure::ConnectGetType:
      return {replyOk(h, rpc::encode(rpc::StringRet{"interface"})), false};
    case Procedure::ConnectGetUri:
      return {replyOk(h, rpc::encode(rpc::StringRet{"interface:///system"})), false};
    case Procedure::ConnectIsSecure:
      return {replyOk(h, rpc::encode(rpc::IntRet{1})), false};
    case Procedure::ConnectGetLibVersion:
      return {replyOk(h, rpc::encode(rpc::UHyperRet{kLibVersion})), false};
    case Procedure::ConnectRegisterCloseCallback:
    case Procedure::ConnectUnregisterCloseCallback:
      return {replyOk(h, ""), false};
    case Procedure::ConnectSetIdentity: {
      // Sent by libvirt's modular daemons when they forward a client; accepted on both sockets.
      if (!rpc::decode<rpc::SetIdentityArgs>(payload)) return decodeFailed();
      return {replyOk(h, ""), false};
    }

    case Procedure::ConnectNumOfInterfaces: {
      auto n = backend_.numOfInterfaces();
      return {n ? replyOk(h, rpc::encode(rpc::IntRet{*n})) : replyError(h, n.error()), false};
    }
    case Procedure::ConnectNumOfDefinedInterfaces: {
      auto n = backend_.numOfDefinedInterfaces();
      return {n ? replyOk(h, rpc::encode(rpc::IntRet{*n})) : replyError(h, n.error()), false};
    }
    case Procedure::ConnectListInterfaces:
    case Procedure::ConnectListDefinedInterfaces: {
      auto args = rpc::decode<rpc::MaxNamesArgs>(payload);
      if (!args) return decodeFailed();
      if (args->maxnames < 0 || static_cast<std::uint32_t>(args->maxnames) > rpc::kMaxInterfaceList)
        return {reply(h, boundedNames(std::vector<std::string>{}, args->maxnames)), false};
      auto names = procedure == Procedure::ConnectListInterfaces ? backend_.listInterfaces()
                                                                 : backend_.listDefinedInterfaces();
      return {reply(h, boundedNames(names, args->maxnames)), false};
    }
    case Procedure::ConnectListAllInterfaces: {
      auto args = rpc::decode<rpc::ListAllArgs>(payload);
      if (!args) return decodeFailed();
      // A listing needs no public check (any connection may list): the driver's names and MACs
      // go into the reply without a public handle each (api/connection_driver.h).
      return {replyListAll(h, detail::ConnectionDriver::of(backend_), args->flags,
                           args->needResults != 0),
              false};
    }
    case Procedure::InterfaceLookupByName: {
      auto args = rpc::decode<rpc::NameArgs>(payload);
      if (!args) return decodeFailed();
      auto iface = backend_.lookupByName(args->name);
      if (!iface) return {replyError(h, iface.error()), false};
      return {replyOk(h, rpc::encode(rpc::InterfaceRet{handleOf(*iface)})), false};
    }
    case Procedure::InterfaceLookupByMacString: {
      auto args = rpc::decode<rpc::MacArgs>(payload);
      if (!args) return decodeFailed();
      auto iface = backend_.lookupByMACString(args->mac);
      if (!iface) return {replyError(h, iface.error()), false};
      return {replyOk(h, rpc::encode(rpc::InterfaceRet{handleOf(*iface)})), false};
    }
    case Procedure::InterfaceDefineXml: {
      auto args = rpc::decode<rpc::DefineXmlArgs>(payload);
      if (!args) return decodeFailed();
      auto iface = backend_.defineXML(args->xml, args->flags);
      if (!iface) return {replyError(h, iface.error()), false};
      return {replyOk(h, rpc::encode(rpc::InterfaceRet{handleOf(*iface)})), false};
    }
    case Procedure::InterfaceGetXmlDesc:
    case Procedure::InterfaceCreate:
    case Procedure::InterfaceDestroy: {
      auto args = rpc::decode<rpc::InterfaceFlagsArgs>(payload);
      if (!args) return decodeFailed();
      // Interfaces are known by name; the MAC in the handle is informational (as in libvirtd).
      auto iface = backend_.lookupByName(args->iface.name);
      if (!iface) return {replyError(h, iface.error()), false};
      if (procedure == Procedure::InterfaceGetXmlDesc) {
        auto xml = iface->xmlDesc(args->flags);
        return {xml ? replyOk(h, rpc::encode(rpc::StringRet{*xml})) : replyError(h, xml.error()),
                false};
      }
      return {reply(h, procedure == Procedure::InterfaceCreate ? iface->create(args->flags)
                                                               : iface->destroy(args->flags)),
              false};
    }
    case Procedure::InterfaceUndefine:
    case Procedure::InterfaceIsActive: {
      auto args = rpc::decode<rpc::InterfaceArgs>(payload);
      if (!args) return decodeFailed();
      auto iface = backend_.lookupByName(args->iface.name);
      if (!iface) return {replyError(h, iface.error()), false};
      if (procedure == Procedure::InterfaceUndefine) return {reply(h, iface->undefine()), false};
      auto active = iface->isActive();
      return {active ? replyOk(h, rpc::encode(rpc::IntRet{*active ? 1 : 0}))
                     : replyError(h, active.error()),
              false};
    }
    case Procedure::InterfaceChangeBegin:
    case Procedure::InterfaceChangeCommit:
    case Procedure::InterfaceChangeRollback: {
      auto args = rpc::decode<rpc::FlagsArgs>(payload);
      if (!args) return decodeFailed();
      Status st = procedure == Procedure::InterfaceChangeBegin ? backend_.changeBegin(args->flags)
                  : procedure == Procedure::InterfaceChangeCommit
                      ? backend_.changeCommit(args->flags)
                      : backend_.changeRollback(args->flags);
      return {reply(h, st), false};
    }
    default:
      // A procedure of libvirt's protocol that an interface daemon does not serve gets libvirtd's
      // answer, NO_SUPPORT naming the function: clients read that as "not available here" (virsh
      // falls back, python raises it as is). Only numbers libvirt does not know are unknown.
      if (auto fn = procedureFunction(h.procedure))
        return {replyError(h, makeError(ErrorNumber::NoSupport, fn->domain, fn->name)), false};
      return {replyError(h, rpcError("unknown procedure: " + std::to_string(h.procedure))), false};
  }
}

Outcome Dispatcher::handleIfkitCall(ClientSession& session, const Message& message) {
  const Header& h = message.header;
  if (!session.opened)
    return {replyError(h, makeError(ErrorNumber::InternalError, ErrorDomain::Rpc,
                                    "connection not open")),
            false};
  if (h.procedure != static_cast<std::int32_t>(rpc::IfkitProcedure::ChangeBeginWithTimeout))
    return {replyError(h, rpcError("unknown procedure: " + std::to_string(h.procedure))), false};
  if (session.readOnly)
    return {replyError(h, makeError(ErrorNumber::OperationDenied, ErrorDomain::Interface,
                                    "read only access prevents virInterfaceChangeBegin")),
            false};
  auto args = rpc::decode<rpc::BeginWithTimeoutArgs>(message.payload);
  if (!args) return {replyError(h, rpcError("Unable to decode message payload")), false};
  // The deadline is kept with the transaction, by the driver: expireTransaction() finds it.
  Status begun = backend_.changeBeginWithTimeout(args->seconds, args->flags);
  // The driver's deadline is on the wall clock; a second more covers the difference of clocks.
  if (begun) watchUntilMs_ = steadyMilliseconds() + 1000 * (static_cast<std::int64_t>(args->seconds) + 1);
  return {reply(h, begun), false};
}

}  // namespace ifkit::daemon
