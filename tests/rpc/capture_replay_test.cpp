// SPDX-License-Identifier: LGPL-2.1-or-later
// Every message of every real libvirt capture (../shared/spec/wire) is split out of its stream
// by FrameReader, and its payload decodes into ifkit's structures and encodes back to the very
// same bytes: the codec speaks exactly what virsh, python3-libvirt and libvirtd put on the wire.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "rpc/framing.h"
#include "rpc/messages.h"

namespace ifkit::rpc {
namespace {

namespace fs = std::filesystem;

std::string fromHex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

struct Capture {
  std::string name;
  std::string clientToServer, serverToClient;  // each direction's messages, concatenated
  int messages = 0;
};

void PrintTo(const Capture& c, std::ostream* os) { *os << c.name; }

std::vector<Capture> loadCaptures() {
  std::vector<Capture> out;
  for (const fs::path& dir : {fs::path(IFKIT_SHARED_DIR) / "spec/wire",
                             fs::path(IFKIT_SHARED_DIR) / "spec/wire/mock"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".txt") continue;
      Capture c;
      c.name = entry.path().stem().string();
      std::ifstream in(entry.path());
      std::string line;
      while (std::getline(in, line)) {
        if (line.starts_with("C->S ")) c.clientToServer += fromHex(line.substr(5));
        else if (line.starts_with("S->C ")) c.serverToClient += fromHex(line.substr(5));
        else continue;
        ++c.messages;
      }
      if (c.messages > 0) out.push_back(std::move(c));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

template <class T>
std::optional<std::string> reencode(const std::string& payload) {
  auto value = decode<T>(payload);
  if (!value) return std::nullopt;
  return encode(*value);
}

// Procedures outside the interface API (the captures probe a domain call, 23, and 9999).
bool isInterfaceApiProcedure(std::int32_t procedure) {
  return procedure != 23 && procedure != 9999;
}

// The payload re-encoded from its structure, chosen by procedure and direction.
std::optional<std::string> reencodePayload(const Header& h, const std::string& payload) {
  if (h.program == kKeepaliveProgram) return std::string();
  if (h.type == MessageType::Reply && h.status == MessageStatus::Error)
    return reencode<RemoteError>(payload);
  const bool call = h.type == MessageType::Call;
  switch (static_cast<Procedure>(h.procedure)) {
    case Procedure::ConnectOpen:
      return call ? reencode<ConnectOpenArgs>(payload) : std::string();
    case Procedure::ConnectSupportsFeature:
      return call ? reencode<SupportsFeatureArgs>(payload) : reencode<IntRet>(payload);
    case Procedure::AuthList:
      return call ? std::string() : reencode<AuthListRet>(payload);
    case Procedure::AuthPolkit:
    case Procedure::ConnectNumOfInterfaces:
    case Procedure::ConnectNumOfDefinedInterfaces:
    case Procedure::ConnectIsSecure:
      return call ? std::string() : reencode<IntRet>(payload);
    case Procedure::ConnectGetType:
    case Procedure::ConnectGetHostname:
    case Procedure::ConnectGetUri:
      return call ? std::string() : reencode<StringRet>(payload);
    case Procedure::ConnectGetVersion:
    case Procedure::ConnectGetLibVersion:
      return call ? std::string() : reencode<UHyperRet>(payload);
    case Procedure::ConnectListInterfaces:
    case Procedure::ConnectListDefinedInterfaces:
      return call ? reencode<MaxNamesArgs>(payload) : reencode<NamesRet>(payload);
    case Procedure::InterfaceLookupByName:
      return call ? reencode<NameArgs>(payload) : reencode<InterfaceRet>(payload);
    case Procedure::InterfaceLookupByMacString:
      return call ? reencode<MacArgs>(payload) : reencode<InterfaceRet>(payload);
    case Procedure::InterfaceGetXmlDesc:
      return call ? reencode<InterfaceFlagsArgs>(payload) : reencode<StringRet>(payload);
    case Procedure::InterfaceDefineXml:
      return call ? reencode<DefineXmlArgs>(payload) : reencode<InterfaceRet>(payload);
    case Procedure::InterfaceUndefine:
      return call ? reencode<InterfaceArgs>(payload) : std::string();
    case Procedure::InterfaceCreate:
    case Procedure::InterfaceDestroy:
      return call ? reencode<InterfaceFlagsArgs>(payload) : std::string();
    case Procedure::InterfaceIsActive:
      return call ? reencode<InterfaceArgs>(payload) : reencode<IntRet>(payload);
    case Procedure::InterfaceChangeBegin:
    case Procedure::InterfaceChangeCommit:
    case Procedure::InterfaceChangeRollback:
      return call ? reencode<FlagsArgs>(payload) : std::string();
    case Procedure::ConnectListAllInterfaces:
      return call ? reencode<ListAllArgs>(payload) : reencode<ListAllRet>(payload);
    case Procedure::ConnectSetIdentity:
      return call ? reencode<SetIdentityArgs>(payload) : std::string();
    case Procedure::ConnectClose:
    case Procedure::ConnectRegisterCloseCallback:
    case Procedure::ConnectUnregisterCloseCallback:
      return std::string();  // void both ways
    default:
      return std::nullopt;
  }
}

// Captures made of deliberately malformed bytes (rawclient.py): their odd messages are skipped.
bool isDeliberatelyMalformed(const std::string& capture) {
  return capture == "raw-badlen" || capture == "raw-badpayload" || capture == "raw-badprog" ||
         capture == "raw-badvers" || capture == "raw-badtype";
}

class CaptureReplay : public ::testing::TestWithParam<Capture> {};

TEST_P(CaptureReplay, EveryMessageDecodesAndReencodesToTheSameBytes) {
  const Capture& c = GetParam();
  int checked = 0;
  for (const std::string* stream : {&c.clientToServer, &c.serverToClient}) {
    FrameReader frames;
    frames.feed(*stream);
    std::size_t offset = 0;
    while (auto next = frames.next()) {
      if (!next->ok()) {
        EXPECT_TRUE(isDeliberatelyMalformed(c.name)) << next->error().message;
        break;
      }
      const Message& msg = next->value();
      const std::string whole = encodeMessage(msg.header, msg.payload);
      EXPECT_EQ(whole, stream->substr(offset, whole.size())) << "framing at offset " << offset;
      offset += whole.size();
      if (msg.header.version != kProtocolVersion ||
          (msg.header.program != kRemoteProgram && msg.header.program != kKeepaliveProgram) ||
          (msg.header.program == kRemoteProgram && msg.header.type == MessageType::Call &&
           !isInterfaceApiProcedure(msg.header.procedure)))
        continue;
      auto again = reencodePayload(msg.header, msg.payload);
      if (isDeliberatelyMalformed(c.name) && (!again || *again != msg.payload)) continue;
      ASSERT_TRUE(again.has_value()) << "proc " << msg.header.procedure << " does not decode";
      EXPECT_EQ(*again, msg.payload) << "proc " << msg.header.procedure << " serial "
                                     << msg.header.serial;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

INSTANTIATE_TEST_SUITE_P(Wire, CaptureReplay, ::testing::ValuesIn(loadCaptures()),
                         [](const ::testing::TestParamInfo<Capture>& param) {
                           std::string name;
                           for (char ch : param.param.name) name += std::isalnum(ch) ? ch : '_';
                           return name;
                         });

TEST(Wire, AllCapturesAreThere) { EXPECT_GE(loadCaptures().size(), 40u); }

}  // namespace
}  // namespace ifkit::rpc

