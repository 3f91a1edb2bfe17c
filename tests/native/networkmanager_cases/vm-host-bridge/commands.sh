# SPDX-License-Identifier: LGPL-2.1-or-later
# The keyfiles of this case, as NetworkManager writes them (nmcli >= 1.40, no daemon needed):
#   sh commands.sh ROOT   (networkmanager_cases_test runs it again: both must read alike)
d="$1/etc/NetworkManager/system-connections"
# nmcli prints its warnings (a master not yet known) on standard output, before the keyfile.
add() { nmcli --offline connection add "$@" | sed '/^Warning: /d'; }
add type bridge ifname br0 con-name br0 bridge.stp no \
  bridge.forward-delay 2 ipv4.method manual ipv4.addresses 192.0.2.5/24 ipv4.gateway 192.0.2.1 \
  ipv4.dns 192.0.2.53 ipv6.method manual ipv6.addresses 2001:db8::5/64 ipv6.gateway 2001:db8::1 \
  > "$d/br0.nmconnection"
add type ethernet ifname eno1 con-name br0-port-eno1 master br0 \
  slave-type bridge > "$d/br0-port-eno1.nmconnection"
