#!/usr/bin/env bash
# Builds the test image `cnia-busybox` from Debian's busybox-static (no registry is reachable).
set -euo pipefail
DOCKER=${DOCKER:-/usr/bin/docker}
[ -x "$DOCKER" ] || DOCKER=docker
IMAGE=${IMAGE:-cnia-busybox:latest}
if "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then exit 0; fi
root=$(mktemp -d /tmp/cnia-busybox.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
for tool in sh ip ping sleep nc wget cat ls hostname true echo ifconfig route nslookup grep sed awk ps kill udhcpc; do
    ln -s busybox "$root/bin/$tool"
done
tar -C "$root" -c . | "$DOCKER" import - "$IMAGE" >/dev/null
echo "built $IMAGE"
