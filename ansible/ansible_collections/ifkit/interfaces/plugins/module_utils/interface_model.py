# -*- coding: utf-8 -*-
# SPDX-License-Identifier: LGPL-2.1-or-later
# libvirt's interface XML as plain data, and back: what the modules compare, return as facts and
# show as a diff. The model holds what a definition means (libvirt's parser reads the same
# elements); the formatter writes libvirt's own layout, so that a diff against the XML a daemon
# returns shows only real differences.
"""Interface XML <-> plain data, and the normal form definitions are compared in."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

TYPES = ('ethernet', 'bridge', 'bond', 'vlan')
START_MODES = ('onboot', 'none', 'hotplug')
BOND_MODES = ('balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad',
              'balance-tlb', 'balance-alb')


class ModelError(ValueError):
    """A definition that cannot be read or made."""


def _children(element, tag):
    # libvirt finds elements among the direct children in no namespace only.
    return [child for child in element if child.tag == tag]


def _first(element, tag):
    found = _children(element, tag)
    return found[0] if found else None


def _first_attr(element, tag, attr):
    # libvirt's "X-read": the first non-empty value over all such children, in order.
    for child in _children(element, tag):
        value = child.get(attr)
        if value is not None:
            return value or None
    return None


def _int(value, what):
    if value is None or value == '':
        return None
    try:
        return int(str(value).strip(), 0) if what == 'prefix' else int(str(value).strip())
    except ValueError:
        raise ModelError(f"invalid {what} '{value}'") from None


def _parse_interface(element, top):
    kind = element.get('type')
    if kind not in TYPES and not (kind is None and not top):
        raise ModelError(f"unknown interface type '{kind}'")
    model = {'type': kind, 'name': element.get('name')}
    if top:
        model['start_mode'] = _first_attr(element, 'start', 'mode')
        mtu = _int(_first_attr(element, 'mtu', 'size'), 'mtu')
        model['mtu'] = mtu or None
        model['protocols'] = [_parse_protocol(p) for p in _children(element, 'protocol')]
    if kind != 'bridge':
        link = _first(element, 'link')
        if link is not None and (link.get('state') or link.get('speed')):
            model['link'] = {'state': link.get('state') or None,
                             'speed': _int(link.get('speed'), 'speed') or None}
    if kind == 'ethernet':
        model['mac'] = _first_attr(element, 'mac', 'address')
    elif kind == 'bridge':
        bridge = _first(element, 'bridge')
        if bridge is None:
            raise ModelError('bridge interface misses its <bridge> element')
        model['bridge'] = {
            'stp': {'on': True, 'off': False}.get(bridge.get('stp') or ''),
            'delay': bridge.get('delay'),
            'members': [_parse_interface(m, False) for m in _children(bridge, 'interface')],
        }
    elif kind == 'bond':
        bond = _first(element, 'bond')
        if bond is None:
            raise ModelError('bond interface misses its <bond> element')
        model['bond'] = _parse_bond(bond)
    elif kind == 'vlan':
        vlan = _first(element, 'vlan')
        if vlan is None:
            raise ModelError('vlan interface misses its <vlan> element')
        model['vlan'] = {'tag': vlan.get('tag'),
                         'parent': _first_attr(vlan, 'interface', 'name')}
    return model


def _parse_protocol(element):
    dhcp = _first(element, 'dhcp')
    peerdns = dhcp.get('peerdns') if dhcp is not None else None
    return {
        'family': element.get('family'),
        'autoconf': element.get('family') == 'ipv6' and _first(element, 'autoconf') is not None,
        'dhcp': dhcp is not None,
        'peerdns': {'yes': True, 'no': False}.get(peerdns or ''),
        'addresses': [{'address': ip.get('address'), 'prefix': _int(ip.get('prefix'), 'prefix') or None}
                      for ip in _children(element, 'ip') if ip.get('address') is not None],
        'gateway': (_first(element, 'route').get('gateway') or None)
        if _first(element, 'route') is not None else None,
    }


def _parse_bond(bond):
    model = {'mode': bond.get('mode') or None, 'miimon': None, 'arpmon': None}
    if _children(bond, 'miimon'):
        model['miimon'] = {
            'freq': _int(_first_attr(bond, 'miimon', 'freq'), 'miimon freq'),
            'downdelay': _int(_first_attr(bond, 'miimon', 'downdelay'), 'miimon downdelay') or None,
            'updelay': _int(_first_attr(bond, 'miimon', 'updelay'), 'miimon updelay') or None,
            'carrier': _first_attr(bond, 'miimon', 'carrier'),
        }
    elif _children(bond, 'arpmon'):
        model['arpmon'] = {
            'interval': _int(_first_attr(bond, 'arpmon', 'interval'), 'arpmon interval'),
            'target': _first_attr(bond, 'arpmon', 'target'),
            'validate': _first_attr(bond, 'arpmon', 'validate'),
        }
    model['slaves'] = [_parse_interface(s, False) for s in _children(bond, 'interface')]
    return model


def parse(xml):
    """The model of one interface's XML (a definition, or a live description)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as error:
        raise ModelError(f'XML error: {error}') from None
    if root.tag != 'interface':
        raise ModelError(f"XML error: expecting root element of 'interface', not '{root.tag}'")
    return _parse_interface(root, True)


