#!/usr/bin/env bash
# Issue 5, published ports: -p host:container (TCP, UDP) and -P, reachable from the host's
# loopback and from another namespace through a host address; a taken port is a clear error;
# ports are released when the container goes.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT
start_adapter || exit 1
D=$DOCKER
NC=/bin/busybox
SERVE='while true; do echo cnia-hello | nc -l -p 80; done'

# busybox-static's nc has no UDP: a small static UDP echo tool, mounted into the container.
UDP=$WORK/udp-echo
gcc -static -O2 -o "$UDP" "$(dirname "$0")/tools/udp-echo.c" || { say "cannot build udp-echo"; exit 1; }

# A client namespace reaching the host through a veth of ours ($E2E_NET16.17.1 is the host's address).
CLIENT=$E2E_PREFIX-client
eng ip netns add "$CLIENT"
eng ip link add cnia-cl0 type veth peer name cnia-cl1
eng ip link set cnia-cl1 netns "$CLIENT"
eng ip addr add $E2E_NET16.17.1/30 dev cnia-cl0 && eng ip link set cnia-cl0 up
eng ip netns exec "$CLIENT" ip addr add $E2E_NET16.17.2/30 dev cnia-cl1
eng ip netns exec "$CLIENT" ip link set cnia-cl1 up
eng ip netns exec "$CLIENT" ip route add default via $E2E_NET16.17.1
EXTRA_CLEANUP+=("eng ip link del cnia-cl0" "eng ip netns del $CLIENT")

check "network" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $E2E_NET16.16.0/24 $E2E_PREFIX-ports
check "web container with -p 18080:80 and -p 15353:5353/udp" \
    "$D" run -d --name $E2E_PREFIX-web --network $E2E_PREFIX-ports -p 18080:80 -p 15353:5353/udp -v "$UDP:/bin/udp-echo:ro" "$IMAGE" \
    sh -c "udp-echo serve 5353 & $SERVE"
expect_eq "TCP from the host's loopback" "cnia-hello" "$(eng $NC nc -w 3 127.0.0.1 18080 </dev/null 2>&1)"
expect_eq "TCP from another namespace through the host's address" "cnia-hello" \
    "$(eng ip netns exec "$CLIENT" $NC nc -w 3 $E2E_NET16.17.1 18080 </dev/null 2>&1)"
check "a peer container reaches it through the gateway (hairpin)" \
    "$D" run --rm --network $E2E_PREFIX-ports "$IMAGE" sh -c "nc -w 3 $E2E_NET16.16.1 18080 </dev/null | grep -q cnia-hello"
expect_eq "UDP from another namespace through the host's address" "echo:cnia-udp" \
    "$(eng ip netns exec "$CLIENT" "$UDP" send $E2E_NET16.17.1 15353 cnia-udp 2>&1)"

fails "a second container on the same host port is refused" \
    "$D" run -d --name $E2E_PREFIX-web2 --network $E2E_PREFIX-ports -p 18080:80 "$IMAGE" sleep 60
check "with Docker's wording" grep -q "port is already allocated" "$WORK/fail.out"
"$D" rm -f $E2E_PREFIX-web2 >/dev/null 2>&1

check "-P picks a free host port" "$D" run -d --name $E2E_PREFIX-pub --network $E2E_PREFIX-ports -P --expose 80 "$IMAGE" sh -c "$SERVE"
EP=$(ep_of $E2E_PREFIX-pub $E2E_PREFIX-ports)
PORT=$(eng grep -o '"hostPort":[0-9]*' "$STATE/endpoints/$EP.json" | head -1 | cut -d: -f2)
check "the chosen port $PORT is in Docker's ephemeral range" bash -c "(( ${PORT:-0} >= 49153 && ${PORT:-0} <= 60999 ))"
expect_eq "the -P port answers on loopback" "cnia-hello" "$(eng $NC nc -w 3 127.0.0.1 "${PORT:-1}" </dev/null 2>&1)"

check "removing the web container" "$D" rm -f $E2E_PREFIX-web
check "its port is free again for a new container" \
    "$D" run -d --name $E2E_PREFIX-web3 --network $E2E_PREFIX-ports -p 18080:80 "$IMAGE" sh -c "$SERVE"
expect_eq "and answers" "cnia-hello" "$(eng $NC nc -w 3 127.0.0.1 18080 </dev/null 2>&1)"

check "remove containers" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=$E2E_PREFIX-) >/dev/null"
check "network rm" "$D" network rm $E2E_PREFIX-ports
eng ip link del cnia-cl0 2>/dev/null; eng ip netns del "$CLIENT" 2>/dev/null
expect_eq "nothing of ours left (incl. portmap chains)" "" "$(residue)"
