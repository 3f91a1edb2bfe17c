# -*- coding: utf-8 -*-
# SPDX-License-Identifier: LGPL-2.1-or-later
# One host's interface API through libvirt-python: opening its URI, reading an interface, and the
# safe change (a transaction begun before the change, committed only once a fresh connection
# still reaches the host, rolled back otherwise).
"""Connections to a host's interface API, and changes made inside a transaction."""

from __future__ import annotations

import socket
import subprocess

try:
    import libvirt
    HAS_LIBVIRT = True
except ImportError:
    libvirt = None
    HAS_LIBVIRT = False

DEFAULT_URI = 'interface:///system'


class HostError(Exception):
    """A failure worth reporting as is (libvirt's own words inside)."""


def _quiet(_ctx, _err):
    # libvirt prints every error on stderr by default; the modules report them instead.
    return None


def open_uri(uri, read_only=False):
    if not HAS_LIBVIRT:
        raise HostError('python3-libvirt (import libvirt) is needed on the host that runs the module')
    libvirt.registerErrorHandler(_quiet, None)
    try:
        return libvirt.openReadOnly(uri) if read_only else libvirt.open(uri)
    except libvirt.libvirtError as error:
        raise HostError(f"cannot connect to '{uri}': {error}") from None


def lookup(conn, name):
    """The interface called name, or None when the host has no such interface."""
    try:
        return conn.interfaceLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_INTERFACE:
            return None
        raise HostError(str(error)) from None


def inactive_xml(iface):
    try:
        return iface.XMLDesc(libvirt.VIR_INTERFACE_XML_INACTIVE)
    except libvirt.libvirtError as error:
        # libvirt's test driver (and ifkit's copy of it) keeps one description only and refuses
        # the flag: there, that one is the definition.
        if error.get_error_code() != libvirt.VIR_ERR_INVALID_ARG:
            raise
        return iface.XMLDesc(0)


def live_xml(iface):
    return iface.XMLDesc(0)


def _tcp_answers(target, timeout):
    host, _, port = str(target).rpartition(':')
    try:
        with socket.create_connection((host.strip('[]'), int(port)), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


class Transaction:
    """libvirt's change transaction around one change of one host.

    With rollback_timeout and ifkit's CLI at hand, the transaction is begun by
    `ifkit -c URI 'iface-begin --timeout N'`: ifkitd offers the timeout over the wire only in
    its own RPC program, which libvirt-python cannot send. The daemon then rolls the change back
    by itself if neither commit nor rollback comes in time: a host the change cut off from the
    controller heals itself. Without the CLI it is libvirt's plain changeBegin, and a lost
    connection leaves the transaction open (the result says so in a warning)."""

    def __init__(self, module, conn, uri, rollback_timeout, ifkit_cli):
        self.module = module
        self.conn = conn
        self.uri = uri
        self.rollback_timeout = rollback_timeout
        self.ifkit_cli = ifkit_cli
        self.how = None

    def begin(self):
        if self.rollback_timeout and self.ifkit_cli:
            rc, out, err = self.module.run_command(
                [self.ifkit_cli, '-q', '-c', self.uri, f'iface-begin --timeout {self.rollback_timeout}'])
            if rc != 0:
                raise HostError(f"cannot begin a transaction: {(err or out).strip()}")
            self.how = f'iface-begin --timeout {self.rollback_timeout}'
            return
        try:
            self.conn.changeBegin(0)
        except libvirt.libvirtError as error:
            raise HostError(f'cannot begin a transaction: {error}') from None
        self.how = 'changeBegin'
        if self.rollback_timeout:
            self.module.warn("ifkit's CLI was not found, so the transaction has no timeout: a host "
                             'this change cuts off stays changed until someone rolls it back')

    def verify(self, name, expect, probes, probe_timeout):
        """A fresh connection (a new ssh session for ssh URIs) must reach the daemon and find the
        interface as expected ('active', 'inactive', 'defined', or None: not asked), and every
        probe (HOST:PORT) must accept a TCP connection. Returns the fresh connection, to commit
        through; raises HostError with what failed."""
        fresh = open_uri(self.uri)
        try:
            try:
                fresh.getLibVersion()
            except libvirt.libvirtError as error:
                raise HostError(f'after the change the daemon does not answer: {error}') from None
            if expect is not None:
                iface = lookup(fresh, name)
                if iface is None:
                    raise HostError(f"after the change there is no interface '{name}'")
                active = bool(iface.isActive())
                if expect in ('active', 'inactive') and active != (expect == 'active'):
                    raise HostError(f"after the change '{name}' is {'active' if active else 'inactive'}")
            for target in probes or []:
                if not _tcp_answers(target, probe_timeout):
                    raise HostError(f'after the change {target} does not answer')
        except Exception:
            fresh.close()
            raise
        return fresh

    def commit(self, conn):
        try:
            conn.changeCommit(0)
        except libvirt.libvirtError as error:
            raise HostError(f'cannot commit the transaction: {error}') from None

    def rollback(self):
        """Rolls back through the module's connection, else a fresh one. Returns whether it was
        rolled back, and a sentence for the failure message."""
        for attempt in ('kept', 'fresh'):
            try:
                conn = self.conn if attempt == 'kept' else open_uri(self.uri)
                conn.changeRollback(0)
                return True, 'the change was rolled back'
            except (libvirt.libvirtError, HostError):
                continue
        if self.how and self.how.startswith('iface-begin'):
            return False, (f'the rollback could not be asked for: the daemon rolls back by itself '
                           f'within {self.rollback_timeout} s of the begin')
        return False, 'the rollback could not be asked for: the transaction is still open on the host'


def run_cli(module, ifkit_cli, uri, command):
    """ifkit's own answer (a plan, a dry run), or None where the CLI is not at hand or fails."""
    if not ifkit_cli:
        return None
    try:
        rc, out, _err = module.run_command([ifkit_cli, '-q', '-c', uri, command])
    except (OSError, subprocess.SubprocessError):
        return None
    return out if rc == 0 else None
