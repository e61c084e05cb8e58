#!/usr/bin/env bash
# Issue 7, bounded soak: SOAK_CONTAINERS (300) containers churned SOAK_WORKERS (4) at a time over
# two networks, the adapter killed -9 at SOAK_KILLS (5) random moments and dockerd restarted once
# halfway. At the end every running container pings a neighbour on its network, and after
# removing everything nothing of ours is left: links, bridges, namespaces, rules, cache files,
# IPAM entries, state records.
#
# Each worker keeps one container of its own running: it starts the next, then removes the one
# before, so creates and deletes overlap. The kills are driven by progress, not by time: the
# workers report each finished container on a FIFO and the main shell kills the adapter when the
# count reaches the next of the random thresholds (Docker retries a call whose plugin is gone, so
# calls in flight at the kill reach the restarted adapter).
#
# 20.10 with the socket plugin only: kill -9 needs an adapter process of ours, and dockerd is
# restarted only when scripts/start-dockerd.sh started it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT
D=$DOCKER
TOTAL=${SOAK_CONTAINERS:-300}
WORKERS=${SOAK_WORKERS:-4}
KILLS=${SOAK_KILLS:-5}

if [ "$ENGINE" != 20.10 ] || [ "$MODE" != socket ]; then
    say "skip - the soak runs on the 20.10 engine with the socket plugin"
    exit 0
fi
dockerd_pid=$(cat /run/cnia-dockerd.pid 2>/dev/null || true)
RESTART_DOCKERD=1
if [ -z "$dockerd_pid" ] || [ "$(readlink "/proc/$dockerd_pid/exe" 2>/dev/null)" != /usr/sbin/dockerd ]; then
    say "info - the running dockerd was not started by scripts/start-dockerd.sh: soak without the dockerd restart"
    RESTART_DOCKERD=0
fi
T0=$(date +%s)
A=$E2E_PREFIX-soak-a; B=$E2E_PREFIX-soak-b
NA=$E2E_NET16.90; NB=$E2E_NET16.91

start_adapter || exit 1
check "network A" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $NA.0/24 $A
check "network B" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $NB.0/24 $B
for r in 1 2; do
    check "resident r$r on A (restart always)" "$D" run -d --name $E2E_PREFIX-soak-r$r --restart always --network $A "$IMAGE" sleep 3600
    check "resident r$((r + 2)) on B (restart always)" "$D" run -d --name $E2E_PREFIX-soak-r$((r + 2)) --restart always --network $B "$IMAGE" sleep 3600
done

# worker W FIRST LAST: containers FIRST..LAST of worker W; one line per container on fd 3.
worker() {
    local w=$1 i name net prev
    prev=$("$D" ps -a --format '{{.Names}}' | grep -E "^$E2E_PREFIX-soak-w$w-[0-9]+\$" | head -1)
    for i in $(seq "$2" "$3"); do
        name=$E2E_PREFIX-soak-w$w-$i
        if [ $(((w + i) % 2)) = 0 ]; then net=$A; else net=$B; fi
        if "$D" run -d --name "$name" --network "$net" "$IMAGE" sleep 3600 >"$WORK/run-$w.out" 2>&1; then
            echo "ok $name" >>"$WORK/runs"
        else
            echo "FAIL $name $(tr '\n' ' ' <"$WORK/run-$w.out")" >>"$WORK/runs"
            "$D" rm -f "$name" >/dev/null 2>&1
            name=
        fi
        if [ -n "$prev" ]; then
            "$D" rm -f "$prev" >"$WORK/rm-$w.out" 2>&1 || echo "FAIL rm $prev $(tr '\n' ' ' <"$WORK/rm-$w.out")" >>"$WORK/runs"
        fi
        prev=${name:-$prev}
        echo "$w $i" >&3
    done
}

mkfifo "$WORK/progress"
exec 3<>"$WORK/progress"
: >"$WORK/runs"
# KILLS distinct random thresholds in 5..TOTAL-5, ascending.
mapfile -t THRESHOLDS < <(shuf -i 5-$((TOTAL - 5)) -n "$KILLS" | sort -n)
say "info - kill -9 after containers: ${THRESHOLDS[*]}"
done_count=0; next_kill=0; kills=0

# phase FIRST_PER_WORKER LAST_PER_WORKER: runs the workers and kills the adapter on schedule.
phase() {
    local pids=() w line
    for w in $(seq 1 "$WORKERS"); do worker "$w" "$1" "$2" & pids+=($!); done
    local expected=$(((($2 - $1) + 1) * WORKERS))
    for _ in $(seq 1 "$expected"); do
        read -r line <&3 || break
        done_count=$((done_count + 1))
        if [ "$next_kill" -lt "${#THRESHOLDS[@]}" ] && [ "$done_count" -ge "${THRESHOLDS[$next_kill]}" ]; then
            kill -9 "$ADAPTER_PID" 2>/dev/null; wait "$ADAPTER_PID" 2>/dev/null; ADAPTER_PID=
            start_adapter && kills=$((kills + 1))
            next_kill=$((next_kill + 1))
        fi
    done
    wait "${pids[@]}"
}

