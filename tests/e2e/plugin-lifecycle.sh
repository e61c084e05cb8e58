#!/usr/bin/env bash
# Issue 6: the adapter goes away and comes back while a network and containers exist.
# Managed plugin: `docker plugin disable` is refused while in use, `disable -f` is quick (the
# adapter handles SIGTERM: Docker would wait 10 s), containers keep their traffic meanwhile,
# `enable` brings the persisted state back (a new container gets a fresh address and removal
# cleans everything); `docker plugin set` (LOG_LEVEL, the CNI conf dir) is refused while
# enabled and takes effect at the next enable. Socket install: the same with SIGTERM + restart.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# Settings this scenario changes go back to the defaults whatever happens.
restore_settings() {
    [ "$MODE" = managed ] || return 0
    "$DOCKER" plugin disable -f "$PLUGIN" >/dev/null 2>&1 || true
    "$DOCKER" plugin set "$PLUGIN" LOG_LEVEL=info CNI_CONF_DIR=/etc/cni/net.d cni-conf.source=/etc/cni/net.d >/dev/null 2>&1 || true
    "$DOCKER" plugin enable "$PLUGIN" >/dev/null 2>&1 || true
    [ -z "${CONF:-}" ] || rm -rf "$CONF"
}
trap 'rc=$?; cleanup_docker; restore_settings; (exit $rc); finish' EXIT

start_adapter || exit 1
NET=$E2E_PREFIX-life
SUBNET=$E2E_NET16.8.0/24
ip_of() { "$DOCKER" inspect -f "{{(index .NetworkSettings.Networks \"$NET\").IPAddress}}" "$1"; }

check "network create" "$DOCKER" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet "$SUBNET" "$NET"
check "container A starts" "$DOCKER" run -d --name "$E2E_PREFIX-a" --network "$NET" "$IMAGE" sleep 600
check "container B starts" "$DOCKER" run -d --name "$E2E_PREFIX-b" --network "$NET" "$IMAGE" sleep 600
IP_A=$(ip_of "$E2E_PREFIX-a"); IP_B=$(ip_of "$E2E_PREFIX-b")

if [ "$MODE" = managed ]; then
    check "disable without -f is refused while the network uses the plugin" \
        bash -c "! '$DOCKER' plugin disable '$PLUGIN'"
    check "plugin set is refused while enabled" bash -c "! '$DOCKER' plugin set '$PLUGIN' LOG_LEVEL=debug"
    t0=$(date +%s%N)
    check "disable -f with the network and two containers present" "$DOCKER" plugin disable -f "$PLUGIN"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    check "disable took ${ms} ms (< 3000: SIGTERM handled, not Docker's 10 s kill)" test "$ms" -lt 3000
    check "A still pings B while the plugin is disabled" "$DOCKER" exec "$E2E_PREFIX-a" ping -c 1 -W 3 "$IP_B"
    t0=$(date +%s%N)
    check "enable again" start_adapter
    say "info - enable to socket ready: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
else
    stop_adapter
    check "A still pings B while the adapter is stopped" "$DOCKER" exec "$E2E_PREFIX-a" ping -c 1 -W 3 "$IP_B"
    check "adapter restarts on the same state" start_adapter
fi

check "after the restart, container C joins the network" \
    "$DOCKER" run -d --name "$E2E_PREFIX-c" --network "$NET" "$IMAGE" sleep 600
IP_C=$(ip_of "$E2E_PREFIX-c")
check "C's address $IP_C is new (IPAM state survived: not $IP_A or $IP_B)" \
    bash -c "[ -n '$IP_C' ] && [ '$IP_C' != '$IP_A' ] && [ '$IP_C' != '$IP_B' ]"
check "C pings A" "$DOCKER" exec "$E2E_PREFIX-c" ping -c 1 -W 3 "$IP_A"
check "rm -f A (endpoint made before the restart)" "$DOCKER" rm -f "$E2E_PREFIX-a"
check "rm -f B and C" "$DOCKER" rm -f "$E2E_PREFIX-b" "$E2E_PREFIX-c"
check "network rm" "$DOCKER" network rm "$NET"
LEFT=$(residue)
expect_eq "nothing of ours left after the restart" "" "$LEFT"

if [ "$MODE" = managed ]; then
    # A CNI conf dir of the test's own on the engine's host, with a marker the plugin must see.
    CONF=$(mktemp -d /tmp/cnia-e2e-conf.XXXXXX); MARK=cnia-marker-$$; : > "$CONF/$MARK"; mkdir -p "$CONF/sub"
    check "disable (nothing uses the plugin now)" "$DOCKER" plugin disable "$PLUGIN"
    check "plugin set LOG_LEVEL=debug cni-conf.source=… CNI_CONF_DIR=…" \
        "$DOCKER" plugin set "$PLUGIN" LOG_LEVEL=debug cni-conf.source="$CONF" CNI_CONF_DIR=/etc/cni/net.d/sub
    ENV=$("$DOCKER" plugin inspect -f '{{range .Settings.Env}}{{.}} {{end}}' "$PLUGIN")
    check "inspect shows the settings ($ENV)" bash -c "[[ '$ENV' == *LOG_LEVEL=debug* && '$ENV' == *CNI_CONF_DIR=/etc/cni/net.d/sub* ]]"
    LOG_OFFSET=$(stat -c %s "$ENGINE_LOG" 2>/dev/null || echo 0)
    check "enable with the new settings" start_adapter
    check "the plugin sees the new CNI conf dir (marker file)" \
        bash -c "ls /proc/[0-9]*/root/etc/cni/net.d/$MARK >/dev/null 2>&1"
    check "network create with LOG_LEVEL=debug" \
        "$DOCKER" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet "$SUBNET" "$NET"
    check "container starts" "$DOCKER" run -d --name "$E2E_PREFIX-d" --network "$NET" "$IMAGE" sleep 600
    LOGGED=$(adapter_log)
    check "entrypoint got the settings" grep -q 'log-level=debug cni-conf-dir=/etc/cni/net.d/sub' <<<"$LOGGED"
    check "debug lines are logged (CNI exec)" grep -q 'level=debug' <<<"$LOGGED"
    check "rm -f container" "$DOCKER" rm -f "$E2E_PREFIX-d"
    check "network rm" "$DOCKER" network rm "$NET"
    LEFT=$(residue)
    expect_eq "nothing of ours left with the changed settings" "" "$LEFT"
fi
