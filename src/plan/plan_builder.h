// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_builder.h: a plan under construction: each operation added is played on the
// view, and its undo kept beside it.
#pragma once

#include "plan/plan.h"
#include "plan/plan_view.h"

namespace ifkit::plan {

struct PlanBuilder {
  explicit PlanBuilder(const host::LiveState& live) : view(live) {}

  void add(host::HostOp op) {
    std::vector<host::HostOp> undo = view.record(op);
    plan.steps.push_back(Step{std::move(op), std::move(undo)});
  }

  PlanView view;
  Plan plan;
};

}  // namespace ifkit::plan
