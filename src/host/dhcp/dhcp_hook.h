// SPDX-License-Identifier: LGPL-2.1-or-later
// The udhcpc event hook that ifkit installs: a short POSIX shell script, kept here as text and
// written next to the client's run files, so that no data directory has to be found at run time.
#pragma once

namespace ifkit::host {

// Events: deconfig (drop the previous lease's address and default route, keep the link up),
// bound and renew
// (replace the previous lease's address with the new one, valid for the lease's time, so that it
// reads as learnt, not configured, and ends with the lease if the client dies; default route via
// the first router, protocol dhcp, and no other DHCP default route on the link; record "address router dns..." in $IFKIT_DHCP_STATE). Static
// addresses on the same link are never touched.
inline constexpr const char* kDhcpHookScript = R"(#!/bin/sh
# Written by ifkit: applies udhcpc's lease events to $interface.
state="$IFKIT_DHCP_STATE"
old=""
oldgw=""
[ -f "$state" ] && read -r old oldgw _ < "$state"
case "$1" in
  deconfig)
    if [ -n "$oldgw" ] && [ "$oldgw" != "-" ]; then
      ip -4 route del default via "$oldgw" dev "$interface" proto dhcp 2>/dev/null
    fi
    [ -n "$old" ] && ip -4 addr del "$old" dev "$interface" 2>/dev/null
    rm -f "$state"
    ip link set dev "$interface" up
    ;;
  bound|renew)
    new="$ip/${mask:-32}"
    if [ -n "$old" ] && [ "$old" != "$new" ]; then
      ip -4 addr del "$old" dev "$interface" 2>/dev/null
    fi
    ip -4 addr replace "$new" dev "$interface" valid_lft "${lease:-forever}" preferred_lft "${lease:-forever}"
    gateway=""
    if [ -n "$router" ]; then
      set -- $router
      gateway="$1"
      ip -4 route replace default via "$gateway" dev "$interface" proto dhcp
      # A lease continued from another client came with that client's default route at its own
      # metric: one default route per lease, this one.
      ip -4 route show default dev "$interface" proto dhcp | while read -r line; do
        case "$line" in
          *" metric "*)
            metric="${line##* metric }"
            ip -4 route del default dev "$interface" proto dhcp metric "${metric%% *}" 2>/dev/null
            ;;
        esac
      done
    fi
    printf '%s %s %s\n' "$new" "${gateway:--}" "$dns" > "$state.new" && mv "$state.new" "$state"
    ;;
esac
exit 0
)";

}  // namespace ifkit::host
