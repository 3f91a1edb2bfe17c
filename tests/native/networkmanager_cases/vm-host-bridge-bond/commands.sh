# SPDX-License-Identifier: LGPL-2.1-or-later
# The keyfiles of this case, as NetworkManager writes them (nmcli >= 1.40, no daemon needed):
#   sh commands.sh ROOT   (networkmanager_cases_test runs it again: both must read alike)
# A KVM host: two NICs in an active-backup bond, the bond a port of the guests' bridge.
d="$1/etc/NetworkManager/system-connections"
# nmcli prints its warnings (a master not yet known) on standard output, before the keyfile.
add() { nmcli --offline connection add "$@" | sed '/^Warning: /d'; }
add type bridge ifname br0 con-name br0 ipv4.method auto ipv6.method disabled \
  > "$d/br0.nmconnection"
add type bond ifname bond0 con-name bond0 master br0 slave-type bridge \
  bond.options "mode=active-backup,miimon=200,primary=eno1" > "$d/bond0.nmconnection"
for nic in eno1 eno2; do
  add type ethernet ifname $nic con-name bond0-port-$nic master bond0 slave-type bond \
    > "$d/bond0-port-$nic.nmconnection"
done
