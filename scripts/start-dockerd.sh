#!/usr/bin/env bash
# Starts Debian's dockerd (20.10) unless a daemon already answers, then waits until it is ready.
# There is no systemd here (engines.md), so the daemon is started by hand.
set -euo pipefail
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
if "$DOCKER" info >/dev/null 2>&1; then exit 0; fi
log=${DOCKERD_LOG:-/var/log/dockerd.log}
echo "starting dockerd (log: $log)"
nohup /usr/sbin/dockerd >"$log" 2>&1 &
echo $! > /run/cnia-dockerd.pid
for _ in $(seq 1 120); do
    "$DOCKER" info >/dev/null 2>&1 && exit 0
    kill -0 "$(cat /run/cnia-dockerd.pid)" 2>/dev/null || { echo "dockerd exited:"; tail -20 "$log"; exit 1; }
    sleep 0.5
done
echo "dockerd did not become ready in 60 s"; tail -20 "$log"; exit 1
