#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Reads `ip -j -d addr show` or `ip -j route` output on stdin and prints it with what changes by
itself removed (ifindexes, timers, lifetimes, operational state), links sorted by name and
addresses by value, so that two snapshots of the same configuration compare equal.

A link's flags keep only UP, the administrative state ifkit sets: the others follow carrier
and masters (LOWER_UP, NO-CARRIER, M-DOWN) or are the device's nature, and a route's flags
("linkdown") follow carrier too."""
import json
import sys

VOLATILE = {
    "ifindex", "link_index", "operstate", "hello_timer", "tcn_timer", "topology_change_timer",
    "gc_timer", "valid_life_time", "preferred_life_time", "linkmode",
    "forward_delay_timer", "hold_timer", "message_age_timer",
    # Duplicate address detection in progress: timing, not configuration.
    "tentative",
    # A link that was never up shows qdisc "noop"; the kernel attaches its default qdisc the
    # first time the link comes up and keeps it: a side effect, not configuration.
    "qdisc",
}


def clean(value):
    if isinstance(value, dict):
        out = {k: clean(v) for k, v in value.items() if k not in VOLATILE and k != "flags"}
        if "ifname" in value and "flags" in value:
            out["flags"] = [f for f in value["flags"] if f == "UP"]
        return out
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def key(item):
    return json.dumps(item, sort_keys=True)


data = clean(json.load(sys.stdin))
for item in data:
    if isinstance(item, dict) and "addr_info" in item:
        # Link-local IPv6 addresses come and go with DAD timing; they are the kernel's, not ours.
        item["addr_info"] = sorted(
            (a for a in item["addr_info"] if a.get("scope") != "link"), key=key)
# The kernel's own link-local routes appear asynchronously when a link comes up, as its
# link-local addresses do: not configuration either.
data = [i for i in data
        if not (isinstance(i, dict) and str(i.get("dst", "")).startswith("fe80::")
                and i.get("protocol") == "kernel")]
data.sort(key=lambda i: (i.get("ifname", ""), key(i)))
print(json.dumps(data, sort_keys=True, indent=1))