def _attr(name, value):
    if value is None:
        return ''
    text = str(value).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    return f" {name}='" + text.replace("'", '&apos;').replace('"', '&quot;') + "'"


def _format_interface(model, depth, lines):
    pad = '  ' * depth
    kind = model.get('type')
    lines.append(f"{pad}<interface{_attr('type', kind)}{_attr('name', model.get('name'))}>")
    inner = pad + '  '
    if depth == 0:
        if model.get('start_mode'):
            lines.append(f"{inner}<start mode='{model['start_mode']}'/>")
        if model.get('mtu'):
            lines.append(f"{inner}<mtu size='{model['mtu']}'/>")
        for proto in model.get('protocols') or []:
            lines.append(f"{inner}<protocol{_attr('family', proto['family'])}>")
            if proto.get('autoconf'):
                lines.append(f'{inner}  <autoconf/>')
            if proto.get('dhcp'):
                peer = {True: 'yes', False: 'no'}.get(proto.get('peerdns'))
                lines.append(f"{inner}  <dhcp{_attr('peerdns', peer)}/>")
            for ip in proto.get('addresses') or []:
                lines.append(f"{inner}  <ip{_attr('address', ip['address'])}"
                             f"{_attr('prefix', ip.get('prefix') or None)}/>")
            if proto.get('gateway'):
                lines.append(f"{inner}  <route{_attr('gateway', proto['gateway'])}/>")
            lines.append(f'{inner}</protocol>')
    link = model.get('link')
    if kind != 'bridge' and link and (link.get('speed') or link.get('state')):
        lines.append(f"{inner}<link{_attr('speed', link.get('speed'))}{_attr('state', link.get('state'))}/>")
    if kind == 'ethernet' and model.get('mac'):
        lines.append(f"{inner}<mac{_attr('address', model['mac'])}/>")
    if kind == 'bridge':
        bridge = model['bridge']
        stp = {True: 'on', False: 'off'}.get(bridge.get('stp'))
        lines.append(f"{inner}<bridge{_attr('stp', stp)}{_attr('delay', bridge.get('delay'))}>")
        for member in bridge.get('members') or []:
            _format_interface(member, depth + 2, lines)
        lines.append(f'{inner}</bridge>')
    elif kind == 'bond' and model.get('bond') is not None:
        bond = model['bond']
        lines.append(f"{inner}<bond{_attr('mode', bond.get('mode'))}>")
        mii, arp = bond.get('miimon'), bond.get('arpmon')
        if mii:
            lines.append(f"{inner}  <miimon{_attr('freq', mii.get('freq') or 0)}"
                         f"{_attr('downdelay', mii.get('downdelay') or None)}"
                         f"{_attr('updelay', mii.get('updelay') or None)}"
                         f"{_attr('carrier', mii.get('carrier'))}/>")
        elif arp:
            lines.append(f"{inner}  <arpmon{_attr('interval', arp.get('interval') or 0)}"
                         f"{_attr('target', arp.get('target'))}{_attr('validate', arp.get('validate'))}/>")
        for slave in bond.get('slaves') or []:
            _format_interface(slave, depth + 2, lines)
        lines.append(f'{inner}</bond>')
    elif kind == 'vlan' and model.get('vlan') is not None:
        vlan = model['vlan']
        lines.append(f"{inner}<vlan{_attr('tag', vlan.get('tag'))}>")
        lines.append(f"{inner}  <interface{_attr('name', vlan.get('parent'))}/>")
        lines.append(f'{inner}</vlan>')
    lines.append(f'{pad}</interface>')


def render(model):
    """libvirt's interface XML for a model, laid out as libvirt formats it."""
    lines = []
    _format_interface(model, 0, lines)
    return '\n'.join(lines) + '\n'


