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
check "network without --subnet" net cnia-e2e-auto1
check "second network without --subnet" net cnia-e2e-auto2
S1=$("$D" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' cnia-e2e-auto1)
S2=$("$D" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' cnia-e2e-auto2)
check "automatic pools are /24s in 10.200-254 ($S1, $S2)" bash -c "[[ '$S1' =~ ^10\.2[0-5][0-9]\.[0-9]+\.0/24$ && '$S2' =~ ^10\.2[0-5][0-9]\.[0-9]+\.0/24$ ]]"
check "automatic pools differ" test "$S1" != "$S2"
check "container on an automatic pool" run cnia-e2e-auto --network cnia-e2e-auto1
IP=$(ip_of cnia-e2e-auto cnia-e2e-auto1)
check "its address $IP is in $S1" bash -c "[[ '$IP' == ${S1%.0/24}.* ]]"

# --- --subnet, --gateway, --ip-range, --aux-address, --ip, --mac-address --------------------------
check "network with gateway, ip-range and aux address" \
    net --subnet 10.231.8.0/24 --gateway 10.231.8.254 --ip-range 10.231.8.128/25 --aux-address host1=10.231.8.128 cnia-e2e-n2
check "container on it" run cnia-e2e-r1 --network cnia-e2e-n2
IP=$(ip_of cnia-e2e-r1 cnia-e2e-n2)
check "address $IP comes from the ip-range and skips the aux address" \
    bash -c "o=\${1##*.}; [[ \$1 == 10.231.8.* ]] && (( o > 128 && o < 255 ))" _ "$IP"
expect_eq "default route via --gateway" "10.231.8.254" "$(in_ctr cnia-e2e-r1 ip route | awk '/^default/ {print $3}')"
check "static --ip and --mac-address" run cnia-e2e-static --network cnia-e2e-n2 --ip 10.231.8.77 --mac-address 02:42:de:ad:be:ef
expect_eq "docker inspect shows the static address" "10.231.8.77" "$(ip_of cnia-e2e-static cnia-e2e-n2)"
expect_eq "the container has the static address" "10.231.8.77/24" "$(in_ctr cnia-e2e-static ip -o -4 addr show eth0 | awk '{print $4}')"
expect_eq "the container has the requested MAC" "02:42:de:ad:be:ef" "$(in_ctr cnia-e2e-static cat /sys/class/net/eth0/address)"
expect_eq "docker inspect shows the requested MAC" "02:42:de:ad:be:ef" \
    "$("$D" inspect -f '{{(index .NetworkSettings.Networks "cnia-e2e-n2").MacAddress}}' cnia-e2e-static)"
fails "a taken --ip is refused" "$D" run -d --name cnia-e2e-dup --network cnia-e2e-n2 --ip 10.231.8.77 "$IMAGE" true
"$D" rm -f cnia-e2e-dup >/dev/null 2>&1

# --- restart keeps the static address and MAC, and peers reach it again ---------------------------
check "docker restart of the static container" "$D" restart -t 1 cnia-e2e-static
expect_eq "same address after restart" "10.231.8.77" "$(ip_of cnia-e2e-static cnia-e2e-n2)"
check "peer reaches it after restart" in_ctr cnia-e2e-r1 ping -c 1 -W 3 10.231.8.77
check "docker stop + start" bash -c "'$D' stop -t 1 cnia-e2e-static >/dev/null && '$D' start cnia-e2e-static >/dev/null"
check "peer reaches it after stop/start" in_ctr cnia-e2e-r1 ping -c 1 -W 3 10.231.8.77

# --- MTU ------------------------------------------------------------------------------------------
check "network with -o com.docker.network.driver.mtu=1400" net --subnet 10.231.9.0/24 -o com.docker.network.driver.mtu=1400 cnia-e2e-mtu
check "container on it" run cnia-e2e-mtu1 --network cnia-e2e-mtu
expect_eq "container eth0 MTU is 1400" "1400" "$(in_ctr cnia-e2e-mtu1 cat /sys/class/net/eth0/mtu)"

# --- several networks, connect/disconnect on a running container ----------------------------------
check "network connect to a second network" "$D" network connect cnia-e2e-mtu cnia-e2e-r1
expect_eq "the connected interface has an address in it" "10.231.9" \
    "$(ip_of cnia-e2e-r1 cnia-e2e-mtu | cut -d. -f1-3)"
check "the connected container reaches the second network's peer" in_ctr cnia-e2e-r1 ping -c 1 -W 3 "$(ip_of cnia-e2e-mtu1 cnia-e2e-mtu)"
check "network disconnect" "$D" network disconnect cnia-e2e-mtu cnia-e2e-r1
expect_eq "the disconnected interface is gone" "1" "$(in_ctr cnia-e2e-r1 ls /sys/class/net | grep -c '^eth')"

# --- --internal: peers talk, nothing routes out ---------------------------------------------------
check "--internal network" net --internal --subnet 10.231.10.0/24 cnia-e2e-int
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run cnia-e2e-i1 --network cnia-e2e-int && run cnia-e2e-i2 --network cnia-e2e-int"
check "internal peers reach each other" in_ctr cnia-e2e-i1 ping -c 1 -W 3 "$(ip_of cnia-e2e-i2 cnia-e2e-int)"
expect_eq "no default route on an internal network" "" "$(in_ctr cnia-e2e-i1 ip route | grep '^default' || true)"
fails "an internal container cannot reach another network" in_ctr cnia-e2e-i1 ping -c 1 -W 2 "$(ip_of cnia-e2e-mtu1 cnia-e2e-mtu)"

# --- bad options: a clear error and nothing half-created ------------------------------------------
fails "an unknown -o option is refused" net --subnet 10.231.11.0/24 -o bogus=1 cnia-e2e-bad
check "the error names the option" grep -q "unknown option bogus" "$WORK/fail.out"
fails "an invalid MTU is refused" net --subnet 10.231.11.0/24 -o com.docker.network.driver.mtu=9 cnia-e2e-bad
check "nothing was created for the refused networks" bash -c "! '$D' network inspect cnia-e2e-bad >/dev/null 2>&1 && ! ip link show | grep -q 'cnia.*10\.231\.11'"

# --- a user's conflist of reference plugins, with Docker's IPAM ------------------------------------
cat >"$CONF_DIR/cnia-user.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-user", "plugins": [
  {"type": "bridge", "bridge": "cnia-ubr0", "isGateway": true, "hairpinMode": true,
   "capabilities": {"ips": true, "mac": true},
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.231.12.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}],
            "dataDir": "$WORK/host-local-user"}}]}
