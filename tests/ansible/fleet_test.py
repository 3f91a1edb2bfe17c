#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Ansible collection against a fleet of three real hosts, with Debian's ansible-core.

Each host is a network namespace with a NIC (a veth carrying an address, its peer on the
controller's LAN) and its own ifkitd serving that namespace on private sockets; a TCP listener
inside stands for the host's services. The controller is a namespace of its own, so that its
probes reach the hosts through their NICs; h2 is reached over ssh (interface+ssh://, a loopback
sshd in the controller's namespace, as tests/daemon/ssh_e2e_test.cpp does), h1 and h3 through
their sockets. Every outcome is read from outside Ansible: `ip -j` in each namespace and the
daemon's own listing and XML (`ifkit -c`).

The playbook is the README's example, ansible/examples/bridge-every-nic.yml, with an inventory
of the test's hosts.

usage: fleet_test.py IFKIT_BIN_DIR COLLECTIONS_DIR PLAYBOOK   (as root)
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CALLBACKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'callback_plugins')

BIN, COLLECTIONS, PLAYBOOK = sys.argv[1:4]
TAG = f'ifkfl{os.getpid()}'
CTL = f'{TAG}c'
HOSTS = ['h1', 'h2', 'h3']
SSH_PORT = 2222
LISTEN_PORT = 7777
BRIDGE_TASK = 'br0 over the NIC, committed once the host still answers through it'
FACTS_TASK = 'Every interface of the host, live and defined'
PLAIN_ENV = {'PATH': '/usr/sbin:/usr/bin:/sbin:/bin', 'LC_ALL': 'C.UTF-8'}


def run(argv, check=True, env=None, **kw):
    done = subprocess.run(argv, capture_output=True, text=True, env=env or PLAIN_ENV, **kw)
    if check and done.returncode != 0:
        raise AssertionError(f'{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}')
    return done


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


class Fleet:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='ifkit-fleet-')
        self.processes = []
        self.namespaces = []

    def ns(self, host):
        return f'{TAG}{host}'

    def ipj(self, host, *args):
        return json.loads(run(['ip', '-n', self.ns(host), '-j'] + list(args)).stdout or '[]')

    def socket(self, host):
        return os.path.join(self.dir, host, 'sock')

    def uri(self, host):
        if host == 'h2':
            return (f'interface+ssh://root@127.0.0.1:{SSH_PORT}/system?socket={self.socket(host)}'
                    f'&keyfile={self.dir}/client_key&no_verify=1&no_tty=1')
        return f'interface+unix:///system?socket={self.socket(host)}'

    def spawn(self, argv, log):
        with open(os.path.join(self.dir, log), 'w') as out:
            self.processes.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                                   env=PLAIN_ENV))

    def wait_for(self, ready, what):
        for _ in range(1000):
            if ready():
                return
            time.sleep(0.01)
        raise AssertionError(f'{what} did not come up')

    def set_up(self):
        for name in [CTL] + [self.ns(h) for h in HOSTS]:
            run(['ip', 'netns', 'add', name])
            self.namespaces.append(name)
            run(['ip', '-n', name, 'link', 'set', 'lo', 'up'])
        for i, host in enumerate(HOSTS, start=1):
            ns = self.ns(host)
            run(['ip', '-n', CTL, 'link', 'add', f'lan{i}', 'type', 'veth', 'peer', 'name', 'nic0',
                 'netns', ns])
            run(['ip', '-n', CTL, 'addr', 'add', f'10.77.{i}.1/24', 'dev', f'lan{i}'])
            run(['ip', '-n', CTL, 'link', 'set', f'lan{i}', 'up'])
            run(['ip', '-n', ns, 'addr', 'add', f'10.77.{i}.2/24', 'dev', 'nic0'])
            run(['ip', '-n', ns, 'link', 'set', 'nic0', 'up'])
            # A second NIC for the rolling change to add as a port.
            run(['ip', '-n', ns, 'link', 'add', 'nic1', 'type', 'veth', 'peer', 'name', 'nic1p'])
            os.makedirs(os.path.join(self.dir, host, 'store'))
            # An empty root: the host's own network managers' files (/etc/network/interfaces
            # ...) are not the test hosts'.
            os.makedirs(os.path.join(self.dir, host, 'root'))
            self.spawn([f'{BIN}/ifkitd', '-c',
                        f'ifkit:///system?netns={ns}&store={self.dir}/{host}/store'
                        f'&root={self.dir}/{host}/root',
                        '--socket', self.socket(host), '--ro-socket', self.socket(host) + '-ro'],
                       f'{host}-ifkitd.log')
            # The host's services: a listener on every address, as sshd would be.
            self.spawn(['ip', 'netns', 'exec', ns, '/usr/bin/python3', '-c',
                        'import socket\n'
                        's = socket.create_server(("0.0.0.0", %d))\n'
                        'while True: s.accept()[0].close()\n' % LISTEN_PORT], f'{host}-listener.log')
        self.set_up_sshd()
        for host in HOSTS:
            self.wait_for(lambda h=host: os.path.exists(self.socket(h)), f'ifkitd of {host}')
        self.wait_for(lambda: run(['ip', 'netns', 'exec', CTL, 'nc', '-z', '127.0.0.1', str(SSH_PORT)],
                                  check=False).returncode == 0, 'sshd')
        self.wait_for(lambda: all(run(['ip', 'netns', 'exec', CTL, 'nc', '-z', f'10.77.{i}.2',
                                       str(LISTEN_PORT)], check=False).returncode == 0
                                  for i in range(1, 4)), 'the listeners')
        # The kernel reports a NIC's operational state up to a second after its carrier (the
        # link watch's delay): the "before" snapshots must not catch it half way.
        self.wait_for(lambda: all(self.ipj(h, 'link', 'show', 'nic0')[0]['operstate'] == 'UP'
                                  for h in HOSTS), 'the NICs\' operational state')
        self.write_inventory()

    def set_up_sshd(self):
        os.makedirs(os.path.join(self.dir, 'home/.ssh'))
        os.makedirs('/run/sshd', exist_ok=True)  # sshd's privilege separation directory
        for key in ('host_key', 'client_key'):
            run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', os.path.join(self.dir, key)])
        shutil.copy(os.path.join(self.dir, 'client_key.pub'), os.path.join(self.dir, 'authorized_keys'))
        with open(os.path.join(self.dir, 'sshd_config'), 'w') as config:
            config.write(f'Port {SSH_PORT}\nListenAddress 127.0.0.1\nHostKey {self.dir}/host_key\n'
                         f'AuthorizedKeysFile {self.dir}/authorized_keys\n'
                         'PermitRootLogin prohibit-password\nPasswordAuthentication no\n'
                         'KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n'
                         f'PidFile {self.dir}/sshd.pid\n')
        self.spawn(['ip', 'netns', 'exec', CTL, '/usr/sbin/sshd', '-D', '-e', '-f',
                    f'{self.dir}/sshd_config'], 'sshd.log')

    def write_inventory(self, extra_ports=None, probe_port=LISTEN_PORT, **more):
        hosts = {}
        for i, host in enumerate(HOSTS, start=1):
            hosts[host] = {'ifkit_uri': self.uri(host), 'nic': 'nic0',
                           'nic_address': f'10.77.{i}.2/24', 'probe': f'10.77.{i}.2:{probe_port}'}
            if extra_ports:
                hosts[host]['extra_ports'] = extra_ports[host]
            hosts[host].update(more)
        inventory = {'hypervisors': {'hosts': hosts, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': '/usr/bin/python3'}}}
        with open(os.path.join(self.dir, 'inventory.json'), 'w') as out:
            json.dump(inventory, out)

    def playbook_env(self):
        return dict(PLAIN_ENV, HOME=f'{self.dir}/home', PATH=f"{BIN}:{PLAIN_ENV['PATH']}",
                   ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_STDOUT_CALLBACK='json_results',
                   ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
                   ANSIBLE_LOCAL_TEMP=f'{self.dir}/home/tmp', ANSIBLE_NOCOLOR='1',
                   ANSIBLE_HOST_KEY_CHECKING='False', ANSIBLE_RETRY_FILES_ENABLED='False')

    def playbook_argv(self, *options):
        return ['ip', 'netns', 'exec', CTL, 'ansible-playbook', '-i', f'{self.dir}/inventory.json',
                PLAYBOOK] + list(options)

    def playbook(self, *options):
        begun = time.monotonic()
        done = run(self.playbook_argv(*options), check=False, env=self.playbook_env())
        try:
            result = json.loads(done.stdout)
        except ValueError:
            raise AssertionError(f'ansible-playbook said:\n{done.stdout}\n{done.stderr}') from None
        tasks = ', '.join(f"{host} {task['task']['duration']['end'][17:]}"
                          for play in result['plays'] for task in play['tasks'] for host in task['hosts'])
        print(f'  ansible-playbook {" ".join(options)}: {time.monotonic() - begun:.1f} s '
              f'(tasks ended at {tasks})')
        return done.returncode, result

    # What the hosts look like, from outside Ansible.
    def kernel(self, host):
        links = {link['ifname']: link for link in self.ipj(host, 'addr', 'show')}
        return {name: (link.get('master'), 'UP' in link['flags'],
                       sorted(f"{a['local']}/{a['prefixlen']}" for a in link.get('addr_info', [])
                              if a['family'] == 'inet'))
                for name, link in links.items() if name != 'lo'}

    def ifkit(self, host, command):
        env = dict(PLAIN_ENV, HOME=f'{self.dir}/home')
        # The daemon's own answer, through its socket (also for h2: not what ansible used).
        return run(['ip', 'netns', 'exec', CTL, f'{BIN}/ifkit', '-q', '-c',
                    f'interface+unix:///system?socket={self.socket(host)}', command], env=env).stdout

    def definitions(self, host):
        listed = json.loads(self.ifkit(host, 'iface-list --all --json'))
        return {i['name']: self.ifkit(host, f"iface-dumpxml --inactive {i['name']}") for i in listed}

    def write_probe(self, probe, host):
        path = os.path.join(self.dir, 'inventory.json')
        with open(path) as f:
            inventory = json.load(f)
        inventory['hypervisors']['hosts'][host]['probe'] = probe
        with open(path, 'w') as out:
            json.dump(inventory, out)

    def wait_until(self, ready, what):
        # Generous: the machine may be busy; a pass needs no particular speed.
        for _ in range(1200):
            if ready():
                return
            time.sleep(0.05)
        raise AssertionError(f'{what} did not happen')

    def tear_down(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait()
        for name in self.namespaces:
            # ifkit keeps its start records per namespace inode; a later namespace may get the
            # same inode, and must not find br0's record.
            inode = os.stat(f'/run/netns/{name}').st_ino
            run(['ip', 'netns', 'del', name], check=False)
            shutil.rmtree(f'/run/ifkit/started/{inode}', ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def stats(result):
    return result['stats']


def task_results(result, task_name=None):
    """Each host's outcome of the (named) task, over every batch of a rolling play."""
    return {host: outcome for play in result['plays'] for task in play['tasks']
            if task_name is None or task['task']['name'] == task_name
            for host, outcome in task['hosts'].items()}


def main():
    fleet = Fleet()
    started = time.monotonic()
    try:
        fleet.set_up()
        before = {h: (fleet.kernel(h), fleet.definitions(h)) for h in HOSTS}
        expect(before['h1'][0]['nic0'] == (None, True, ['10.77.1.2/24']), before['h1'][0])

        # 1. Check mode: every host would change, the diff shows the bridge's XML, nothing changes.
        rc, result = fleet.playbook('--check', '--diff')
        expect(rc == 0, result)
        for host, outcome in task_results(result, BRIDGE_TASK).items():
            expect(outcome['changed'] and outcome['actions'] == ['define', 'start'], outcome)
            after = outcome['diff'][0]['after']
            expect(outcome['diff'][0]['before'] == '' and "<interface type='bridge' name='br0'>" in after
                   and "<interface type='ethernet' name='nic0'>" in after, outcome['diff'])
        for host in HOSTS:
            now = (fleet.kernel(host), fleet.definitions(host))
            expect(now == before[host], f'check mode changed {host}: {before[host]} -> {now}')
        print(f'check mode: 3 hosts would change, none did ({time.monotonic() - started:.1f} s)')

        # 2. The real run: br0 over nic0 with nic0's address, on every host.
        rc, result = fleet.playbook('--diff')
        expect(rc == 0, result)
        for i, host in enumerate(HOSTS, start=1):
            expect(stats(result)[host]['changed'] == 1, stats(result))
            kernel = fleet.kernel(host)
            expect(kernel['br0'] == (None, True, [f'10.77.{i}.2/24']), kernel)
            expect(kernel['nic0'] == ('br0', True, []), kernel)
            expect("<interface type='ethernet' name='nic0'>" in fleet.definitions(host)['br0'],
                   fleet.definitions(host))
        print(f'run: br0 over nic0 on 3 hosts ({time.monotonic() - started:.1f} s)')
        bridged = {h: (fleet.kernel(h), fleet.definitions(h)) for h in HOSTS}

        # 3. Again: nothing to do anywhere; and the facts, each host's interfaces as data.
        rc, result = fleet.playbook()
        expect(rc == 0, result)
        for host in HOSTS:
            expect(stats(result)[host]['changed'] == 0 and stats(result)[host]['ok'] == 3, stats(result))
            expect((fleet.kernel(host), fleet.definitions(host)) == bridged[host], f'{host} changed')
        for host, outcome in task_results(result, FACTS_TASK).items():
            listed = {i['name'] for i in json.loads(fleet.ifkit(host, 'iface-list --all --json'))}
            expect(set(outcome['interfaces']) == listed, (outcome['interfaces'].keys(), listed))
            expect(outcome['interfaces']['br0']['inactive_xml'] == bridged[host][1]['br0'], outcome)
        print(f'second run: changed=0 on 3 hosts, each described ({time.monotonic() - started:.1f} s)')

        # 4. A rolling change, one host at a time: h1 takes a second port, h2's does not exist,
        # so its start fails: h2 is rolled back and the rollout stops before h3.
        fleet.write_inventory(extra_ports={'h1': ['nic1'], 'h2': ['nosuch0'], 'h3': ['nic1']})
        rc, result = fleet.playbook()
        expect(rc != 0, 'the rollout did not fail')
        outcomes = task_results(result, BRIDGE_TASK)
        expect(set(outcomes) == {'h1', 'h2'}, f'h3 was reached: {sorted(outcomes)}')
        expect(outcomes['h2'].get('failed') and outcomes['h2'].get('rolled_back')
               and not outcomes['h2']['changed'] and 'nosuch0' in outcomes['h2']['msg'], outcomes['h2'])
        expect(stats(result)['h2']['changed'] == 0 and stats(result)['h2']['failures'] == 1, stats(result))
        kernel = fleet.kernel('h1')
        expect(kernel['nic0'][0] == 'br0' and kernel['nic1'][0] == 'br0', kernel)
        expect("name='nic1'" in fleet.definitions('h1')['br0'], fleet.definitions('h1'))
        expect(fleet.definitions('h2') == bridged['h2'][1], fleet.definitions('h2'))
        expect(fleet.kernel('h2') == bridged['h2'][0], fleet.kernel('h2'))
        expect((fleet.kernel('h3'), fleet.definitions('h3')) == bridged['h3'], 'h3 was changed')
        print(f'rolling change: h1 changed, h2 failed and was rolled back, h3 untouched '
              f'({time.monotonic() - started:.1f} s)')

        # 5. A change the kernel takes but after which the host does not answer (the probe's
        # port is closed) is not committed: h3 is rolled back.
        fleet.write_inventory(extra_ports={h: ['nic1'] for h in HOSTS}, probe_port=LISTEN_PORT + 1)
        rc, result = fleet.playbook('--limit', 'h3')
        outcome = task_results(result, BRIDGE_TASK)['h3']
        expect(rc != 0 and outcome.get('rolled_back') and 'does not answer' in outcome['msg'], outcome)
        expect((fleet.kernel('h3'), fleet.definitions('h3')) == bridged['h3'], 'h3 kept the change')
        print(f'unanswered probe: h3 rolled back ({time.monotonic() - started:.1f} s)')

        # 6. The controller is lost in the middle of a change (killed while its probe waits for
        # an answer that never comes): nobody commits, and h3's ifkitd rolls the change back by
        # itself once rollback_timeout has passed.
        run(['ip', '-n', CTL, 'route', 'add', '10.99.0.0/24', 'via', '10.77.3.2'])  # h3 drops it
        fleet.write_inventory(extra_ports={h: ['nic1'] for h in HOSTS}, rollback_timeout=6,
                              probe_timeout=60)
        fleet.write_probe('10.99.0.1:7777', 'h3')
        controller = subprocess.Popen(fleet.playbook_argv('--limit', 'h3'), env=fleet.playbook_env(),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True)
        try:
            fleet.wait_until(lambda: fleet.kernel('h3')['nic1'][0] == 'br0', 'the change on h3')
        finally:
            os.killpg(controller.pid, signal.SIGKILL)
            controller.wait()
        expect(fleet.kernel('h3')['nic1'][0] == 'br0', 'h3 was rolled back before the controller was lost')
        # Only ip -j until then: a call to the daemon would roll an expired transaction back
        # itself, and this is about the daemon's own timer.
        fleet.wait_until(lambda: fleet.kernel('h3') == bridged['h3'][0], "h3's rollback")
        expect(fleet.definitions('h3') == bridged['h3'][1], fleet.definitions('h3'))
        with open(os.path.join(fleet.dir, 'h3-ifkitd.log')) as log:
            said = log.read()
            expect('rolled back a transaction whose timeout had passed' in said, f'not by ifkitd:\n{said}')
        print(f'lost controller: h3 rolled itself back ({time.monotonic() - started:.1f} s)')
    finally:
        fleet.tear_down()
    print(f'fleet test passed in {time.monotonic() - started:.1f} s')


if __name__ == '__main__':
    main()