def _delay(value):
    if value is None:
        return None
    try:
        number = Decimal(str(value).strip())
        return str(number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize())
    except InvalidOperation:
        return str(value)


def normal_form(model):
    """What a definition means, without what does not count: the order of addresses, members
    and protocol blocks, MAC case, number spellings, and the live-only <link>."""
    if model is None:
        return None
    out = {'type': model.get('type'), 'name': model.get('name')}
    for key in ('start_mode', 'mtu'):
        if model.get(key):
            out[key] = model[key]
    if model.get('mac'):
        out['mac'] = model['mac'].lower()
    protocols = []
    for proto in model.get('protocols') or []:
        protocols.append((
            proto.get('family'), bool(proto.get('autoconf')), bool(proto.get('dhcp')),
            proto.get('peerdns') if proto.get('dhcp') else None,
            tuple(sorted((ip['address'].lower(), ip.get('prefix') or 0)
                         for ip in proto.get('addresses') or [])),
            (proto.get('gateway') or '').lower() or None))
    if protocols:
        out['protocols'] = sorted(protocols, key=repr)
    if model.get('bridge') is not None:
        bridge = model['bridge']
        out['bridge'] = (bridge.get('stp'), _delay(bridge.get('delay')),
                         tuple(sorted((repr(normal_form(m)) for m in bridge.get('members') or []))))
    if model.get('bond') is not None:
        bond = model['bond']
        mii = bond.get('miimon')
        arp = bond.get('arpmon')
        out['bond'] = (bond.get('mode'),
                       tuple(sorted((k, v) for k, v in mii.items() if v)) if mii else None,
                       tuple(sorted((k, v) for k, v in arp.items() if v)) if arp else None,
                       tuple(sorted(repr(normal_form(s)) for s in bond.get('slaves') or [])))
    if model.get('vlan') is not None:
        tag = str(model['vlan'].get('tag')).strip()
        out['vlan'] = (str(int(tag)) if tag.isdigit() else tag, model['vlan'].get('parent'))
    return out


def same_definition(a, b):
    """Whether two models define the same interface."""
    return normal_form(a) == normal_form(b)


def _nested(name, kind='ethernet'):
    return {'type': kind, 'name': name}


def _split_address(text, family):
    address, _, prefix = str(text).partition('/')
    if not address:
        raise ModelError(f"an {family} address needs the form ADDRESS/PREFIX, not '{text}'")
    return {'address': address, 'prefix': _int(prefix, 'prefix') if prefix else None}


def from_parameters(params):
    """The model the structured parameters describe (type, name, start_mode, mtu, mac, ipv4,
    ipv6, bridge, bond, vlan: the module's own options)."""
    kind = params.get('type')
    if kind not in TYPES:
        raise ModelError(f"type must be one of {', '.join(TYPES)}")
    model = {'type': kind, 'name': params['name'], 'start_mode': params.get('start_mode'),
             'mtu': params.get('mtu') or None, 'protocols': []}
    for family in ('ipv4', 'ipv6'):
        proto = params.get(family)
        if not proto:
            continue
        model['protocols'].append({
            'family': family,
            'autoconf': bool(proto.get('autoconf')) if family == 'ipv6' else False,
            'dhcp': bool(proto.get('dhcp')),
            'peerdns': proto.get('peerdns'),
            'addresses': [_split_address(a, family) for a in proto.get('addresses') or []],
            'gateway': proto.get('gateway'),
        })
    if kind == 'ethernet':
        model['mac'] = params.get('mac')
    elif params.get('mac'):
        raise ModelError("libvirt's interface XML holds a MAC address for ethernet interfaces only")
    if kind == 'bridge':
        bridge = params.get('bridge') or {}
        model['bridge'] = {'stp': bridge.get('stp'),
                           'delay': None if bridge.get('delay') is None else str(bridge['delay']).strip(),
                           'members': [_nested(m) for m in bridge.get('members') or []]}
    elif kind == 'bond':
        bond = params.get('bond') or {}
        model['bond'] = {'mode': bond.get('mode'), 'miimon': bond.get('miimon'),
                         'arpmon': None if bond.get('miimon') else bond.get('arpmon'),
                         'slaves': [_nested(s) for s in bond.get('slaves') or []]}
    elif kind == 'vlan':
        vlan = params.get('vlan') or {}
        if vlan.get('tag') is None or not vlan.get('parent'):
            raise ModelError('a vlan needs vlan.tag and vlan.parent')
        model['vlan'] = {'tag': vlan['tag'], 'parent': vlan['parent']}
    return model
