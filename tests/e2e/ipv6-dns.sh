#!/usr/bin/env bash
# Issue 5, the rest of parity: IPv6 (--ipv6 with the IPAM's ULA /64, an explicit dual-stack
# network, --ip6), names through Docker's embedded DNS (--network-alias), the default route
# following Docker's gateway endpoint across two networks, the cni.* options of the generated
# bridge, and a user's ptp conflist.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT
D=$DOCKER
run() { local name=$1; shift; "$D" run -d --name "$E2E_PREFIX-$name" "$@" "$IMAGE" sleep 600 >/dev/null; }
net() { "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" "$@" >/dev/null; }
ip6_of() { "$D" inspect -f "{{(index .NetworkSettings.Networks \"$2\").GlobalIPv6Address}}" "$E2E_PREFIX-$1"; }
gw6_of() { "$D" inspect -f "{{(index .NetworkSettings.Networks \"$2\").IPv6Gateway}}" "$E2E_PREFIX-$1"; }
V4=$E2E_NET16.100
# A ULA /64 of the test's own (fd + "cnia" bytes), distinct per E2E_NET16 so parallel runs differ.
V6=fd63:6e69:61:${E2E_NET16##*.}

start_adapter || exit 1

# --- --ipv6 without a v6 subnet: the IPAM picks a ULA /64 -------------------------------------------
check "network --ipv6 without a v6 subnet" net --ipv6 --subnet $E2E_NET16.101.0/24 $E2E_PREFIX-v6auto
AUTO6=$("$D" network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' $E2E_PREFIX-v6auto | tr ' ' '\n' | grep ':' || true)
check "the IPAM picked a ULA /64 ($AUTO6)" bash -c "[[ '$AUTO6' == fd*::/64 ]]"
check "container on it" run a1 --network $E2E_PREFIX-v6auto
A1_6=$(ip6_of a1 $E2E_PREFIX-v6auto)
check "it has an address in the picked /64 ($A1_6)" bash -c "[ -n '$A1_6' ] && python3 -c 'import ipaddress,sys; sys.exit(0 if ipaddress.ip_address(\"$A1_6\") in ipaddress.ip_network(\"$AUTO6\") else 1)'"
check "and it is configured on eth0" bash -c "'$D' exec $E2E_PREFIX-a1 ip -6 addr show eth0 | grep -q '$A1_6/64'"

# --- dual stack with explicit subnets, --ip6, ping6 -------------------------------------------------
check "dual-stack network with explicit v4 and v6 subnets" net --ipv6 --subnet $V4.0/24 --subnet $V6::/64 $E2E_PREFIX-ds
check "container with --ip and --ip6" run d1 --network $E2E_PREFIX-ds --ip $V4.10 --ip6 $V6::10
check "container with addresses the IPAM picks" run d2 --network $E2E_PREFIX-ds
expect_eq "docker inspect shows the static IPv6 address" "$V6::10" "$(ip6_of d1 $E2E_PREFIX-ds)"
expect_eq "eth0 has it" "$V6::10/64" "$(in_ctr $E2E_PREFIX-d1 ip -o -6 addr show eth0 scope global | awk '{print $4}')"
D2_6=$(ip6_of d2 $E2E_PREFIX-ds)
check "the picked IPv6 address ($D2_6) is in the v6 subnet" bash -c "[[ '$D2_6' == $V6::* ]]"
expect_eq "IPv6 default route via Docker's v6 gateway" "default via $(gw6_of d1 $E2E_PREFIX-ds)" \
    "$(in_ctr $E2E_PREFIX-d1 ip -6 route | grep '^default' | awk '{print $1, $2, $3}')"
check "d2 reaches d1 over IPv6" in_ctr $E2E_PREFIX-d2 ping -6 -c 1 -W 3 $V6::10
check "d2 reaches d1 over IPv4" in_ctr $E2E_PREFIX-d2 ping -c 1 -W 3 $V4.10
fails "a taken --ip6 is refused" run d3 --network $E2E_PREFIX-ds --ip6 $V6::10
"$D" rm -f $E2E_PREFIX-d3 >/dev/null 2>&1

# --- embedded DNS: container names and --network-alias ----------------------------------------------
check "container with --network-alias" run svc --network $E2E_PREFIX-ds --network-alias cnia-alias-one
SVC4=$(ip_of $E2E_PREFIX-svc $E2E_PREFIX-ds)
check "the alias resolves to its address ($SVC4)" bash -c "'$D' exec $E2E_PREFIX-d1 nslookup cnia-alias-one 127.0.0.11 | grep -q '$SVC4'"
check "the alias answers ping" in_ctr $E2E_PREFIX-d1 ping -c 1 -W 3 cnia-alias-one
check "the container name answers ping" in_ctr $E2E_PREFIX-d1 ping -c 1 -W 3 $E2E_PREFIX-svc

# --- two networks: the default route follows Docker's gateway endpoint -------------------------------
# Docker picks the gateway endpoint by name among equal priorities: connecting a network whose
# name sorts first moves the default route to it (translation-findings §2.3: Revoke, Program).
check "network zz" net --subnet $E2E_NET16.102.0/24 $E2E_PREFIX-zz
check "network aa" net --subnet $E2E_NET16.103.0/24 $E2E_PREFIX-aa
check "container on zz" run g1 --network $E2E_PREFIX-zz
expect_eq "default route via zz's gateway" "default via $E2E_NET16.102.1" "$(in_ctr $E2E_PREFIX-g1 ip route | grep '^default' | awk '{print $1, $2, $3}')"
check "connect it to aa" "$D" network connect $E2E_PREFIX-aa $E2E_PREFIX-g1
expect_eq "one default route, via aa's gateway now" "default via $E2E_NET16.103.1" "$(in_ctr $E2E_PREFIX-g1 ip route | grep '^default' | awk '{print $1, $2, $3}')"
check "disconnect aa" "$D" network disconnect $E2E_PREFIX-aa $E2E_PREFIX-g1
expect_eq "the default route is back via zz" "default via $E2E_NET16.102.1" "$(in_ctr $E2E_PREFIX-g1 ip route | grep '^default' | awk '{print $1, $2, $3}')"

# --- cni.* options of the generated bridge ------------------------------------------------------------
check "network with -o cni.bridge=cnia-optbr -o cni.hairpin=false -o cni.masquerade=false" \
    net --subnet $E2E_NET16.104.0/24 -o cni.bridge=cnia-optbr -o cni.hairpin=false -o cni.masquerade=false $E2E_PREFIX-opt
check "container on it" run o1 --network $E2E_PREFIX-opt
on_optbr() { eng ip -o link show master cnia-optbr | grep -q veth; }
hairpin_off() {
    local port; port=$(eng ip -o link show master cnia-optbr | awk -F': ' '{print $2}' | sed 's/@.*//' | head -1)
    [ -n "$port" ] && [ "$(eng cat "/sys/class/net/$port/brport/hairpin_mode")" = 0 ]
}
no_masquerade() { ! eng iptables -t nat -S | grep -q "$E2E_NET16.104.0/24"; }
check "its veth sits on cnia-optbr" on_optbr
check "hairpin is off on the port" hairpin_off
check "no masquerade rule for the subnet" no_masquerade
fails "an --ipam-opt is refused (the IPAM has no setting to take)" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $E2E_NET16.108.0/24 --ipam-opt foo=bar $E2E_PREFIX-ipamopt
check "the error names it" grep -q 'unknown IPAM option foo' "$WORK/fail.out"
fails "a cni.bridge name that is already a link is refused" net --subnet $E2E_NET16.105.0/24 -o cni.bridge=lo $E2E_PREFIX-badbr
check "the error says why" grep -q 'already exists' "$WORK/fail.out"
check "lo is untouched" eng ip link show lo

# --- a user's ptp conflist ---------------------------------------------------------------------------
cat >"$CONF_DIR/cnia-ptp.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-ptp", "plugins": [
  {"type": "ptp", "capabilities": {"ips": true},
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$E2E_NET16.106.0/24"}]],
            "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$WORK/host-local-ptp"}},
  {"type": "firewall"}]}
