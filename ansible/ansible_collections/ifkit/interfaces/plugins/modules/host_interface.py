#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Ansible module: one host interface (bridge, bond, VLAN, ethernet) through libvirt's API."""

from __future__ import annotations

DOCUMENTATION = r'''
---
module: host_interface
short_description: Define, start, stop and remove a host's network interface through libvirt's interface API
description:
  - Manages one network interface of a host (ethernet, bridge, bond or VLAN) through libvirt's
    host interface API (virInterface) with libvirt-python, against ifkitd or any libvirt whose
    interface driver can write.
  - The definition is libvirt interface XML, given as I(xml) or built from structured options.
    It is compared with the host's current definition (the inactive XML) by meaning, not byte
    for byte, so a second run changes nothing.
  - Every change runs inside a transaction that is committed only after a fresh connection has
    reached the host again and found the interface as asked, and every I(probes) target answers;
    any failure rolls the change back. With ifkit's CLI at hand the transaction is begun with
    C(iface-begin --timeout), so that the daemon rolls back by itself when the controller loses
    the host.
version_added: 0.1.0
author: ifkit contributors
requirements:
  - python3-libvirt where the module runs (the controller with C(delegate_to) or
    C(connection=local) and an ssh URI, or the host itself with its local socket)
  - ifkit's CLI for transactions with a timeout (optional)
options:
  name:
    description: The interface's name. Taken from I(xml) when that is given.
    type: str
  state:
    description:
      - C(present) defines the interface as given (a running interface keeps running as it is;
        the new definition applies at its next start).
      - C(active) defines it if a definition is given and starts it; a running interface whose
        definition changed is stopped and started again, so that the change applies.
      - C(inactive) defines it if a definition is given and stops it.
      - C(absent) stops it if it runs and removes its definition.
    type: str
    choices: [present, absent, active, inactive]
    default: present
  xml:
    description: The whole definition as libvirt interface XML. Excludes the structured options.
    type: str
  type:
    description: The interface's type, for a definition built from the structured options.
    type: str
    choices: [ethernet, bridge, bond, vlan]
  start_mode:
    description: When the host starts the interface (libvirt's C(<start mode>)).
    type: str
    choices: [onboot, none, hotplug]
  mtu:
    description: The MTU.
    type: int
  mac:
    description: The MAC address (ethernet interfaces only, as in libvirt's XML).
    type: str
  ipv4:
    description: The IPv4 protocol block.
    type: dict
    suboptions:
      addresses:
        description: Addresses as C(ADDRESS/PREFIX).
        type: list
        elements: str
      gateway:
        description: The default route's gateway.
        type: str
      dhcp:
        description: Ask a DHCP server for an address.
        type: bool
        default: false
      peerdns:
        description: Whether DHCP's DNS servers are used (libvirt's C(peerdns)).
        type: bool
  ipv6:
    description: The IPv6 protocol block.
    type: dict
    suboptions:
      addresses:
        description: Addresses as C(ADDRESS/PREFIX).
        type: list
        elements: str
      gateway:
        description: The default route's gateway.
        type: str
      dhcp:
        description: DHCPv6 (ifkit refuses it; other drivers may not).
        type: bool
        default: false
      peerdns:
        description: Whether DHCP's DNS servers are used.
        type: bool
      autoconf:
        description: Learn addresses and routes from router advertisements.
        type: bool
        default: false
  bridge:
    description: A bridge's settings.
    type: dict
    suboptions:
      members:
        description: The bridge's ports, ethernet interfaces by name (use I(xml) for bonds or VLANs as ports).
        type: list
        elements: str
      stp:
        description: Spanning tree on or off.
        type: bool
      delay:
        description: The forward delay in seconds.
        type: str
  bond:
    description: A bond's settings.
    type: dict
    suboptions:
      mode:
        description: The bonding mode.
        type: str
        choices: [balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb]
      miimon:
        description: The MII link monitor.
        type: dict
        suboptions:
          freq:
            description: Milliseconds between checks.
            type: int
            required: true
          downdelay:
            description: Milliseconds before a slave whose link went down is disabled.
            type: int
          updelay:
            description: Milliseconds before a slave whose link came up is enabled.
            type: int
          carrier:
            description: How the link is read.
            type: str
            choices: [ioctl, netif]
      arpmon:
        description: The ARP link monitor (ignored when I(bond.miimon) is given, as libvirt does).
        type: dict
        suboptions:
          interval:
            description: Milliseconds between ARP requests.
            type: int
            required: true
          target:
            description: The address asked.
            type: str
            required: true
          validate:
            description: Which replies are checked.
            type: str
            choices: [active, backup, all]
      slaves:
        description: The bond's slaves, ethernet interfaces by name.
        type: list
        elements: str
  vlan:
    description: A VLAN's tag and parent.
    type: dict
    suboptions:
      tag:
        description: The VLAN ID.
        type: int
        required: true
      parent:
        description: The interface the VLAN is on.
        type: str
        required: true
  uri:
    description:
      - The host's libvirt URI, e.g. C(interface+ssh://root@host/system) from a controller, or
        C(interface:///system) (the local daemon's socket) on the host itself.
    type: str
    default: interface:///system
  transaction:
    description: Make each change inside a transaction, committed after verification or rolled back.
    type: bool
    default: true
  rollback_timeout:
    description:
      - Seconds after which the daemon rolls the change back by itself unless it was committed
        (ifkit's C(iface-begin --timeout); needs ifkit's CLI). 0 for libvirt's plain transaction.
      - Give the change and its checks time enough (a start, the fresh connection, every probe
        with I(probe_timeout)); an expired transaction is rolled back, and what the module does
        after that is outside it and fails at the commit.
    type: int
    default: 120
  ifkit_cli:
    description: ifkit's CLI, for timeouts and plans. Default C(ifkit) on the PATH, if there.
    type: path
  plan_uri:
    description:
      - In check mode, a URI for ifkit's CLI to plan the change with, e.g. C(ifkit:///system) where
        the module runs on the host itself. The plan (the files a define writes, or a start's or
        stop's host operations, one a line) is returned as I(plan). ifkitd does not plan over its
        socket, so an ssh URI gives no plan.
    type: str
  probes:
    description:
      - C(HOST:PORT) targets that must accept a TCP connection, from where the module runs, before
        the change is committed (the host's ssh port, a service behind the bridged NIC).
    type: list
    elements: str
    default: []
  probe_timeout:
    description: Seconds to wait for each probe.
    type: float
    default: 5
notes:
  - Supports check mode and diff mode; the diff is the definition's XML before and after (and the
    state, when it changes).
'''