PER=$((TOTAL / WORKERS)); HALF=$((PER / 2))
phase 1 "$HALF"
if [ "$RESTART_DOCKERD" = 1 ]; then
    check "dockerd restarted halfway (without live-restore)" "$ROOT/scripts/start-dockerd.sh" --restart
    for r in 1 2 3 4; do
        check "resident r$r runs again" bash -c "for _ in \$(seq 1 150); do [ \"\$('$D' inspect -f '{{.State.Running}}' $E2E_PREFIX-soak-r$r)\" = true ] && exit 0; sleep 0.2; done; exit 1"
    done
fi
phase $((HALF + 1)) "$PER"
exec 3>&-

expect_eq "containers churned" "$((PER * WORKERS))" "$(grep -vc '^FAIL rm ' "$WORK/runs")"
expect_eq "adapter killed -9 and restarted" "$KILLS" "$kills"
# Docker retries a plugin call whose connection broke, but re-sends the body it already consumed:
# the retry arrives empty (moby pkg/plugins callWithRetry) and can only be refused. Those calls
# are the ones in flight at a kill, at most one per worker per kill; any other failure is ours.
RETRIED=$(grep '^FAIL' "$WORK/runs" | grep -c 'invalid request: empty body' || true)
say "info - docker calls that failed because Docker's retry after a kill had an empty body: $RETRIED"
check "at most one call per worker per kill failed that way" test "$RETRIED" -le $((KILLS * WORKERS))
expect_eq "no docker run or rm failed for another reason" "" "$(grep '^FAIL' "$WORK/runs" | grep -v 'invalid request: empty body' | head -5)"

# The workers' last containers were stopped by the dockerd restart only if they predate it; they
# run now (phase 2 started new ones). Every running container pings a resident neighbour.
for c in $("$D" ps --format '{{.Names}}' | grep "^$E2E_PREFIX-soak-" | sort); do
    if [ -n "$("$D" inspect -f "{{with index .NetworkSettings.Networks \"$A\"}}{{.IPAddress}}{{end}}" "$c")" ]; then
        peer=$E2E_PREFIX-soak-r1; [ "$c" != "$peer" ] || peer=$E2E_PREFIX-soak-r2; net=$A
    else
        peer=$E2E_PREFIX-soak-r3; [ "$c" != "$peer" ] || peer=$E2E_PREFIX-soak-r4; net=$B
    fi
    check "$c pings its neighbour ${peer##*-}" in_ctr "$c" ping -c 1 -W 3 "$(ip_of "$peer" "$net")"
done
RUNNING=$("$D" ps --format '{{.Names}}' | grep -c "^$E2E_PREFIX-soak-")
expect_eq "residents and one container per worker run" "$((4 + WORKERS))" "$RUNNING"
ADDRS=$(for c in $("$D" ps --format '{{.Names}}' | grep "^$E2E_PREFIX-soak-"); do
    "$D" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$c"; done | tr ' ' '\n' | grep . | sort)
expect_eq "every running container has its own address" "$RUNNING" "$(sort -u <<<"$ADDRS" | wc -l)"
# A CreateEndpoint that completed here while Docker's retry failed (empty body, above) leaves a
# staged endpoint that Docker never uses: reconcile removes it after its grace period, DeleteNetwork
# at the latest. So: one staging namespace per running endpoint, plus at most one per such call.
STAGED=$(eng ls "$NETNS_DIR" | grep -cE "$(our_names)")
say "info - staging namespaces: $STAGED for $RUNNING running endpoints"
check "one staging namespace per running endpoint, plus at most the $RETRIED calls Docker's retry broke" \
    test "$STAGED" -ge "$RUNNING" -a "$STAGED" -le $((RUNNING + RETRIED))

check "remove every container" bash -c "'$D' rm -f \$('$D' ps -aq --filter name=$E2E_PREFIX-soak-) >/dev/null"
check "network rm" "$D" network rm $A $B
check "gc" eng "$BIN" gc --control-socket "$CONTROL"
expect_eq "nothing of ours left after the soak" "" "$(residue)"
say "info - soak: $((PER * WORKERS)) containers, $kills kills, dockerd restarts: $RESTART_DOCKERD, $(( $(date +%s) - T0 )) s"
