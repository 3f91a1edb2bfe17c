// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/memory/memory_host.cpp: the simulated backend: injected failures (and operations
// ignored), then the model.
#include "host/memory/memory_host.h"

#include "host/host_error.h"

namespace ifkit::host::memory {

std::optional<int> MemoryHost::injected(const HostOp& op) const {
  for (const Rule& r : rules_) {
    if (r.at ? *r.at == seen_ : r.match(op)) return r.err;
  }
  return std::nullopt;
}

Status MemoryHost::apply(const HostOp& op) {
  std::optional<int> forced = injected(op);
  ++seen_;
  if (forced && *forced != 0) return hostError(describe(op), *forced);
  if (forced) {  // ignored
    journal_.push_back(op);
    return Status::success();
  }
  if (int err = kernel_.apply(op)) return hostError(describe(op), err);
  journal_.push_back(op);
  return Status::success();
}

std::vector<Status> MemoryHost::applyBatch(std::span<const HostOp> ops) {
  std::vector<Status> out;
  out.reserve(ops.size());
  for (const HostOp& op : ops) out.push_back(apply(op));
  return out;
}

void MemoryHost::failNth(std::size_t n, int err) {
  rules_.push_back(Rule{.at = seen_ + n, .match = {}, .err = err});
}

void MemoryHost::failWhen(std::function<bool(const HostOp&)> match, int err) {
  rules_.push_back(Rule{.at = std::nullopt, .match = std::move(match), .err = err});
}

void MemoryHost::ignoreWhen(std::function<bool(const HostOp&)> match) {
  rules_.push_back(Rule{.at = std::nullopt, .match = std::move(match), .err = 0});
}

void MemoryHost::clearFailures() { rules_.clear(); }

}  // namespace ifkit::host::memory
