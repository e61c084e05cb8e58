#!/usr/bin/env bash
# Issue 5: what a user does with a network works on cni-adapter. Each check asserts the
# observable effect inside the container or in `docker inspect`; the end asserts zero residue.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT
start_adapter || exit 1
D=$DOCKER
run() { "$D" run -d --name "$@" "$IMAGE" sleep 600 >/dev/null; }
net() { "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" "$@" >/dev/null; }

# --- automatic pools: a free /24 each time, never the same twice --------------------------------
check "network without --subnet" net $E2E_PREFIX-auto1
check "second network without --subnet" net $E2E_PREFIX-auto2
S1=$("$D" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' $E2E_PREFIX-auto1)
S2=$("$D" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' $E2E_PREFIX-auto2)
check "automatic pools are /24s in 10.200-254 ($S1, $S2)" bash -c "[[ '$S1' =~ ^10\.2[0-5][0-9]\.[0-9]+\.0/24$ && '$S2' =~ ^10\.2[0-5][0-9]\.[0-9]+\.0/24$ ]]"
check "automatic pools differ" test "$S1" != "$S2"
check "container on an automatic pool" run $E2E_PREFIX-auto --network $E2E_PREFIX-auto1
IP=$(ip_of $E2E_PREFIX-auto $E2E_PREFIX-auto1)
check "its address $IP is in $S1" bash -c "[[ '$IP' == ${S1%.0/24}.* ]]"

# --- --subnet, --gateway, --ip-range, --aux-address, --ip, --mac-address --------------------------
check "network with gateway, ip-range and aux address" \
    net --subnet $E2E_NET16.8.0/24 --gateway $E2E_NET16.8.254 --ip-range $E2E_NET16.8.128/25 --aux-address host1=$E2E_NET16.8.128 $E2E_PREFIX-n2
check "container on it" run $E2E_PREFIX-r1 --network $E2E_PREFIX-n2
IP=$(ip_of $E2E_PREFIX-r1 $E2E_PREFIX-n2)
check "address $IP comes from the ip-range and skips the aux address" \
    bash -c "o=\${1##*.}; [[ \$1 == $E2E_NET16.8.* ]] && (( o > 128 && o < 255 ))" _ "$IP"
expect_eq "default route via --gateway" "$E2E_NET16.8.254" "$(in_ctr $E2E_PREFIX-r1 ip route | awk '/^default/ {print $3}')"
check "static --ip and --mac-address" run $E2E_PREFIX-static --network $E2E_PREFIX-n2 --ip $E2E_NET16.8.77 --mac-address 02:42:de:ad:be:ef
expect_eq "docker inspect shows the static address" "$E2E_NET16.8.77" "$(ip_of $E2E_PREFIX-static $E2E_PREFIX-n2)"
expect_eq "the container has the static address" "$E2E_NET16.8.77/24" "$(in_ctr $E2E_PREFIX-static ip -o -4 addr show eth0 | awk '{print $4}')"
expect_eq "the container has the requested MAC" "02:42:de:ad:be:ef" "$(in_ctr $E2E_PREFIX-static cat /sys/class/net/eth0/address)"
expect_eq "docker inspect shows the requested MAC" "02:42:de:ad:be:ef" \
    "$(mac_of $E2E_PREFIX-static $E2E_PREFIX-n2)"
fails "a taken --ip is refused" "$D" run -d --name $E2E_PREFIX-dup --network $E2E_PREFIX-n2 --ip $E2E_NET16.8.77 "$IMAGE" true
"$D" rm -f $E2E_PREFIX-dup >/dev/null 2>&1

# --- restart keeps the static address and MAC, and peers reach it again ---------------------------
check "docker restart of the static container" "$D" restart -t 1 $E2E_PREFIX-static
expect_eq "same address after restart" "$E2E_NET16.8.77" "$(ip_of $E2E_PREFIX-static $E2E_PREFIX-n2)"
check "peer reaches it after restart" in_ctr $E2E_PREFIX-r1 ping -c 1 -W 3 $E2E_NET16.8.77
check "docker stop + start" bash -c "'$D' stop -t 1 $E2E_PREFIX-static >/dev/null && '$D' start $E2E_PREFIX-static >/dev/null"
check "peer reaches it after stop/start" in_ctr $E2E_PREFIX-r1 ping -c 1 -W 3 $E2E_NET16.8.77

# --- MTU ------------------------------------------------------------------------------------------
check "network with -o com.docker.network.driver.mtu=1400" net --subnet $E2E_NET16.9.0/24 -o com.docker.network.driver.mtu=1400 $E2E_PREFIX-mtu
check "container on it" run $E2E_PREFIX-mtu1 --network $E2E_PREFIX-mtu
expect_eq "container eth0 MTU is 1400" "1400" "$(in_ctr $E2E_PREFIX-mtu1 cat /sys/class/net/eth0/mtu)"

# --- several networks, connect/disconnect on a running container ----------------------------------
check "network connect to a second network" "$D" network connect $E2E_PREFIX-mtu $E2E_PREFIX-r1
expect_eq "the connected interface has an address in it" "10.231.9" \
    "$(ip_of $E2E_PREFIX-r1 $E2E_PREFIX-mtu | cut -d. -f1-3)"
check "the connected container reaches the second network's peer" in_ctr $E2E_PREFIX-r1 ping -c 1 -W 3 "$(ip_of $E2E_PREFIX-mtu1 $E2E_PREFIX-mtu)"
check "network disconnect" "$D" network disconnect $E2E_PREFIX-mtu $E2E_PREFIX-r1
expect_eq "the disconnected interface is gone" "1" "$(in_ctr $E2E_PREFIX-r1 ls /sys/class/net | grep -c '^eth')"

# --- --internal: peers talk, nothing routes out ---------------------------------------------------
check "--internal network" net --internal --subnet $E2E_NET16.10.0/24 $E2E_PREFIX-int
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run $E2E_PREFIX-i1 --network $E2E_PREFIX-int && run $E2E_PREFIX-i2 --network $E2E_PREFIX-int"
check "internal peers reach each other" in_ctr $E2E_PREFIX-i1 ping -c 1 -W 3 "$(ip_of $E2E_PREFIX-i2 $E2E_PREFIX-int)"
expect_eq "no default route on an internal network" "" "$(in_ctr $E2E_PREFIX-i1 ip route | grep '^default' || true)"
fails "an internal container cannot reach another network" in_ctr $E2E_PREFIX-i1 ping -c 1 -W 2 "$(ip_of $E2E_PREFIX-mtu1 $E2E_PREFIX-mtu)"

# --- bad options: a clear error and nothing half-created ------------------------------------------
fails "an unknown -o option is refused" net --subnet $E2E_NET16.11.0/24 -o bogus=1 $E2E_PREFIX-bad
check "the error names the option" grep -q "unknown option bogus" "$WORK/fail.out"
fails "an invalid MTU is refused" net --subnet $E2E_NET16.11.0/24 -o com.docker.network.driver.mtu=9 $E2E_PREFIX-bad
fails "no network was created for the refused options" "$D" network inspect $E2E_PREFIX-bad
expect_eq "no address of the refused subnet is on any link" "" "$(eng ip -o addr show | grep " $E2E_NET16\.11\." || true)"

# --- a user's conflist of reference plugins, with Docker's IPAM ------------------------------------
# (In managed mode the conf dir is the host's /etc/cni/net.d, the plugin's mount: clean up.)
EXTRA_CLEANUP+=("rm -f $CONF_DIR/cnia-user.conflist $CONF_DIR/cnia-cniipam.conflist $CONF_DIR/cnia-macvlan.conflist")
cat >"$CONF_DIR/cnia-user.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-user", "plugins": [
  {"type": "bridge", "bridge": "cnia-ubr0", "isGateway": true, "hairpinMode": true,
   "capabilities": {"ips": true, "mac": true},
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$E2E_NET16.12.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}],
            "dataDir": "$WORK/host-local-user"}}]}
