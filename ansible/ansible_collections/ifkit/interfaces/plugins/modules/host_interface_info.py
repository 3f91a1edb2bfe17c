#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Ansible module: every host interface's live and inactive description, as data."""

from __future__ import annotations

DOCUMENTATION = r'''
---
module: host_interface_info
short_description: Describe a host's network interfaces through libvirt's interface API
description:
  - Lists the host's interfaces (libvirt's listing, active and defined ones) and returns, for
    each, its live description (the kernel's view) and its inactive one (its definition), both
    as structured data and as libvirt interface XML.
  - Opens the URI read-only.
version_added: 0.1.0
author: ifkit contributors
requirements:
  - python3-libvirt where the module runs
options:
  uri:
    description: The host's libvirt URI (see M(ifkit.interfaces.host_interface)).
    type: str
    default: interface:///system
  names:
    description: Only these interfaces (default all that the host lists).
    type: list
    elements: str
notes:
  - Supports check mode (it changes nothing).
'''

EXAMPLES = r'''
- name: What every host's interfaces look like
  ifkit.interfaces.host_interface_info:
    uri: "interface+ssh://root@{{ inventory_hostname }}/system"
  delegate_to: localhost
  register: found

- name: The bridge's ports, as the kernel has them
  ansible.builtin.debug:
    msg: "{{ found.interfaces.br0.live.bridge.members | map(attribute='name') }}"
'''

RETURN = r'''
interfaces:
  description:
    - Each interface by name, with C(active), C(mac) (libvirt's MAC string, empty if none),
      C(live) and C(inactive) (the descriptions as data, with type, name, start_mode, mtu, mac,
      protocols with family, addresses, gateway, dhcp and autoconf, and bridge, bond or vlan
      settings with their nested interfaces), C(live_xml) and C(inactive_xml).
  returned: always
  type: dict
  sample:
    br0:
      active: true
      mac: "52:54:00:12:34:56"
      live: {type: bridge, name: br0, mtu: 1500, bridge: {stp: false, delay: "0", members: [{type: ethernet, name: eth0}]}}
      inactive: {type: bridge, name: br0, start_mode: onboot}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ifkit.interfaces.plugins.module_utils import host_connection as hc
from ansible_collections.ifkit.interfaces.plugins.module_utils import interface_model as im


def describe(iface):
    live_xml = hc.live_xml(iface)
    inactive_xml = hc.inactive_xml(iface)
    return {
        'active': bool(iface.isActive()),
        'mac': iface.MACString(),
        'live': im.parse(live_xml),
        'inactive': im.parse(inactive_xml),
        'live_xml': live_xml,
        'inactive_xml': inactive_xml,
    }


def main():
    module = AnsibleModule(argument_spec=dict(uri=dict(type='str', default=hc.DEFAULT_URI),
                                              names=dict(type='list', elements='str')),
                           supports_check_mode=True)
    wanted = module.params['names']
    try:
        conn = hc.open_uri(module.params['uri'], read_only=True)
        if wanted:
            found = {}
            for name in wanted:
                iface = hc.lookup(conn, name)
                if iface is None:
                    module.fail_json(msg=f"Interface not found: no interface with matching name '{name}'")
                found[name] = describe(iface)
        else:
            found = {iface.name(): describe(iface) for iface in conn.listAllInterfaces(0)}
    except (hc.HostError, im.ModelError) as error:
        module.fail_json(msg=str(error))
    except hc.libvirt.libvirtError as error:
        module.fail_json(msg=str(error))
    module.exit_json(changed=False, interfaces=found)


if __name__ == '__main__':
    main()
