// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/batch_test.cpp: many operations sent without waiting, each answered on its own.
#include <gtest/gtest.h>

#include <cerrno>

#include "host/host_op.h"
#include "test_netns.h"

namespace ifkit::test {
namespace {

using namespace host;  // NOLINT

TEST(HostBatch, EveryOperationGetsItsOwnAnswerAndFailuresStopNothing) {
  TestNetns ns;
  ns.ip("link add eth0 type veth peer name eth0-peer");
  auto h = ns.openHost();
  std::vector<HostOp> ops{
      op::CreateBridge{"br1", {.stp = false}},
      op::CreateBridge{"br1", {}},  // EEXIST
      op::SetMaster{"eth0", "br1"},
      op::AddAddress{"br1", *IpPrefix::parse("192.0.2.1/24")},
      op::SetMtu{"nosuch0", 1400},  // ENODEV from the kernel
      op::SetUp{"br1", true},
      op::AddAddress{"nosuch1", *IpPrefix::parse("192.0.2.2/24")},  // ENODEV from the lookup
      op::CreateBridge{"br2", {}},
  };
  std::vector<Status> st = h.applyBatch(ops);
  ASSERT_EQ(st.size(), ops.size());
  std::vector<int> errnos;
  for (const Status& s : st) errnos.push_back(s.ok() ? 0 : s.error().sysErrno);
  EXPECT_EQ(errnos, (std::vector<int>{0, EEXIST, 0, 0, ENODEV, 0, ENODEV, 0}));
  EXPECT_EQ(st[1].error().message, "operation failed: cannot create bridge 'br1': File exists");

  Json br1 = ns.ipJson("addr show dev br1")[0];
  EXPECT_TRUE(br1["flags"].contains("UP"));
  EXPECT_EQ(br1["addr_info"][0]["local"].str(), "192.0.2.1");
  EXPECT_EQ(ns.ipJson("link show dev eth0")[0]["master"].str(), "br1");
  EXPECT_EQ(ns.ipJson("link show dev br2").size(), 1u);
}

TEST(HostBatch, MoreOperationsThanFitInFlightAllComplete) {
  // 300 bridges with an address each: well past the in-flight window and one sendmsg's size.
  constexpr int kBridges = 300;
  TestNetns ns;
  auto h = ns.openHost();
  std::vector<HostOp> ops;
  for (int i = 0; i < kBridges; ++i)
    ops.push_back(op::CreateBridge{std::string("b").append(std::to_string(i)), {}});
  for (int i = 0; i < kBridges; ++i) {
    std::string name = std::string("b").append(std::to_string(i));
    ops.push_back(op::SetUp{name, true});
    const std::string address = std::string("10.")
                                    .append(std::to_string(i / 250))
                                    .append(".")
                                    .append(std::to_string(i % 250))
                                    .append(".1/24");
    ops.push_back(op::AddAddress{name, *IpPrefix::parse(address)});
  }
  std::vector<Status> st = h.applyBatch(ops);
  for (std::size_t i = 0; i < st.size(); ++i)
    ASSERT_TRUE(st[i].ok()) << describe(ops[i]) << ": " << st[i].error().message;
  Json addrs = ns.ipJson("-4 addr show");
  EXPECT_EQ(addrs.size(), static_cast<std::size_t>(kBridges));
  EXPECT_EQ(ns.ipJson("addr show dev b299")[0]["addr_info"][0]["local"].str(), "10.1.49.1");
}

TEST(HostBatch, SnapshotsAndOperationsInterleaveOnOneHost) {
  // One socket carries acks and dumps alike: sequence numbers must stay in step across both,
  // including after failed operations.
  TestNetns ns;
  auto h = ns.openHost();
  for (int round = 0; round < 3; ++round) {
    std::string br = "br" + std::to_string(round);
    std::vector<HostOp> ops{op::CreateBridge{br, {}}, op::SetMtu{"nosuch0", 1400},
                            op::SetUp{br, true}};
    std::vector<Status> st = h.applyBatch(ops);
    EXPECT_TRUE(st[0].ok());
    EXPECT_FALSE(st[1].ok());
    auto address = *IpPrefix::parse("192.0.2." + std::to_string(round + 1) + "/24");
    EXPECT_TRUE(h.apply(op::AddAddress{br, address}).ok());
    EXPECT_EQ(h.apply(op::AddAddress{br, address}).error().sysErrno, EEXIST);
    auto snap = h.snapshot();
    ASSERT_TRUE(snap) << snap.error().message;
    ASSERT_NE(snap->linkByName(br), nullptr);
    EXPECT_TRUE(snap->linkByName(br)->up);
    int v4 = 0;  // the up bridge has an IPv6 link-local address as well
    for (const Address* a : snap->addressesOf(snap->linkByName(br)->index))
      v4 += a->prefix.address.family == IpFamily::V4;
    EXPECT_EQ(v4, 1);
  }
}

}  // namespace
}  // namespace ifkit::test
