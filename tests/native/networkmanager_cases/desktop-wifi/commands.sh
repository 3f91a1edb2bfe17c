# SPDX-License-Identifier: LGPL-2.1-or-later
# The keyfiles of this case, as NetworkManager writes them (nmcli >= 1.40, no daemon needed):
#   sh commands.sh ROOT
d="$1/etc/NetworkManager/system-connections"
# nmcli prints its warnings (a master not yet known) on standard output, before the keyfile.
add() { nmcli --offline connection add "$@" | sed '/^Warning: /d'; }
add type ethernet ifname enp0s31f6 con-name "Wired connection 1" \
  > "$d/Wired connection 1.nmconnection"
add type ethernet ifname enp0s31f6 con-name office \
  connection.autoconnect no ipv4.method manual ipv4.addresses 198.51.100.7/24 \
  ipv4.gateway 198.51.100.1 > "$d/office.nmconnection"
add type wifi ifname wlp2s0 con-name home ssid Home \
  wifi-sec.key-mgmt wpa-psk wifi-sec.psk not-a-real-secret > "$d/home.nmconnection"
add type ethernet con-name "any wired" > "$d/any wired.nmconnection"
