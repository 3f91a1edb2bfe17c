// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_undo.cpp: a plan's operations, and the undo of the part of it that was applied.
#include <algorithm>

#include "plan/plan.h"

namespace ifkit::plan {

std::vector<host::HostOp> Plan::ops() const {
  std::vector<host::HostOp> out;
  out.reserve(steps.size());
  for (const Step& s : steps) out.push_back(s.op);
  return out;
}

std::vector<host::HostOp> planUndo(const Plan& plan, std::size_t applied) {
  std::vector<host::HostOp> out;
  // Each undo was computed for the state right after its step: undo the last step first.
  for (std::size_t i = std::min(applied, plan.steps.size()); i-- > 0;)
    out.insert(out.end(), plan.steps[i].undo.begin(), plan.steps[i].undo.end());
  return out;
}

}  // namespace ifkit::plan
