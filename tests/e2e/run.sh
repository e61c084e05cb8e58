#!/usr/bin/env bash
# Runs every end-to-end scenario on each target (engine/install mode), one after the other;
# prints each scenario's summary line, one line per target and a total.
#   E2E_TARGETS   default "20.10/socket 28.5/socket 28.5/managed"
#                 (engines: 20.10 = the host's dockerd, 28.5 = scripts/docker28.sh;
#                  modes: socket = cnm-adapter serve, managed = docker plugin PLUGIN_NAME)
#   PLUGIN        socket-mode plugin name (default cnia-e2e); PLUGIN_NAME managed (cnia-managed)
#   E2E_PREFIX, E2E_NET16   see tests/e2e/lib.sh (for runs beside others on a shared dockerd)
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGETS=${E2E_TARGETS:-20.10/socket 28.5/socket 28.5/managed}
MANAGED_NAME=${PLUGIN_NAME:-cnia-managed}
SOCKET_PLUGIN=${PLUGIN:-}
total_p=0; total_f=0; summary=(); started28=0

prepare_engine() {   # ENGINE → DOCKER exported for the helpers
    case $1 in
    20.10) export DOCKER=/usr/bin/docker; ./scripts/start-dockerd.sh ;;
    28.5)  export DOCKER=$ROOT/scripts/docker28-cli
           ./scripts/docker28.sh status || { ./scripts/docker28.sh start && started28=1; } ;;
    *) echo "unknown engine $1"; return 1 ;;
    esac || return 1
    ./scripts/make-busybox-image.sh
}

prepare_managed() {
    REPLACE=1 ./docker-plugin-config/build-plugin.sh "$MANAGED_NAME" >/tmp/cnia-build-plugin.log 2>&1 \
        || { echo "plugin build failed:"; tail -20 /tmp/cnia-build-plugin.log; return 1; }
    tail -2 /tmp/cnia-build-plugin.log
}

for target in $TARGETS; do
    engine=${target%/*}; mode=${target#*/}
    echo "## e2e on Docker $engine, $mode install"
    p=0; f=0
    if ! prepare_engine "$engine" || { [ "$mode" = managed ] && ! prepare_managed; }; then
        f=1
    else
        for test in tests/e2e/[a-z]*-*.sh; do
            echo "# $test ($target)"
            if [ "$mode" = managed ]; then
                out=$(env -u PLUGIN ENGINE=$engine MODE=managed PLUGIN_NAME=$MANAGED_NAME timeout 600 bash "$test" 2>&1); rc=$?
            else
                out=$(env -u PLUGIN_NAME ENGINE=$engine MODE=socket PLUGIN=${SOCKET_PLUGIN:-cnia-e2e} timeout 600 bash "$test" 2>&1); rc=$?
            fi
            printf '%s\n' "$out"
            line=$(printf '%s\n' "$out" | grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' | tail -1)
            sp=$(echo "$line" | awk '{print $2}'); sf=$(echo "$line" | awk '{print $4}')
            p=$((p + ${sp:-0})); f=$((f + ${sf:-0}))
            if [ "$rc" -ne 0 ] && [ "${sf:-0}" -eq 0 ]; then f=$((f + 1)); fi
        done
        if [ "$mode" = managed ]; then
            "$DOCKER" plugin disable -f "$MANAGED_NAME:latest" >/dev/null 2>&1
            "$DOCKER" plugin rm -f "$MANAGED_NAME:latest" >/dev/null 2>&1
        fi
    fi
    summary+=("e2e $target: $p passed, $f failed")
    total_p=$((total_p + p)); total_f=$((total_f + f))
done
[ "$started28" = 0 ] || ./scripts/docker28.sh stop
printf '%s\n' "${summary[@]}"
echo "e2e total: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
