# SPDX-License-Identifier: LGPL-2.1-or-later
# The keyfiles of this case, as NetworkManager writes them (nmcli >= 1.40, no daemon needed):
#   sh commands.sh ROOT
d="$1/etc/NetworkManager/system-connections"
# nmcli prints its warnings (a master not yet known) on standard output, before the keyfile.
add() { nmcli --offline connection add "$@" | sed '/^Warning: /d'; }
add type bond ifname bond0 con-name bond0 \
  bond.options "mode=802.3ad,miimon=100,updelay=200,downdelay=200,xmit_hash_policy=layer3+4" \
  ethernet.mtu 9000 ipv4.method disabled ipv6.method ignore > "$d/bond0.nmconnection"
for nic in eno1 eno2; do
  add type ethernet ifname $nic con-name bond0-port-$nic master bond0 \
    slave-type bond > "$d/bond0-port-$nic.nmconnection"
done
add type vlan ifname vlan100 con-name vlan100 vlan.parent bond0 \
  vlan.id 100 ipv4.method manual ipv4.addresses 10.100.0.2/24 ipv6.method disabled \
  > "$d/vlan100.nmconnection"
add type bond ifname bond1 con-name bond1 \
  bond.options "mode=active-backup,arp_interval=1000,arp_ip_target=192.0.2.1,arp_validate=all" \
  ipv4.method auto > "$d/bond1.nmconnection"