JSON
check "network backed by the user's conflist (-o cni.network)" net --subnet 10.231.12.0/24 -o cni.network=cnia-user cnia-e2e-user
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run cnia-e2e-u1 --network cnia-e2e-user && run cnia-e2e-u2 --network cnia-e2e-user"
check "they reach each other over the user's bridge" in_ctr cnia-e2e-u1 ping -c 1 -W 3 "$(ip_of cnia-e2e-u2 cnia-e2e-user)"
check "the container sits on the user's bridge cnia-ubr0" bash -c "ip -o link show master cnia-ubr0 | grep -q veth"
fails "a conflist name that is not there is refused" net --subnet 10.231.13.0/24 -o cni.network=cnia-nonesuch cnia-e2e-bad2

# --- --ipam-driver null: the CNI IPAM decides and Docker shows its choice -------------------------
cat >"$CONF_DIR/cnia-cniipam.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-cniipam", "plugins": [
  {"type": "bridge", "bridge": "cnia-ubr1", "isGateway": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.231.14.0/24", "rangeStart": "10.231.14.50"}]],
            "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$WORK/host-local-cniipam"}}]}
JSON
check "network with --ipam-driver null and a CNI IPAM" \
    "$D" network create -d "$PLUGIN" --ipam-driver null -o cni.network=cnia-cniipam cnia-e2e-cniipam
check "container on it" run cnia-e2e-c1 --network cnia-e2e-cniipam
IP=$(ip_of cnia-e2e-c1 cnia-e2e-cniipam)
check "docker inspect shows the CNI IPAM's address ($IP)" bash -c "[[ '$IP' == 10.231.14.5* ]]"
expect_eq "the container has that address" "$IP/24" "$(in_ctr cnia-e2e-c1 ip -o -4 addr show eth0 | awk '{print $4}')"

# --- macvlan on a parent link (a user's conflist, another plugin type) -----------------------------
# This kernel has no dummy driver, so the parent is one end of a veth pair of ours.
ip link add cnia-mvp0 type veth peer name cnia-mvp1 && ip link set cnia-mvp0 up && ip link set cnia-mvp1 up
EXTRA_CLEANUP+=("ip link del cnia-mvp0" "ip link del cnia-ubr0" "ip link del cnia-ubr1")
cat >"$CONF_DIR/cnia-macvlan.conflist" <<JSON
{"cniVersion": "1.0.0", "name": "cnia-macvlan", "plugins": [
  {"type": "macvlan", "master": "cnia-mvp0", "mode": "bridge",
   "capabilities": {"ips": true},
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.231.15.0/24"}]], "dataDir": "$WORK/host-local-macvlan"}}]}
JSON
check "macvlan network" net --subnet 10.231.15.0/24 -o cni.network=cnia-macvlan cnia-e2e-mv
check "two containers on it" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run cnia-e2e-m1 --network cnia-e2e-mv && run cnia-e2e-m2 --network cnia-e2e-mv"
check "macvlan siblings reach each other" in_ctr cnia-e2e-m1 ping -c 1 -W 3 "$(ip_of cnia-e2e-m2 cnia-e2e-mv)"

# --- teardown and residue --------------------------------------------------------------------------
check "remove every container" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=cnia-e2e) >/dev/null"
for n in cnia-e2e-auto1 cnia-e2e-auto2 cnia-e2e-n2 cnia-e2e-mtu cnia-e2e-int cnia-e2e-user cnia-e2e-cniipam cnia-e2e-mv; do
    check "network rm $n" "$D" network rm "$n"
done
# The user's bridges and the macvlan parent belong to the user (this test), not to the adapter.
ip link del cnia-mvp0 2>/dev/null; ip link del cnia-ubr0 2>/dev/null; ip link del cnia-ubr1 2>/dev/null
expect_eq "nothing of ours left" "" "$(residue)"
