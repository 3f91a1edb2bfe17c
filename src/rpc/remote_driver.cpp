// SPDX-License-Identifier: LGPL-2.1-or-later
// Each driver entry point as the RPC calls virsh itself would make.
#include "rpc/remote_driver.h"

#include <algorithm>
#include <mutex>

#include "rpc/messages.h"

namespace ifkit::rpc {
namespace {

Error malformedReply() {
  return makeError(ErrorNumber::Rpc, ErrorDomain::Rpc, "Unable to decode message payload");
}

class RemoteDriver final : public driver::InterfaceDriver {
 public:
  explicit RemoteDriver(RpcClient client) : client_(std::move(client)) {}
  ~RemoteDriver() override { (void)client_.call(Procedure::ConnectClose, ""); }  // best effort

  Result<int> numOfInterfaces() override { return count(Procedure::ConnectNumOfInterfaces); }
  Result<int> numOfDefinedInterfaces() override {
    return count(Procedure::ConnectNumOfDefinedInterfaces);
  }
  Result<std::vector<std::string>> listInterfaces() override {
    return names(Procedure::ConnectNumOfInterfaces, Procedure::ConnectListInterfaces);
  }
  Result<std::vector<std::string>> listDefinedInterfaces() override {
    return names(Procedure::ConnectNumOfDefinedInterfaces, Procedure::ConnectListDefinedInterfaces);
  }

  Status listAllInterfacesEach(
      unsigned flags, const std::function<void(std::size_t)>& expect,
      const std::function<void(const driver::InterfaceRefView&)>& each) override {
    // ListAllRet (the handles, then the count) handed to the caller as views into the reply
    // where it was read: a listing of thousands is not copied out, nor decoded into rpc handles
    // or a vector of refs.
    std::lock_guard lock(mutex_);
    return client_.callReading(
        Procedure::ConnectListAllInterfaces, encode(ListAllArgs{1, flags}),
        [&](std::string_view payload) -> Status {
          XdrReader in(payload);
          std::uint32_t count = 0;
          // Each handle takes at least 8 bytes (two string lengths).
          if (!in.get(count) || count > in.remaining() / 8) return malformedReply();
          if (count > kMaxInterfaceList) return tooManyInterfaces(count);
          expect(count);
          driver::InterfaceRefView ref;
          for (std::uint32_t i = 0; i < count; ++i) {
            if (!in.get(ref.name) || !in.get(ref.mac)) return malformedReply();
            each(ref);
          }
          std::uint32_t total = 0;
          if (!in.get(total)) return malformedReply();
          return Status();
        });
  }

  Result<driver::InterfaceRef> lookupByName(std::string_view name) override {
    return handleFrom(callFor<InterfaceRet>(Procedure::InterfaceLookupByName,
                                            NameArgs{std::string(name)}));
  }
  Result<driver::InterfaceRef> lookupByMACString(std::string_view mac) override {
    return handleFrom(callFor<InterfaceRet>(Procedure::InterfaceLookupByMacString,
                                            MacArgs{std::string(mac)}));
  }
  Result<std::string> getXMLDesc(const driver::InterfaceRef& iface, unsigned flags) override {
    auto ret = callFor<StringRet>(Procedure::InterfaceGetXmlDesc,
                                  InterfaceFlagsArgs{handleOf(iface), flags});
    if (!ret) return std::move(ret).error();
    return std::move(ret->value);
  }
  Result<driver::InterfaceRef> defineXML(std::string_view xml, unsigned flags) override {
    return handleFrom(callFor<InterfaceRet>(Procedure::InterfaceDefineXml,
                                            DefineXmlArgs{std::string(xml), flags}));
  }
  Status undefine(const driver::InterfaceRef& iface) override {
    return voidCall(Procedure::InterfaceUndefine, InterfaceArgs{handleOf(iface)});
  }
  Status create(const driver::InterfaceRef& iface, unsigned flags) override {
    return voidCall(Procedure::InterfaceCreate, InterfaceFlagsArgs{handleOf(iface), flags});
  }
  Status destroy(const driver::InterfaceRef& iface, unsigned flags) override {
    return voidCall(Procedure::InterfaceDestroy, InterfaceFlagsArgs{handleOf(iface), flags});
  }
  Result<bool> isActive(const driver::InterfaceRef& iface) override {
    auto ret = callFor<IntRet>(Procedure::InterfaceIsActive, InterfaceArgs{handleOf(iface)});
    if (!ret) return std::move(ret).error();
    return ret->value != 0;
  }
  Status changeBegin(unsigned flags) override {
    return voidCall(Procedure::InterfaceChangeBegin, FlagsArgs{flags});
  }
  Status changeCommit(unsigned flags) override {
    return voidCall(Procedure::InterfaceChangeCommit, FlagsArgs{flags});
  }
  Status changeRollback(unsigned flags) override {
    return voidCall(Procedure::InterfaceChangeRollback, FlagsArgs{flags});
  }
  // ifkitd only: libvirt's daemons do not know the program and say so.
  Status changeBeginWithTimeout(unsigned flags, unsigned seconds) override {
    std::lock_guard lock(mutex_);
    auto payload = client_.callProgram(
        kIfkitProgram, static_cast<std::int32_t>(IfkitProcedure::ChangeBeginWithTimeout),
        encode(BeginWithTimeoutArgs{flags, seconds}));
    if (!payload) return std::move(payload).error();
    return Status();
  }