EXAMPLES = r'''
- name: Bridge the host's NIC, keeping its addresses (rolled back unless the host still answers)
  ifkit.interfaces.host_interface:
    uri: "interface+ssh://root@{{ inventory_hostname }}/system"
    name: br0
    type: bridge
    start_mode: onboot
    ipv4:
      addresses: ["{{ host_address }}/24"]
      gateway: 192.0.2.254
    bridge:
      members: [eth0]
      stp: false
    state: active
    probes: ["{{ inventory_hostname }}:22"]
  delegate_to: localhost

- name: A VLAN from XML, on the host itself
  ifkit.interfaces.host_interface:
    xml: |
      <interface type='vlan' name='eth0.42'>
        <start mode='onboot'/>
        <vlan tag='42'><interface name='eth0'/></vlan>
      </interface>
    state: present

- name: Remove a bond
  ifkit.interfaces.host_interface:
    name: bond0
    state: absent
'''

RETURN = r'''
name:
  description: The interface's name.
  returned: always
  type: str
actions:
  description: What was done (or would be, in check mode), in order.
  returned: always
  type: list
  elements: str
  sample: [define, start]
xml:
  description: The interface's definition (inactive XML) after the run.
  returned: when the interface exists after the run
  type: str
active:
  description: Whether the interface runs after the run.
  returned: always
  type: bool
transaction:
  description: How the change's transaction was begun (C(changeBegin) or C(iface-begin --timeout N)).
  returned: when something changed outside check mode
  type: str
rolled_back:
  description: Whether a failed change was rolled back (then C(changed) is false).
  returned: when the change failed after its transaction began
  type: bool
plan:
  description: ifkit's plan (C(--dry-run)) of the define, or else of the start or stop.
  returned: in check mode with I(plan_uri), when something would change and ifkit could plan it
  type: str
'''

