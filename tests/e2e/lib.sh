# Shared helpers for the end-to-end suite: a real dockerd, our adapter under a test plugin
# name, assertions that count, and cleanup that runs even when a check fails.
#
# The scenarios are the same for every engine and install mode; this file hides the difference:
#   ENGINE=20.10   Debian 12's dockerd on the host (scripts/start-dockerd.sh); shared with others
#   ENGINE=28.5    Docker 28.5 in its own netns + mount ns (scripts/docker28.sh); the docker CLI,
#                  the adapter and every ip/iptables/ls residue probe run inside via nsenter
#   MODE=socket    `cnm-adapter serve` started per scenario on /run/docker/plugins/$PLUGIN.sock,
#                  state and CNI cache in a temp dir
#   MODE=managed   the managed (v2) plugin $PLUGIN_NAME (docker-plugin-config/build-plugin.sh),
#                  enabled per scenario; its state is the plugin's /var/lib/cni-adapter
# Scenarios use: $DOCKER (one executable path), $PLUGIN (the -d / --ipam-driver name), $IMAGE,
# $E2E_PREFIX (names of every container and network a scenario creates), $E2E_NET16 (the first
# two octets of the subnets scenarios pick), eng CMD… (run CMD where the engine's links live).
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ENGINE=${ENGINE:-20.10}
MODE=${MODE:-socket}
IMAGE=${IMAGE:-cnia-busybox:latest}
case $MODE in
socket)  PLUGIN=${PLUGIN:-cnia-e2e} ;;
managed) PLUGIN_NAME=${PLUGIN_NAME:-cnia-managed}; PLUGIN=${PLUGIN:-$PLUGIN_NAME:latest} ;;
*) echo "MODE must be socket or managed" >&2; exit 2 ;;
esac
PLUGIN_NAME=${PLUGIN_NAME:-${PLUGIN%%:*}}
# Names are matched by prefix (exactly, never as a substring), so that runs with different
# prefixes on one shared engine leave each other's containers and networks alone.
E2E_PREFIX=${E2E_PREFIX:-$PLUGIN_NAME}
E2E_NET16=${E2E_NET16:-10.231}
BIN=${CNM_ADAPTER_BIN:-$ROOT/.build/debug/cnm-adapter}
WORK=$(mktemp -d /tmp/cnia-e2e.XXXXXX)
NETNS_DIR=/run/cni-adapter/netns
PASSED=0
FAILED=0
ADAPTER_PID=

case $ENGINE in
20.10)
    DOCKER=${DOCKER:-/usr/bin/docker}
    [ -x "$DOCKER" ] || DOCKER=docker
    ENGINE_EXEC=()
    ENGINE_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
    # Other engineers' adapters may run on this daemon: residue is judged by our own IDs.
    RESIDUE_SCOPE=${RESIDUE_SCOPE:-ours} ;;
28.5)
    DOCKER=${DOCKER:-$ROOT/scripts/docker28-cli}
    D28_PID=$(cat "${DOCKER28_PIDFILE:-/run/cnia-docker28.pid}" 2>/dev/null || true)
    [ -n "$D28_PID" ] && kill -0 "$D28_PID" 2>/dev/null || { echo "Docker 28.5 is not running: scripts/docker28.sh start" >&2; exit 1; }
    ENGINE_EXEC=(nsenter -t "$D28_PID" -m -n --)
    ENGINE_LOG=${DOCKER28_LOG:-/var/log/cnia-docker28.log}
    RESIDUE_SCOPE=${RESIDUE_SCOPE:-all} ;;
*) echo "ENGINE must be 20.10 or 28.5" >&2; exit 2 ;;
esac

if [ "$MODE" = socket ]; then
    SOCK=/run/docker/plugins/$PLUGIN.sock
    STATE=$WORK/state
    CACHE=$WORK/cni-cache
    CONF_DIR=$WORK/net.d
    CONTROL=$WORK/control.sock
