#!/usr/bin/env bash
# Issue 7: never lose, never leak. The adapter is killed (-9 and at injected crash points right
# after each side effect) and restarted; running containers keep networking, new ones start,
# and after removing everything nothing of ours is left.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT
D=$DOCKER
run() { "$D" run -d --name "$@" "$IMAGE" sleep 600 >/dev/null; }

restart_adapter() {  # restart_adapter [ENV=VALUE]: kill -9 the running one, start a fresh one
    if [ -n "$ADAPTER_PID" ]; then kill -9 "$ADAPTER_PID" 2>/dev/null; wait "$ADAPTER_PID" 2>/dev/null; ADAPTER_PID=; fi
    env "$@" true && if [ $# -gt 0 ]; then export "$@"; fi
    start_adapter
    unset CNIA_CRASH_AT
}

if [ "$MODE" = managed ]; then
    # kill -9 and CNIA_CRASH_AT need an adapter process we own; the managed plugin's restarts
    # (disable/enable with containers present) are plugin-lifecycle.sh's.
    say "skip - crash/restart scenario runs in socket mode only"
    exit 0
fi
start_adapter || exit 1
check "network" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $E2E_NET16.20.0/24 $E2E_PREFIX-rs
check "two containers" bash -c "$(declare -f run); D='$D' IMAGE='$IMAGE'; run $E2E_PREFIX-r1 --network $E2E_PREFIX-rs && run $E2E_PREFIX-r2 --network $E2E_PREFIX-rs"
R2=$(ip_of $E2E_PREFIX-r2 $E2E_PREFIX-rs)

# --- kill -9 and SIGTERM with running containers ---------------------------------------------------
restart_adapter
check "after kill -9 + restart: running containers still talk" in_ctr $E2E_PREFIX-r1 ping -c 1 -W 3 "$R2"
check "after kill -9 + restart: a new container starts" run $E2E_PREFIX-r3 --network $E2E_PREFIX-rs
check "and reaches the old ones" in_ctr $E2E_PREFIX-r3 ping -c 1 -W 3 "$R2"
stop_adapter
start_adapter
check "after SIGTERM + restart: removing a container cleans its endpoint" "$D" rm -f $E2E_PREFIX-r3
EP1=$(ep_of $E2E_PREFIX-r1 $E2E_PREFIX-rs)
EP2=$(ep_of $E2E_PREFIX-r2 $E2E_PREFIX-rs)
expect_eq "only the two live endpoints keep a staging namespace" \
    "$(printf 'cnia-%s\ncnia-%s' "${EP1:0:12}" "${EP2:0:12}" | sort)" "$(eng ls "$NETNS_DIR" | grep -E "^cnia-(${EP1:0:12}|${EP2:0:12}|$(adapter_log | grep -oE 'ep=[0-9a-f]{12}' | cut -d= -f2 | sort -u | paste -sd'|'))\$" | sort)"

# --- crash right after each side effect; the restarted adapter repairs -----------------------------
# $1 = crash point, $2 = the docker command that reaches it (run in the background: dockerd
# waits and retries while the adapter is down).
crash_case() {
    local point=$1; shift
    stop_adapter
    CNIA_CRASH_AT=$point start_adapter
    "$@" >"$WORK/crash.out" 2>&1 &
    local cmd=$!
    wait "$ADAPTER_PID" 2>/dev/null; ADAPTER_PID=
    grep -q "crash point $point reached" "$WORK/adapter.log" && PASSED=$((PASSED + 1)) && say "ok   - crashed at $point" \
        || { FAILED=$((FAILED + 1)); say "FAIL - did not crash at $point"; }
    start_adapter
    wait "$cmd" 2>/dev/null
}

for point in create-endpoint:after-record create-endpoint:after-netns create-endpoint:after-add create-endpoint:after-move; do
    crash_case "$point" "$D" run -d --name "$E2E_PREFIX-c-${point##*:}" --network $E2E_PREFIX-rs "$IMAGE" sleep 600
    "$D" rm -f "$E2E_PREFIX-c-${point##*:}" >/dev/null 2>&1
    check "after $point: a new container on the network works" \
        "$D" run --rm --network $E2E_PREFIX-rs "$IMAGE" ping -c 1 -W 3 "$R2"
done
for point in delete-endpoint:after-move delete-endpoint:after-del; do
    run "$E2E_PREFIX-d-${point##*:}" --network $E2E_PREFIX-rs
    crash_case "$point" "$D" rm -f "$E2E_PREFIX-d-${point##*:}"
done
# A DeleteEndpoint that died is not retried by Docker: the record stays until GC finds that no
# container of Docker's uses it (after the grace period; `gc` is the same pass, on demand).
eng "$BIN" gc --dry-run --control-socket "$CONTROL" >"$WORK/gc.out" 2>&1
check "gc --dry-run answers" grep -q '"dryRun" : true' "$WORK/gc.out"
check "gc --dry-run would not touch the live endpoints" bash -c "! grep -qE '$EP1|$EP2' '$WORK/gc.out'"

crash_case create-network:after-rules "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $E2E_NET16.21.0/24 $E2E_PREFIX-cn
"$D" network rm $E2E_PREFIX-cn >/dev/null 2>&1

check "remove every container" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=$E2E_PREFIX-) >/dev/null"
check "network rm" "$D" network rm $E2E_PREFIX-rs
check "gc removes what Docker dropped while we were down" eng "$BIN" gc --control-socket "$CONTROL"
expect_eq "nothing of ours left" "" "$(residue)"
