#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The collection's interface XML model (module_utils/interface_model.py), without a host.

usage: interface_model_test.py COLLECTIONS_DIR CONFORMANCE_XML_DIR
"""

import glob
import os
import sys
import unittest

COLLECTIONS, CORPUS = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(COLLECTIONS, 'ansible_collections/ifkit/interfaces/plugins/module_utils'))
import interface_model as im  # noqa: E402

# libvirt's outputs that are not XML one can read back (it writes these values unescaped) or
# whose name holds characters that XML normalises away on reading.
NOT_READABLE = {'quirk-unescaped-addresses', 'quirk-unescaped-bridge-delay', 'quirk-unescaped-mac',
                'quirk-unescaped-vlan', 'quirk-unescaped-arpmon-target', 'name-charrefs'}


class InterfaceModelTest(unittest.TestCase):
    def test_libvirt_outputs_read_and_written_back_byte_for_byte(self):
        outputs = sorted(glob.glob(os.path.join(CORPUS, '*.out.xml')))
        self.assertGreater(len(outputs), 200)
        for path in outputs:
            case = os.path.basename(path)[:-len('.out.xml')]
            if case in NOT_READABLE:
                continue
            with open(path, encoding='utf-8') as f:
                text = f.read()
            with self.subTest(case=case):
                self.assertEqual(im.render(im.parse(text)), text)

    def test_definitions_are_compared_by_meaning(self):
        a = im.parse("<interface type='bridge' name='br0'><start mode='onboot'/>"
                     "<protocol family='ipv4'><ip address='192.0.2.1' prefix='24'/>"
                     "<ip address='192.0.2.9' prefix='24'/></protocol>"
                     "<bridge stp='off' delay='0'><interface type='ethernet' name='eth0'/>"
                     "<interface type='ethernet' name='eth1'/></bridge></interface>")
        b = im.parse("<?xml version='1.0'?><!-- the same -->\n<interface name='br0' type='bridge'>"
                     "<bridge delay='0.00' stp='off'><interface name='eth1' type='ethernet'>"
                     "<link state='up'/></interface><interface type='ethernet' name='eth0'/></bridge>"
                     "<protocol family='ipv4'><ip prefix='0x18' address='192.0.2.9'/>"
                     "<ip address='192.0.2.1' prefix='24'/></protocol>"
                     "<start mode='onboot'/></interface>")
        self.assertTrue(im.same_definition(a, b))
        ten = im.parse(im.render(a).replace("delay='0'", "delay='10'"))
        self.assertIn("delay='10'", im.render(im.from_parameters(
            {'type': 'bridge', 'name': 'br0', 'bridge': {'delay': '10'}})))
        self.assertTrue(im.same_definition(ten, im.parse(im.render(a).replace("delay='0'", "delay='10.0'"))))
        for change in ("stp='on'", "delay='2'"):
            c = im.parse(im.render(a).replace("stp='off' delay='0'", change))
            self.assertFalse(im.same_definition(a, c), change)
        self.assertFalse(im.same_definition(a, im.parse(im.render(a).replace('192.0.2.9', '192.0.2.8'))))
        self.assertFalse(im.same_definition(a, None))

    def test_structured_parameters_render_as_libvirt_writes_them(self):
        params = {'type': 'bridge', 'name': 'br0', 'start_mode': 'onboot', 'mtu': 9000,
                  'ipv4': {'addresses': ['192.0.2.1/24'], 'gateway': '192.0.2.254', 'dhcp': False},
                  'ipv6': {'addresses': ['2001:db8::1/64'], 'autoconf': True, 'dhcp': False},
                  'bridge': {'members': ['eth0'], 'stp': False, 'delay': '0.01'}}
        self.assertEqual(im.render(im.from_parameters(params)),
                         "<interface type='bridge' name='br0'>\n  <start mode='onboot'/>\n"
                         "  <mtu size='9000'/>\n  <protocol family='ipv4'>\n"
                         "    <ip address='192.0.2.1' prefix='24'/>\n    <route gateway='192.0.2.254'/>\n"
                         "  </protocol>\n  <protocol family='ipv6'>\n    <autoconf/>\n"
                         "    <ip address='2001:db8::1' prefix='64'/>\n  </protocol>\n"
                         "  <bridge stp='off' delay='0.01'>\n"
                         "    <interface type='ethernet' name='eth0'>\n    </interface>\n"
                         "  </bridge>\n</interface>\n")
        bond = im.from_parameters({'type': 'bond', 'name': 'bond0', 'bond': {
            'mode': 'active-backup', 'miimon': {'freq': 100, 'updelay': 10, 'downdelay': None,
                                                'carrier': 'netif'}, 'slaves': ['eth1', 'eth2']}})
        self.assertIn("<miimon freq='100' updelay='10' carrier='netif'/>", im.render(bond))
        vlan = im.from_parameters({'type': 'vlan', 'name': 'eth0.42', 'vlan': {'tag': 42, 'parent': 'eth0'}})
        self.assertTrue(im.same_definition(vlan, im.parse(
            "<interface type='vlan' name='eth0.42'><vlan tag='42'><interface name='eth0'/></vlan></interface>")))
        with self.assertRaises(im.ModelError):
            im.from_parameters({'type': 'bridge', 'name': 'br0', 'mac': '52:54:00:00:00:01'})


if __name__ == '__main__':
    unittest.main(argv=sys.argv[:1])