else
    STATE=/var/lib/cni-adapter          # the plugin's mounts (docker-plugin-config/config.json)
    CACHE=/var/lib/cni/results
    CONF_DIR=/etc/cni/net.d
    CONTROL=/run/cni-adapter/control.sock
fi

say() { printf '%s\n' "$*"; }

# eng COMMAND...: runs a command where the engine's links, namespaces and rules are.
eng() { "${ENGINE_EXEC[@]}" "$@"; }

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

# The plugin's ID (managed mode), for its lines in the dockerd log.
plugin_id() { "$DOCKER" plugin inspect -f '{{.Id}}' "$PLUGIN" 2>/dev/null; }

# Waits until the plugin's socket exists (managed: under /run/docker/plugins/<id>/).
wait_socket() {
    local path=$1
    for _ in $(seq 1 200); do
        eng test -S "$path" && return 0
        [ -z "$ADAPTER_PID" ] || kill -0 "$ADAPTER_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

start_adapter() {
    if [ "$MODE" = managed ]; then
        LOG_OFFSET=$(stat -c %s "$ENGINE_LOG" 2>/dev/null || echo 0)
        "$DOCKER" plugin inspect "$PLUGIN" >/dev/null 2>&1 || { say "managed plugin $PLUGIN is not installed (docker-plugin-config/build-plugin.sh)"; return 1; }
        if [ "$("$DOCKER" plugin inspect -f '{{.Enabled}}' "$PLUGIN")" != true ]; then
            "$DOCKER" plugin enable "$PLUGIN" >/dev/null || return 1
        fi
        wait_socket "/run/docker/plugins/$(plugin_id)/cni-adapter.sock" && return 0
        say "managed plugin did not start"; return 1
    fi
    eng mkdir -p /run/docker/plugins
    mkdir -p "$CONF_DIR"
    "${ENGINE_EXEC[@]}" "$BIN" serve --socket "$SOCK" --state-dir "$STATE" --cni-cache-dir "$CACHE" \
        --cni-conf-dir "$CONF_DIR" --control-socket "$CONTROL" --log-level debug \
        2>>"$WORK/adapter.log" &
    ADAPTER_PID=$!
    # Wait for the socket to appear (bounded), or for the adapter to die.
    wait_socket "$SOCK" && return 0
    say "adapter did not start:"; cat "$WORK/adapter.log"; return 1
}

stop_adapter() {
    [ -n "$ADAPTER_PID" ] || return 0
    kill -TERM "$ADAPTER_PID" 2>/dev/null || true
    wait "$ADAPTER_PID" 2>/dev/null || true
    ADAPTER_PID=
}

# What the adapter logged during this scenario (socket: its stderr; managed: its lines in the
# dockerd log since start_adapter).
adapter_log() {
    if [ "$MODE" = managed ]; then
        local id; id=$(plugin_id)
        tail -c +$((${LOG_OFFSET:-0} + 1)) "$ENGINE_LOG" 2>/dev/null | grep -F "plugin=${id:-none}" || true
    else
        cat "$WORK/adapter.log" 2>/dev/null || true
    fi
}

# Everything the suite may have created carries the $E2E_PREFIX- prefix.
cleanup_docker() {
    local names
    names=$("$DOCKER" ps -a --format '{{.Names}}' 2>/dev/null | grep "^$E2E_PREFIX-" || true)
    [ -z "$names" ] || "$DOCKER" rm -f $names >/dev/null 2>&1 || true
    for n in $("$DOCKER" network ls --format '{{.Name}}' 2>/dev/null | grep "^$E2E_PREFIX-" || true); do
        "$DOCKER" network rm "$n" >/dev/null 2>&1 || true
    done
}

# Extra cleanup a scenario registers (links, namespaces, files it created itself).
EXTRA_CLEANUP=()

finish() {
    local rc=$?
    cleanup_docker
    for cmd in "${EXTRA_CLEANUP[@]}"; do eval "$cmd" >/dev/null 2>&1 || true; done
    stop_adapter
    if [ "$FAILED" -gt 0 ] || [ "$rc" -ne 0 ]; then
        say "--- adapter log (tail) ---"; adapter_log | tail -40
    fi
    rm -rf "$WORK"
    say "e2e: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ] && [ "$rc" -eq 0 ]
}

# ip_of CONTAINER NETWORK: the address Docker shows.
ip_of() { "$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$2\").IPAddress}}" "$1"; }

# ep_of / mac_of CONTAINER NETWORK: the endpoint ID / MAC Docker shows.
ep_of() { "$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$2\").EndpointID}}" "$1"; }
mac_of() { "$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$2\").MacAddress}}" "$1"; }

# in_ctr CONTAINER CMD...: run a command in a container.
in_ctr() { local c=$1; shift; "$DOCKER" exec "$c" "$@"; }

# fails DESCRIPTION COMMAND...: the command must fail (its output is kept in $WORK/fail.out).
fails() {
    local what=$1; shift
    if "$@" >"$WORK/fail.out" 2>&1; then
        FAILED=$((FAILED + 1)); say "FAIL - $what (it succeeded)"; sed 's/^/       /' "$WORK/fail.out" | tail -5
    else
        PASSED=$((PASSED + 1)); say "ok   - $what"
    fi
}

# Kernel object names of the networks and endpoints this scenario's adapter saw (bridge
# cnia-<10 hex net>, link cnia<11 hex ep>, netns cnia-<12 hex ep>), as one regex.
our_names() {
    local ids
    ids=$(adapter_log | grep -oE '(net|ep)=[0-9a-f]{12}' | sed -E 's/^net=(.{10}).*/\1/; s/^ep=(.{11}).*/\1/' | sort -u | paste -sd'|')
    echo "cnia-?(${ids:-no-id-seen})"
}

# Residue: objects of ours that outlive the test (links, namespaces, rules, cache, IPAM).
# On a shared engine (RESIDUE_SCOPE=ours) only objects named after this scenario's IDs count,
# and the CNIA-FORWARD chain and its jump only when the chain is empty (another adapter's
# rules keep it alive).
residue() {
    local mine=. n
    [ "$RESIDUE_SCOPE" = all ] || mine=$(our_names)
    {
        eng ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep '^cnia' | grep -E "$mine" | sed 's/^/link /'
        eng ls "$NETNS_DIR" 2>/dev/null | grep -E "$mine" | sed 's/^/netns /'
        if [ "$RESIDUE_SCOPE" = all ]; then
            eng iptables -S 2>/dev/null | grep -iE 'cni-adapter|cnia' | grep -v -- '-N CNIA-FORWARD' | sed 's/^/rule /'
            eng iptables -S 2>/dev/null | grep -- '-N CNIA-FORWARD' | sed 's/^/chain /'
        else
            eng iptables -S 2>/dev/null | grep -iE 'cni-adapter|cnia' | grep -v -- 'CNIA-FORWARD$' | grep -E "$mine" | sed 's/^/rule /'
            if eng iptables -S CNIA-FORWARD >/dev/null 2>&1; then
                n=$(eng iptables -S CNIA-FORWARD | grep -c -- '^-A' || true)
                [ "$n" != 0 ] || echo "chain -N CNIA-FORWARD (empty)"
            fi
        fi
        # portmap's chains, ours, and per-container rules the reference bridge's ipMasq names
        # after the network (`name: "cnia-…"`).
        eng iptables -t nat -S 2>/dev/null | grep -E 'CNI-(DN|HOSTPORT)|CNIA|name: \\"cnia-' | sed 's/^/nat /'
        eng ls "$CACHE" 2>/dev/null | sed 's/^/cni-cache /'
        eng ls "$STATE/endpoints" "$STATE/networks" 2>/dev/null | grep json | sed 's/^/state /'
        eng grep -o '"allocated":\[[^]]' "$STATE/ipam.json" 2>/dev/null | sed 's/^/ipam /'
        eng ls "$STATE/host-local" 2>/dev/null | sed 's/^/host-local /'
    } || true
}
