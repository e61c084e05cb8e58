#!/usr/bin/env bash
# One command for a fresh Debian 12 machine (as root): installs the packages, builds
# cnm-adapter (release), installs it, starts dockerd if none runs, builds the busybox test
# image, and starts `cnm-adapter serve` on /run/docker/plugins/cni-adapter.sock.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product cnm-adapter
install -m 0755 .build/release/cnm-adapter /usr/local/sbin/cnm-adapter
./scripts/start-dockerd.sh
./scripts/make-busybox-image.sh
pidfile=/run/cni-adapter.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "restarting cnm-adapter (pid $(cat "$pidfile"))"
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
fi
nohup /usr/local/sbin/cnm-adapter serve >/var/log/cnm-adapter.log 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 1 100); do
    [ -S /run/docker/plugins/cni-adapter.sock ] && { echo "cnm-adapter serving on /run/docker/plugins/cni-adapter.sock (log: /var/log/cnm-adapter.log)"; exit 0; }
    sleep 0.1
done
echo "cnm-adapter did not start:"; tail -20 /var/log/cnm-adapter.log; exit 1
