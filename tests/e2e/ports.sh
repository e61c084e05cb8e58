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

# A client namespace reaching the host through a veth of ours (10.231.17.1 is the host's address).
ip netns add cnia-e2e-client
ip link add cnia-cl0 type veth peer name cnia-cl1
ip link set cnia-cl1 netns cnia-e2e-client
ip addr add 10.231.17.1/30 dev cnia-cl0 && ip link set cnia-cl0 up
ip netns exec cnia-e2e-client ip addr add 10.231.17.2/30 dev cnia-cl1
ip netns exec cnia-e2e-client ip link set cnia-cl1 up
ip netns exec cnia-e2e-client ip route add default via 10.231.17.1
EXTRA_CLEANUP+=("ip link del cnia-cl0" "ip netns del cnia-e2e-client")

check "network" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet 10.231.16.0/24 cnia-e2e-ports
check "web container with -p 18080:80 and -p 15353:5353/udp" \
    "$D" run -d --name cnia-e2e-web --network cnia-e2e-ports -p 18080:80 -p 15353:5353/udp -v "$UDP:/bin/udp-echo:ro" "$IMAGE" \
    sh -c "udp-echo serve 5353 & $SERVE"
expect_eq "TCP from the host's loopback" "cnia-hello" "$($NC nc -w 3 127.0.0.1 18080 </dev/null 2>&1)"
expect_eq "TCP from another namespace through the host's address" "cnia-hello" \
    "$(ip netns exec cnia-e2e-client $NC nc -w 3 10.231.17.1 18080 </dev/null 2>&1)"
check "a peer container reaches it through the gateway (hairpin)" \
    "$D" run --rm --network cnia-e2e-ports "$IMAGE" sh -c 'nc -w 3 10.231.16.1 18080 </dev/null | grep -q cnia-hello'
expect_eq "UDP from another namespace through the host's address" "echo:cnia-udp" \
    "$(ip netns exec cnia-e2e-client "$UDP" send 10.231.17.1 15353 cnia-udp 2>&1)"

fails "a second container on the same host port is refused" \
    "$D" run -d --name cnia-e2e-web2 --network cnia-e2e-ports -p 18080:80 "$IMAGE" sleep 60
check "with Docker's wording" grep -q "port is already allocated" "$WORK/fail.out"
"$D" rm -f cnia-e2e-web2 >/dev/null 2>&1

check "-P picks a free host port" "$D" run -d --name cnia-e2e-pub --network cnia-e2e-ports -P --expose 80 "$IMAGE" sh -c "$SERVE"
EP=$("$D" inspect -f '{{(index .NetworkSettings.Networks "cnia-e2e-ports").EndpointID}}' cnia-e2e-pub)
PORT=$(grep -o '"hostPort":[0-9]*' "$STATE/endpoints/$EP.json" | head -1 | cut -d: -f2)
check "the chosen port $PORT is in Docker's ephemeral range" bash -c "(( ${PORT:-0} >= 49153 && ${PORT:-0} <= 60999 ))"
expect_eq "the -P port answers on loopback" "cnia-hello" "$($NC nc -w 3 127.0.0.1 "${PORT:-1}" </dev/null 2>&1)"

check "removing the web container" "$D" rm -f cnia-e2e-web
check "its port is free again for a new container" \
    "$D" run -d --name cnia-e2e-web3 --network cnia-e2e-ports -p 18080:80 "$IMAGE" sh -c "$SERVE"
expect_eq "and answers" "cnia-hello" "$($NC nc -w 3 127.0.0.1 18080 </dev/null 2>&1)"

check "remove containers" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=cnia-e2e) >/dev/null"
check "network rm" "$D" network rm cnia-e2e-ports
ip link del cnia-cl0 2>/dev/null; ip netns del cnia-e2e-client 2>/dev/null
expect_eq "nothing of ours left (incl. portmap chains)" "" "$(residue)"
