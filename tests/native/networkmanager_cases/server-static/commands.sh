# SPDX-License-Identifier: LGPL-2.1-or-later
# The keyfiles of this case, as NetworkManager writes them (nmcli >= 1.40, no daemon needed):
#   sh commands.sh ROOT
d="$1/etc/NetworkManager/system-connections"
# nmcli prints its warnings (a master not yet known) on standard output, before the keyfile.
add() { nmcli --offline connection add "$@" | sed '/^Warning: /d'; }
add type ethernet ifname eno1 con-name eno1 ipv4.method manual \
  ipv4.addresses "192.0.2.5/24,192.0.2.6/24" ipv4.gateway 192.0.2.1 ipv4.dns 192.0.2.53 \
  ipv4.routes "198.51.100.0/24 192.0.2.254" ipv6.method manual ipv6.addresses 2001:db8::5/64 \
  ipv6.gateway 2001:db8::1 ethernet.cloned-mac-address 52:54:00:12:34:56 ethernet.mtu 9000 \
  > "$d/eno1.nmconnection"