JSON
check "network backed by the user's conflist (-o cni.network)" net --subnet $E2E_NET16.12.0/24 -o cni.network=cnia-user $E2E_PREFIX-user
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run $E2E_PREFIX-u1 --network $E2E_PREFIX-user && run $E2E_PREFIX-u2 --network $E2E_PREFIX-user"
check "they reach each other over the user's bridge" in_ctr $E2E_PREFIX-u1 ping -c 1 -W 3 "$(ip_of $E2E_PREFIX-u2 $E2E_PREFIX-user)"
PORTS_OF_UBR0=$(eng ip -o link show master cnia-ubr0)
check "the container sits on the user's bridge cnia-ubr0" grep -q veth <<<"$PORTS_OF_UBR0"
fails "a conflist name that is not there is refused" net --subnet $E2E_NET16.13.0/24 -o cni.network=cnia-nonesuch $E2E_PREFIX-bad2

# --- --ipam-driver null: the CNI IPAM decides and Docker shows its choice -------------------------
cat >"$CONF_DIR/cnia-cniipam.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-cniipam", "plugins": [
  {"type": "bridge", "bridge": "cnia-ubr1", "isGateway": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$E2E_NET16.14.0/24", "rangeStart": "$E2E_NET16.14.50"}]],
            "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$WORK/host-local-cniipam"}}]}