 private:
  static InterfaceHandle handleOf(const driver::InterfaceRef& ref) { return {ref.name, ref.mac}; }

  static Result<driver::InterfaceRef> handleFrom(Result<InterfaceRet> ret) {
    if (!ret) return std::move(ret).error();
    return driver::InterfaceRef{std::move(ret->iface.name), std::move(ret->iface.mac)};
  }

  // One call at a time on the stream, whichever thread makes it (ifkitd's workers may share a
  // connection that reaches another daemon).
  Result<std::string> send(Procedure procedure, std::string_view args) {
    std::lock_guard lock(mutex_);
    return client_.call(procedure, args);
  }

  template <class Ret, class Args>
  Result<Ret> callFor(Procedure procedure, const Args& args) {
    auto payload = send(procedure, encode(args));
    if (!payload) return std::move(payload).error();
    auto ret = decode<Ret>(*payload);
    if (!ret) return malformedReply();
    return std::move(*ret);
  }

  template <class Args>
  Status voidCall(Procedure procedure, const Args& args) {
    auto payload = send(procedure, encode(args));
    if (!payload) return std::move(payload).error();
    return Status();
  }

  Result<int> count(Procedure procedure) {
    auto payload = send(procedure, "");
    if (!payload) return std::move(payload).error();
    auto ret = decode<IntRet>(*payload);
    if (!ret) return malformedReply();
    return ret->value;
  }

  // As libvirt's client does: the count first, then at most that many names.
  Result<std::vector<std::string>> names(Procedure countProc, Procedure listProc) {
    auto n = count(countProc);
    if (!n) return std::move(n).error();
    auto ret = callFor<NamesRet>(listProc, MaxNamesArgs{*n});
    if (!ret) return std::move(ret).error();
    return std::move(ret->names.items);
  }

  std::mutex mutex_;  // guards client_
  RpcClient client_;
};

}  // namespace

Result<std::unique_ptr<driver::InterfaceDriver>> openRemoteDriver(RpcClient client,
                                                                  const std::string& openName,
                                                                  bool readOnly) {
  auto auth = client.call(Procedure::AuthList, "");
  if (!auth) return std::move(auth).error();
  auto types = decode<AuthListRet>(*auth);
  if (!types) return malformedReply();
  // The socket's permissions are the authentication ifkit supports; polkit is granted by the
  // server after one call, SASL is not spoken.
  const bool none = std::find(types->types.items.begin(), types->types.items.end(),
                              static_cast<std::int32_t>(AuthType::None)) != types->types.items.end();
  if (!none) {
    const bool polkit = std::find(types->types.items.begin(), types->types.items.end(),
                                  static_cast<std::int32_t>(AuthType::Polkit)) !=
                        types->types.items.end();
    if (!polkit)
      return makeError(ErrorNumber::AuthFailed, ErrorDomain::Rpc,
                       "unsupported authentication type");
    auto granted = client.call(Procedure::AuthPolkit, "");
    if (!granted) return std::move(granted).error();
  }
  auto opened = client.call(Procedure::ConnectOpen,
                            encode(ConnectOpenArgs{openName, readOnly ? kConnectReadOnly : 0u}));
  if (!opened) return std::move(opened).error();
  return std::unique_ptr<driver::InterfaceDriver>(std::make_unique<RemoteDriver>(std::move(client)));
}

}  // namespace ifkit::rpc