import tempfile

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.ifkit.interfaces.plugins.module_utils import host_connection as hc
from ansible_collections.ifkit.interfaces.plugins.module_utils import interface_model as im

EXPECT_AFTER = {'active': 'active', 'inactive': 'inactive', 'present': 'defined', 'absent': None}


def argument_spec():
    address_block = dict(addresses=dict(type='list', elements='str'), gateway=dict(type='str'),
                         dhcp=dict(type='bool', default=False), peerdns=dict(type='bool'))
    ipv6 = dict(address_block, autoconf=dict(type='bool', default=False))
    return dict(
        name=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent', 'active', 'inactive']),
        xml=dict(type='str'),
        type=dict(type='str', choices=list(im.TYPES)),
        start_mode=dict(type='str', choices=list(im.START_MODES)),
        mtu=dict(type='int'),
        mac=dict(type='str'),
        ipv4=dict(type='dict', options=address_block),
        ipv6=dict(type='dict', options=ipv6),
        bridge=dict(type='dict', options=dict(members=dict(type='list', elements='str'),
                                              stp=dict(type='bool'), delay=dict(type='str'))),
        bond=dict(type='dict', options=dict(
            mode=dict(type='str', choices=list(im.BOND_MODES)),
            miimon=dict(type='dict', options=dict(freq=dict(type='int', required=True),
                                                  downdelay=dict(type='int'), updelay=dict(type='int'),
                                                  carrier=dict(type='str', choices=['ioctl', 'netif']))),
            arpmon=dict(type='dict', options=dict(interval=dict(type='int', required=True),
                                                  target=dict(type='str', required=True),
                                                  validate=dict(type='str', choices=['active', 'backup', 'all']))),
            slaves=dict(type='list', elements='str'))),
        vlan=dict(type='dict', options=dict(tag=dict(type='int', required=True),
                                            parent=dict(type='str', required=True))),
        uri=dict(type='str', default=hc.DEFAULT_URI),
        transaction=dict(type='bool', default=True),
        rollback_timeout=dict(type='int', default=120),
        ifkit_cli=dict(type='path'),
        plan_uri=dict(type='str'),
        probes=dict(type='list', elements='str', default=[]),
        probe_timeout=dict(type='float', default=5),
    )


STRUCTURED = ('start_mode', 'mtu', 'mac', 'ipv4', 'ipv6', 'bridge', 'bond', 'vlan')


def wanted_definition(module):
    """The model the task asks for, or None when it gives no definition."""
    params = module.params
    if params['xml'] is not None:
        model = im.parse(params['xml'])
        if params['name'] and params['name'] != model['name']:
            module.fail_json(msg=f"name '{params['name']}' differs from the XML's name '{model['name']}'")
        return model
    if params['type'] is not None:
        return im.from_parameters(params)
    given = [key for key in STRUCTURED if params[key] is not None]
    if given:
        module.fail_json(msg=f"{', '.join(given)} need type (or the whole definition as xml)")
    return None


def plan_actions(state, wanted, current, exists, active):
    actions = []
    if state == 'absent':
        if active:
            actions.append('stop')
        if exists:
            actions.append('undefine')
        return actions
    redefine = wanted is not None and not im.same_definition(wanted, current)
    if redefine:
        actions.append('define')
    if state == 'active':
        if not active:
            actions.append('start')
        elif redefine:
            actions += ['stop', 'start']
    elif state == 'inactive' and active:
        actions.append('stop')
    return actions


def make_diff(name, current_xml, after_xml, was_active, will_active):
    diff = [{'before_header': f'{name} (definition)', 'after_header': f'{name} (definition)',
             'before': current_xml or '', 'after': after_xml or ''}]
    if was_active != will_active:
        diff.append({'before_header': f'{name} (state)', 'after_header': f'{name} (state)',
                     'before': 'active\n' if was_active else 'inactive\n',
                     'after': 'active\n' if will_active else 'inactive\n'})
    return diff