JSON
# ptp routes through the host, where Docker's FORWARD policy is DROP: the conflist brings the
# reference firewall plugin, as a user's would. Its CNI-FORWARD/CNI-ADMIN chains outlive the last
# DEL; the test removes them if it made them (empty, and absent before).
CNI_FW_BEFORE=$(eng iptables -S CNI-FORWARD 2>/dev/null | head -1)
drop_cni_firewall() {
    [ -z "$CNI_FW_BEFORE" ] || return 0
    [ "$(eng iptables -S CNI-FORWARD 2>/dev/null | grep -c '^-A CNI-FORWARD' )" -le 1 ] || return 0
    eng iptables -D FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD 2>/dev/null
    eng iptables -F CNI-FORWARD; eng iptables -X CNI-FORWARD; eng iptables -F CNI-ADMIN; eng iptables -X CNI-ADMIN
}
check "network backed by a ptp conflist" net --subnet $E2E_NET16.106.0/24 -o cni.network=cnia-ptp $E2E_PREFIX-ptp
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE' E2E_PREFIX='$E2E_PREFIX'; run p1 --network $E2E_PREFIX-ptp && run p2 --network $E2E_PREFIX-ptp"
P1=$(ip_of $E2E_PREFIX-p1 $E2E_PREFIX-ptp)
expect_eq "eth0 has the address Docker shows" "$P1/24" "$(in_ctr $E2E_PREFIX-p1 ip -o -4 addr show eth0 | awk '{print $4}')"
# What ptp gives a container: the host-side gateway and the host, both ways. (Two ptp containers
# of one subnet do not reach each other: Docker re-applies its /24 address after the move, which
# puts the subnet on-link again where ptp had routed it via the gateway; README, "User conflists".)
check "a ptp container reaches its host-side gateway" in_ctr $E2E_PREFIX-p2 ping -c 1 -W 3 "$E2E_NET16.106.1"
check "the host reaches a ptp container through its /32 route" eng busybox ping -c 1 -W 3 "$P1"

# --- a generated network on Debian's reference plugins ----------------------------------------------
# Their DEL finds the ipMasq rules to remove through the interface's addresses, so it must get
# the link back (residue below counts the per-container NAT rules it would leak otherwise).
check "network with -o cni.datapath=reference" net --subnet $E2E_NET16.107.0/24 -o cni.datapath=reference $E2E_PREFIX-ref
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE' E2E_PREFIX='$E2E_PREFIX'; run f1 --network $E2E_PREFIX-ref && run f2 --network $E2E_PREFIX-ref"
check "they reach each other" in_ctr $E2E_PREFIX-f1 ping -c 1 -W 3 "$(ip_of $E2E_PREFIX-f2 $E2E_PREFIX-ref)"
reference_masquerades() { eng iptables -t nat -S POSTROUTING | grep -q -- "-s $E2E_NET16.107."; }
check "the reference bridge masquerades them (its per-container NAT rules)" reference_masquerades

# --- teardown and residue ------------------------------------------------------------------------------
check "remove every container" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=$E2E_PREFIX-) >/dev/null"
for n in v6auto ds zz aa opt ptp ref; do check "network rm $n" "$D" network rm "$E2E_PREFIX-$n"; done
rm -f "$CONF_DIR/cnia-ptp.conflist"
drop_cni_firewall 2>/dev/null
expect_eq "nothing of ours left" "" "$(residue)"