JSON
check "network with --ipam-driver null and a CNI IPAM" \
    "$D" network create -d "$PLUGIN" --ipam-driver null -o cni.network=cnia-cniipam $E2E_PREFIX-cniipam
check "container on it" run $E2E_PREFIX-c1 --network $E2E_PREFIX-cniipam
IP=$(ip_of $E2E_PREFIX-c1 $E2E_PREFIX-cniipam)
check "docker inspect shows the CNI IPAM's address ($IP)" bash -c "[[ '$IP' == $E2E_NET16.14.5* ]]"
expect_eq "the container has that address" "$IP/24" "$(in_ctr $E2E_PREFIX-c1 ip -o -4 addr show eth0 | awk '{print $4}')"

# --- macvlan on a parent link (a user's conflist, another plugin type) -----------------------------
# This kernel has no dummy driver, so the parent is one end of a veth pair of ours.
eng ip link add cnia-mvp0 type veth peer name cnia-mvp1 && eng ip link set cnia-mvp0 up && eng ip link set cnia-mvp1 up
EXTRA_CLEANUP+=("eng ip link del cnia-mvp0" "eng ip link del cnia-ubr0" "eng ip link del cnia-ubr1")
cat >"$CONF_DIR/cnia-macvlan.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-macvlan", "plugins": [
  {"type": "macvlan", "master": "cnia-mvp0", "mode": "bridge",
   "capabilities": {"ips": true},
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$E2E_NET16.15.0/24"}]], "dataDir": "$WORK/host-local-macvlan"}}]}
JSON
check "macvlan network" net --subnet $E2E_NET16.15.0/24 -o cni.network=cnia-macvlan $E2E_PREFIX-mv
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run $E2E_PREFIX-m1 --network $E2E_PREFIX-mv && run $E2E_PREFIX-m2 --network $E2E_PREFIX-mv"
check "macvlan siblings reach each other" in_ctr $E2E_PREFIX-m1 ping -c 1 -W 3 "$(ip_of $E2E_PREFIX-m2 $E2E_PREFIX-mv)"

# --- teardown and residue --------------------------------------------------------------------------
check "remove every container" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=$E2E_PREFIX-) >/dev/null"
for n in $E2E_PREFIX-auto1 $E2E_PREFIX-auto2 $E2E_PREFIX-n2 $E2E_PREFIX-mtu $E2E_PREFIX-int $E2E_PREFIX-user $E2E_PREFIX-cniipam $E2E_PREFIX-mv; do
    check "network rm $n" "$D" network rm "$n"
done
# The user's bridges and the macvlan parent belong to the user (this test), not to the adapter.
eng ip link del cnia-mvp0 2>/dev/null; eng ip link del cnia-ubr0 2>/dev/null; eng ip link del cnia-ubr1 2>/dev/null
rm -f "$CONF_DIR"/cnia-user.conflist "$CONF_DIR"/cnia-cniipam.conflist "$CONF_DIR"/cnia-macvlan.conflist
expect_eq "nothing of ours left" "" "$(residue)"