def apply(conn, name, actions, xml):
    """Does the actions; returns those that changed something."""
    iface = hc.lookup(conn, name)
    done = []
    for action in actions:
        if action == 'define':
            iface = conn.interfaceDefineXML(xml, 0)
        elif action == 'start':
            iface.create(0)
        elif action == 'stop':
            iface.destroy(0)
        elif action == 'undefine':
            try:
                iface.undefine()
            except hc.libvirt.libvirtError as error:
                # A link the kernel has without a stored definition (a NIC) is listed, and
                # found, like a defined one; there is nothing to undefine.
                if error.get_error_code() != hc.libvirt.VIR_ERR_OPERATION_INVALID:
                    raise
                continue
        done.append(action)
    return done


def dry_run(module, ifkit_cli, uri, name, actions, xml):
    """ifkit's plan of the first thing the change does that it can plan, or None."""
    if 'define' in actions:
        with tempfile.NamedTemporaryFile('w', suffix='.xml') as definition:
            definition.write(xml)
            definition.flush()
            return hc.run_cli(module, ifkit_cli, uri, f'iface-define --dry-run {definition.name}')
    for action, command in (('start', 'iface-start'), ('stop', 'iface-destroy')):
        if action in actions:
            return hc.run_cli(module, ifkit_cli, uri, f'{command} --dry-run {name}')
    return None


def main():
    module = AnsibleModule(argument_spec=argument_spec(), supports_check_mode=True,
                           mutually_exclusive=[('xml', key) for key in ('type',) + STRUCTURED],
                           required_one_of=[('name', 'xml')])
    params = module.params
    try:
        wanted = wanted_definition(module)
    except im.ModelError as error:
        module.fail_json(msg=str(error))
    name = wanted['name'] if wanted else params['name']
    state = params['state']
    ifkit_cli = params['ifkit_cli'] or module.get_bin_path('ifkit')

    try:
        conn = hc.open_uri(params['uri'])
        iface = hc.lookup(conn, name)
        current_xml = hc.inactive_xml(iface) if iface is not None else None
        current = im.parse(current_xml) if current_xml else None
        active = bool(iface is not None and iface.isActive())
    except (hc.HostError, im.ModelError) as error:
        module.fail_json(msg=str(error))
    except hc.libvirt.libvirtError as error:
        module.fail_json(msg=str(error))

    if wanted is None and iface is None and state != 'absent':
        module.fail_json(msg=f"Interface not found: no interface with matching name '{name}', "
                             'and the task gives no definition')

    actions = plan_actions(state, wanted, current, iface is not None, active)
    wanted_xml = im.render(wanted) if 'define' in actions else current_xml
    will_active = (active and 'stop' not in actions) or actions[-1:] == ['start']
    result = dict(changed=bool(actions), name=name, actions=actions, active=active)
    if module._diff:
        result['diff'] = make_diff(name, current_xml, None if state == 'absent' else wanted_xml,
                                   active, will_active)

    if module.check_mode or not actions:
        if module.check_mode and actions and params['plan_uri']:
            plan = dry_run(module, ifkit_cli, params['plan_uri'], name, actions, wanted_xml)
            if plan is not None:
                result['plan'] = plan
        if current_xml:
            result['xml'] = current_xml
        module.exit_json(**result)

    tx = hc.Transaction(module, conn, params['uri'], params['rollback_timeout'], ifkit_cli) \
        if params['transaction'] else None
    try:
        if tx:
            tx.begin()
            result['transaction'] = tx.how
        done = apply(conn, name, actions, wanted_xml)
        result.update(actions=done, changed=bool(done))
        if tx:
            fresh = tx.verify(name, EXPECT_AFTER[state], params['probes'], params['probe_timeout'])
            tx.commit(fresh)
        else:
            fresh = conn
    except (hc.HostError, hc.libvirt.libvirtError) as error:
        rolled_back, what = tx.rollback() if tx and tx.how else (False, 'nothing was rolled back')
        result.update(rolled_back=rolled_back, changed=not rolled_back and bool(result['actions']))
        module.fail_json(msg=f'{error}; {what}', **result)

    try:
        after = hc.lookup(fresh, name)
        result['active'] = bool(after is not None and after.isActive())
        if after is not None:
            result['xml'] = hc.inactive_xml(after)
    except (hc.HostError, hc.libvirt.libvirtError) as error:
        module.warn(f'the change was committed, but describing it afterwards failed: {error}')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
