// SPDX-License-Identifier: LGPL-2.1-or-later
// Numbers of libvirt's remote protocol (../shared/spec/libvirt-rpc.md): programs, procedures,
// message types, limits and connect features. Only what the interface API uses.
#pragma once

#include <cstdint>

namespace ifkit::rpc {

inline constexpr std::uint32_t kRemoteProgram = 0x20008086;
inline constexpr std::uint32_t kKeepaliveProgram = 0x6b656570;  // "keep"
inline constexpr std::uint32_t kProtocolVersion = 1;

// libvirt 9.0: a message (header + payload, without the length word) is at most 32 MiB.
inline constexpr std::uint32_t kMaxMessage = 33554432;
inline constexpr std::uint32_t kHeaderBytes = 24;
inline constexpr std::uint32_t kLengthBytes = 4;
inline constexpr std::uint32_t kMaxString = 4194304;        // REMOTE_STRING_MAX
inline constexpr std::uint32_t kMaxInterfaceList = 16384;   // REMOTE_INTERFACE_LIST_MAX
inline constexpr std::uint32_t kMaxAuthTypes = 20;          // REMOTE_AUTH_TYPE_LIST_MAX
inline constexpr std::uint32_t kMaxIdentityParams = 20;     // REMOTE_CONNECT_IDENTITY_PARAMS_MAX

enum class MessageType : std::int32_t {
  Call = 0,
  Reply = 1,
  Message = 2,
  Stream = 3,
  CallWithFds = 4,
  ReplyWithFds = 5,
  StreamHole = 6,
};

enum class MessageStatus : std::int32_t { Ok = 0, Error = 1, Continue = 2 };

// REMOTE program procedures used by the interface API and the connect sequence.
enum class Procedure : std::int32_t {
  ConnectOpen = 1,
  ConnectClose = 2,
  ConnectGetType = 3,
  ConnectGetVersion = 4,
  ConnectGetHostname = 59,
  ConnectSupportsFeature = 60,
  AuthList = 66,
  AuthSaslInit = 67,
  AuthSaslStart = 68,
  AuthSaslStep = 69,
  AuthPolkit = 70,
  ConnectGetUri = 110,
  ConnectNumOfInterfaces = 126,
  ConnectListInterfaces = 127,
  InterfaceLookupByName = 128,
  InterfaceLookupByMacString = 129,
  InterfaceGetXmlDesc = 130,
  InterfaceDefineXml = 131,
  InterfaceUndefine = 132,
  InterfaceCreate = 133,
  InterfaceDestroy = 134,
  ConnectNumOfDefinedInterfaces = 137,
  ConnectListDefinedInterfaces = 138,
  ConnectIsSecure = 149,
  InterfaceIsActive = 156,
  ConnectGetLibVersion = 157,
  InterfaceChangeBegin = 220,
  InterfaceChangeCommit = 221,
  InterfaceChangeRollback = 222,
  ConnectListAllInterfaces = 284,
  ConnectRegisterCloseCallback = 360,
  ConnectUnregisterCloseCallback = 361,
  ConnectEventConnectionClosed = 362,
  ConnectSetIdentity = 419,
};

// ifkit's own program, for what libvirt's protocol has no room for. Unmodified libvirt clients
// never send it; libvirt's daemons answer it with "Cannot find program".
inline constexpr std::uint32_t kIfkitProgram = 0x49464b54;  // "IFKT"

enum class IfkitProcedure : std::int32_t {
  // args { unsigned flags; unsigned seconds; }, ret void: a change transaction that rolls
  // itself back unless committed within `seconds`.
  ChangeBeginWithTimeout = 1,
};

// KEEPALIVE program procedures.
enum class KeepaliveProcedure : std::int32_t { Ping = 1, Pong = 2 };

// CONNECT_SUPPORTS_FEATURE numbers (libvirt_internal.h).
enum class Feature : std::int32_t {
  FdPassing = 8,
  ProgramKeepalive = 10,
  RemoteEventCallback = 14,
  RemoteCloseCallback = 15,
};

// AUTH_LIST answers.
enum class AuthType : std::int32_t { None = 0, Sasl = 1, Polkit = 2 };

// CONNECT_OPEN flag bit 0; the other bits are client-private.
inline constexpr std::uint32_t kConnectReadOnly = 1;

}  // namespace ifkit::rpc
