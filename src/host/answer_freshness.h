// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/answer_freshness.h: how old a kept answer about the host may be when it is reused.
//
// A question about the host (is this link there, its live XML, does ifkit's DHCP client run for
// it) costs a system call to learn whether what is kept still holds: a drain of the change watch,
// a look in the DHCP client's run folder. A script asks thousands in a row (`iface-list; iface-dumpxml
// L1; ...`), each in tens of microseconds, so that system call is most of each answer's cost. A
// question asked within kAnswerFreshness of the last such look reuses what it found: it may miss a
// change another process finished less than that before it (a change this process made is always
// seen: it drops what is kept). Programs that change the host and then ask take longer than that
// to start, so a question after `ip link set ...` or another ifkit finished still sees the change.
#pragma once

#include <chrono>

namespace ifkit::host {

inline constexpr std::chrono::microseconds kAnswerFreshness{1000};

// Whether `lastLook` (a steady-clock time, or the epoch for "never") is recent enough to reuse
// what it found; reading the clock is no system call (the vDSO).
inline bool freshEnough(std::chrono::steady_clock::time_point lastLook) {
  return lastLook.time_since_epoch().count() != 0 &&
         std::chrono::steady_clock::now() - lastLook < kAnswerFreshness;
}

}  // namespace ifkit::host
