#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""host_interface with every interface type, through ifkitd serving libvirt's test driver (no
kernel, no root): bond, VLAN and ethernet definitions are made from the structured options and
from XML, a second run changes nothing, and state: absent removes them; each checked against
the daemon's own XML (ifkit -c), not Ansible's output.

usage: every_type_test.py IFKIT_BIN_DIR COLLECTIONS_DIR PLAYBOOK
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

CALLBACKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'callback_plugins')

BIN, COLLECTIONS, PLAYBOOK = sys.argv[1:4]
ENV = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'LC_ALL': 'C.UTF-8'}


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def main():
    work = tempfile.mkdtemp(prefix='ifkit-types-')
    socket = os.path.join(work, 'sock')
    uri = f'interface+unix:///system?socket={socket}'
    daemon = subprocess.Popen([f'{BIN}/ifkitd', '-c', 'test:///default', '--socket', socket,
                               '--ro-socket', socket + '-ro'], stderr=subprocess.DEVNULL, env=ENV)
    try:
        for _ in range(500):
            if os.path.exists(socket):
                break
            time.sleep(0.01)
        with open(os.path.join(work, 'inventory.json'), 'w') as out:
            json.dump({'all': {'hosts': {'testhost': {
                'ifkit_uri': uri, 'ansible_connection': 'local',
                'ansible_python_interpreter': '/usr/bin/python3'}}}}, out)
        env = dict(ENV, HOME=work, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
                   ANSIBLE_STDOUT_CALLBACK='json_results',
                   ANSIBLE_CALLBACK_PLUGINS=CALLBACKS, ANSIBLE_LOCAL_TEMP=f'{work}/tmp')

        def playbook(*options):
            done = subprocess.run(['ansible-playbook', '-i', f'{work}/inventory.json', PLAYBOOK]
                                  + list(options), capture_output=True, text=True, env=env)
            expect(done.returncode == 0, f'{done.stdout}\n{done.stderr}')
            return json.loads(done.stdout)['stats']['testhost']

        def xml(name):
            done = subprocess.run([f'{BIN}/ifkit', '-q', '-c', uri, f'iface-dumpxml {name}'],
                                  capture_output=True, text=True, env=ENV)
            return done.stdout if done.returncode == 0 else None

        expect(playbook()['changed'] == 3, 'not every interface was defined')
        bond, vlan, eth = xml('bond0'), xml('eth4.42'), xml('eth5')
        for wanted in ("<bond mode='active-backup'>", "<miimon freq='100' updelay='200' carrier='netif'/>",
                       "<interface type='ethernet' name='eth3'>", "<mtu size='9000'/>", '<autoconf/>',
                       "<ip address='2001:db8::2' prefix='64'/>"):
            expect(wanted in bond, f'{wanted} not in\n{bond}')
        expect("<dhcp peerdns='no'/>" in vlan and "<vlan tag='42'>" in vlan, vlan)
        for wanted in ("<start mode='hotplug'/>", "<mac address='52:54:00:AB:CD:EF'/>",
                       "<route gateway='198.51.100.1'/>", "<ip address='198.51.100.8' prefix='24'/>"):
            expect(wanted in eth, f'{wanted} not in\n{eth}')
        expect(playbook()['changed'] == 0, 'a second run changed something')
        expect((xml('bond0'), xml('eth4.42'), xml('eth5')) == (bond, vlan, eth), 'definitions moved')
        expect(playbook('-e', 'gone=true')['changed'] == 3, 'not every interface was removed')
        expect((xml('bond0'), xml('eth4.42'), xml('eth5')) == (None, None, None), 'still there')
        expect(playbook('-e', 'gone=true')['changed'] == 0, 'a second removal changed something')
        print('bond, VLAN and ethernet defined, unchanged on a second run, removed')
    finally:
        daemon.terminate()
        daemon.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
