# SPDX-License-Identifier: LGPL-2.1-or-later
# The collection tests' stdout callback: the whole run as one JSON document, each task's result per
# host (diffs included) and the recap's counts, for the tests to check. ansible-core has no such
# callback (ansible.posix's json is not in Debian's ansible-core package).
"""Prints the run as JSON: {"plays": [{"tasks": [{"task": {...}, "hosts": {...}}]}], "stats": {...}}."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase
from ansible.vars.clean import module_response_deepcopy, strip_internal_keys

DOCUMENTATION = '''
name: json_results
type: stdout
short_description: the run as one JSON document
description: Each task's result per host, and the recap's counts, printed once at the end.
'''


def _now():
    return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'json_results'

    def __init__(self):
        super().__init__()
        self.tasks = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        # With serial, every batch starts the task again: one entry per start.
        self.tasks.append({'task': {'name': task.get_name(), 'duration': {'start': _now()}},
                           'hosts': {}})

    def _record(self, result, **extra):
        outcome = strip_internal_keys(module_response_deepcopy(result._result))
        outcome.update(extra)
        entry = self.tasks[-1]
        entry['hosts'][result._host.get_name()] = outcome
        entry['task']['duration']['end'] = _now()

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = {host: stats.summarize(host) for host in sorted(stats.processed)}
        self._display.display(json.dumps({'plays': [{'tasks': self.tasks}], 'stats': summary},
                                          cls=AnsibleJSONEncoder, sort_keys=True))
