#!/usr/bin/env bash
# One command for a fresh Debian 12 machine (as root): installs the packages, builds
# cnm-adapter (release), installs it, starts dockerd if none runs, builds the busybox test
# image, and starts `cnm-adapter serve` on /run/docker/plugins/cni-adapter.sock: through
# packaging/cni-adapter.service (ordered before docker.service) where systemd runs, by hand
# otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
swift build -c release --product cnm-adapter
install -m 0755 .build/release/cnm-adapter /usr/local/sbin/cnm-adapter
./scripts/start-dockerd.sh
./scripts/make-busybox-image.sh
if [ -d /run/systemd/system ]; then
    # systemd runs: the unit starts the daemon before docker.service from now on.
    install -m 0644 packaging/cni-adapter.service /etc/systemd/system/cni-adapter.service
    systemctl daemon-reload
    systemctl enable cni-adapter.service
    systemctl restart cni-adapter.service
    echo "cnm-adapter serving on /run/docker/plugins/cni-adapter.sock (systemctl status cni-adapter)"
    exit 0
fi
# No systemd (engines.md): start it by hand; the unit file is not installed.
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
