#!/usr/bin/env bash
# Starts Debian's dockerd (20.10) unless a daemon already answers, then waits until it is ready.
# There is no systemd here (engines.md), so the daemon is started by hand.
#
#   scripts/start-dockerd.sh                          start unless one answers
#   scripts/start-dockerd.sh --restart [FLAG...]      stop the dockerd this script started (by the
#                                                     PID it recorded; refuses any other) and start
#                                                     it again with FLAGs, e.g. --live-restore
set -euo pipefail
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
pidfile=/run/cnia-dockerd.pid
log=${DOCKERD_LOG:-/var/log/dockerd.log}
flags=()
if [ "${1:-}" = --restart ]; then
    shift
    flags=("$@")
    pid=$(cat "$pidfile" 2>/dev/null) && kill -0 "$pid" 2>/dev/null \
        && [ "$(readlink "/proc/$pid/exe")" = /usr/sbin/dockerd ] \
        || { echo "the running dockerd was not started by this script: not restarting it" >&2; exit 3; }
    echo "restarting dockerd (pid $pid) with: ${flags[*]:-no extra flags}"
    kill -TERM "$pid"
    # dockerd stops its containers first (up to their stop timeout) unless live-restore is on.
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "dockerd (pid $pid) still running after 60 s" >&2; exit 1; }
elif "$DOCKER" info >/dev/null 2>&1; then
    exit 0
fi
echo "starting dockerd (log: $log)"
nohup /usr/sbin/dockerd "${flags[@]}" >>"$log" 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 1 120); do
    "$DOCKER" info >/dev/null 2>&1 && exit 0
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "dockerd exited:"; tail -20 "$log"; exit 1; }
    sleep 0.5
done
echo "dockerd did not become ready in 60 s"; tail -20 "$log"; exit 1
