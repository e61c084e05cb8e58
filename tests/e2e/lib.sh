# Shared helpers for the end-to-end suite: a real dockerd, our adapter under a test plugin
# name, assertions that count, and cleanup that runs even when a check fails.
# shellcheck shell=bash

DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
IMAGE=${IMAGE:-cnia-busybox:latest}
PLUGIN=${PLUGIN:-cnia-e2e}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${CNM_ADAPTER_BIN:-$ROOT/.build/debug/cnm-adapter}
WORK=$(mktemp -d /tmp/cnia-e2e.XXXXXX)
SOCK=/run/docker/plugins/$PLUGIN.sock
STATE=$WORK/state
CACHE=$WORK/cni-cache
CONF_DIR=$WORK/net.d
CONTROL=$WORK/control.sock
NETNS_DIR=/run/cni-adapter/netns
PASSED=0
FAILED=0
ADAPTER_PID=

say() { printf '%s\n' "$*"; }

# check DESCRIPTION COMMAND...: runs the command, counts a pass or a failure.
check() {
    local what=$1; shift
    if "$@" >"$WORK/last.out" 2>&1; then
        PASSED=$((PASSED + 1)); say "ok   - $what"
    else
        FAILED=$((FAILED + 1)); say "FAIL - $what"; sed 's/^/       /' "$WORK/last.out" | tail -15
    fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then
        PASSED=$((PASSED + 1)); say "ok   - $1"
    else
        FAILED=$((FAILED + 1)); say "FAIL - $1: expected '$2', got '$3'"
    fi
}

start_adapter() {
    mkdir -p /run/docker/plugins "$CONF_DIR"
    "$BIN" serve --socket "$SOCK" --state-dir "$STATE" --cni-cache-dir "$CACHE" --cni-conf-dir "$CONF_DIR" \
        --control-socket "$CONTROL" --log-level debug \
        2>>"$WORK/adapter.log" &
    ADAPTER_PID=$!
    # Wait for the socket to appear (bounded), or for the adapter to die.
    for _ in $(seq 1 200); do
        [ -S "$SOCK" ] && return 0
        kill -0 "$ADAPTER_PID" 2>/dev/null || break
        sleep 0.05
    done
    say "adapter did not start:"; cat "$WORK/adapter.log"; return 1
}

stop_adapter() {
    [ -n "$ADAPTER_PID" ] || return 0
    kill -TERM "$ADAPTER_PID" 2>/dev/null || true
    wait "$ADAPTER_PID" 2>/dev/null || true
    ADAPTER_PID=
}

# Everything the suite may have created carries the cnia-e2e prefix.
cleanup_docker() {
    local ids
    ids=$("$DOCKER" ps -aq --filter name=cnia-e2e 2>/dev/null || true)
    [ -z "$ids" ] || "$DOCKER" rm -f $ids >/dev/null 2>&1 || true
    for n in $("$DOCKER" network ls --format '{{.Name}}' 2>/dev/null | grep '^cnia-e2e' || true); do
        "$DOCKER" network rm "$n" >/dev/null 2>&1 || true
    done
}

# Extra cleanup a scenario registers (e.g. a dummy link it created).
EXTRA_CLEANUP=()

finish() {
    local rc=$?
    cleanup_docker
    for cmd in "${EXTRA_CLEANUP[@]}"; do eval "$cmd" >/dev/null 2>&1 || true; done
    stop_adapter
    if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ]; then
        say "--- adapter log (tail) ---"; tail -40 "$WORK/adapter.log" 2>/dev/null || true
    fi
    rm -rf "$WORK"
    say "e2e: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && [ "$rc" -eq 0 ]
}

# ip_of CONTAINER NETWORK: the address Docker shows.
ip_of() { "$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$2\").IPAddress}}" "$1"; }

# in_ctr CONTAINER CMD...: run a command in a container.
in_ctr() { local c=$1; shift; "$DOCKER" exec "$c" "$@"; }

# fails DESCRIPTION COMMAND...: the command must fail.
fails() {
    local what=$1; shift
    if "$@" >"$WORK/fail.out" 2>&1; then
        FAILED=$((FAILED + 1)); say "FAIL - $what (it succeeded)"; sed 's/^/       /' "$WORK/fail.out" | tail -5
    else
        PASSED=$((PASSED + 1)); say "ok   - $what"
    fi
}

# Residue: objects of ours that outlive the test (links, namespaces, rules, cache, IPAM).
residue() {
    {
        ip -o link show | awk -F': ' '{print $2}' | grep '^cnia' | sed 's/^/link /'
        ls "$NETNS_DIR" 2>/dev/null | sed 's/^/netns /'
        iptables -S 2>/dev/null | grep -iE 'cni-adapter|cnia' | grep -v -- '-N CNIA-FORWARD' | sed 's/^/rule /'
        iptables -S 2>/dev/null | grep -- '-N CNIA-FORWARD' | sed 's/^/chain /'
        iptables -t nat -S 2>/dev/null | grep -E 'CNI-(DN|HOSTPORT)|CNIA' | sed 's/^/nat /'
        ls "$CACHE" 2>/dev/null | sed 's/^/cni-cache /'
        ls "$STATE/endpoints" "$STATE/networks" 2>/dev/null | grep json | sed 's/^/state /'
        grep -o '"allocated":\[[^]]' "$STATE/ipam.json" 2>/dev/null | sed 's/^/ipam /'
        ls "$STATE/host-local" 2>/dev/null | sed 's/^/host-local /'
    } || true
}
