// SPDX-License-Identifier: LGPL-2.1-or-later
// One line on stderr per warning; standing ones once an hour at most.
#include "driver/system/warning.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace ifkit::driver {

void printWarning(std::string_view message) {
  // After what the program printed before it, when both go to one terminal or file.
  std::fflush(stdout);
  std::fprintf(stderr, "warning: %.*s\n", static_cast<int>(message.size()), message.data());
}

void printStandingWarning(std::string_view message) {
  using Clock = std::chrono::steady_clock;
  // By the message's hash: a bounded memory whatever the messages (file names in them).
  constexpr std::size_t kRemembered = 256;
  static std::mutex mutex;
  static std::map<std::size_t, Clock::time_point> said;
  const std::size_t key = std::hash<std::string_view>{}(message);
  const Clock::time_point now = Clock::now();
  {
    std::lock_guard lock(mutex);
    auto it = said.find(key);
    if (it != said.end() && now - it->second < std::chrono::seconds(kStandingWarningRepeatSeconds))
      return;
    if (it == said.end() && said.size() >= kRemembered) {
      // The oldest goes: it is the one most likely said again soon anyway.
      auto oldest = said.begin();
      for (auto i = said.begin(); i != said.end(); ++i)
        if (i->second < oldest->second) oldest = i;
      said.erase(oldest);
    }
    said[key] = now;
  }
  printWarning(message);
}

}  // namespace ifkit::driver
