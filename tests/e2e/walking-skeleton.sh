#!/usr/bin/env bash
# Issue 2's end-to-end path: a cni-adapter network on a real dockerd, two busybox containers
# that ping each other by IP and by name, then removal leaves nothing of ours behind.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT

start_adapter || exit 1
NET=$E2E_PREFIX-n1
SUBNET=$E2E_NET16.7.0/24

check "network create -d $PLUGIN --ipam-driver $PLUGIN --subnet $SUBNET" \
    "$DOCKER" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet "$SUBNET" "$NET"
check "container A starts" "$DOCKER" run -d --name "$E2E_PREFIX-a" --network "$NET" "$IMAGE" sleep 600
check "container B starts" "$DOCKER" run -d --name "$E2E_PREFIX-b" --network "$NET" "$IMAGE" sleep 600

IP_B=$("$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$NET\").IPAddress}}" "$E2E_PREFIX-b")
MAC_B=$("$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$NET\").MacAddress}}" "$E2E_PREFIX-b")
GW_B=$("$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$NET\").Gateway}}" "$E2E_PREFIX-b")
check "B's address $IP_B is in $SUBNET" bash -c "[[ '$IP_B' == $E2E_NET16.7.* ]]"
expect_eq "B's gateway is the pool's first address" "$E2E_NET16.7.1" "$GW_B"
# The MAC is derived from the IPv4 address (02:42 + 4 bytes) and docker inspect tells the truth.
EXPECTED_MAC=$(printf '02:42:%02x:%02x:%02x:%02x' ${IP_B//./ })
expect_eq "B's MAC is derived from its address" "$EXPECTED_MAC" "$MAC_B"
IN_CONTAINER=$("$DOCKER" exec "$E2E_PREFIX-b" cat /sys/class/net/eth0/address 2>&1)
expect_eq "B's eth0 carries that MAC" "$EXPECTED_MAC" "$IN_CONTAINER"
ADDR_IN=$("$DOCKER" exec "$E2E_PREFIX-b" ip -o -4 addr show eth0 | awk '{print $4}')
expect_eq "B's eth0 has the address Docker shows" "$IP_B/24" "$ADDR_IN"
ROUTE=$("$DOCKER" exec "$E2E_PREFIX-b" ip route | awk '/^default/ {print $3}')
expect_eq "B's default route goes via the gateway" "$E2E_NET16.7.1" "$ROUTE"

check "A pings B by IP" "$DOCKER" exec "$E2E_PREFIX-a" ping -c 1 -W 3 "$IP_B"
check "A pings B by name (embedded DNS)" "$DOCKER" exec "$E2E_PREFIX-a" ping -c 1 -W 3 "$E2E_PREFIX-b"
check "B pings its gateway" "$DOCKER" exec "$E2E_PREFIX-b" ping -c 1 -W 3 "$E2E_NET16.7.1"

check "rm -f both containers" "$DOCKER" rm -f "$E2E_PREFIX-a" "$E2E_PREFIX-b"
check "network rm" "$DOCKER" network rm "$NET"
LEFT=$(residue)
expect_eq "nothing of ours left (links, netns, rules, cache, state, IPAM)" "" "$LEFT"
