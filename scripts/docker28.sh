#!/usr/bin/env bash
# Docker 28.5 beside Debian 12's 20.10, isolated as translation-findings.md §5 describes:
#   own network namespace (/run/netns/cnia-d28), own firewall (FORWARD policy DROP like a
#   Docker host), a private mount namespace with tmpfs over /run/docker and /run/cni-adapter,
#   private /var/lib/cni-adapter and /var/lib/cni, sysfs remounted for that netns (cgroups kept),
#   -H unix:///run/docker/d28.sock, its own --pidfile/--data-root/--exec-root/--cgroup-parent,
#   and Debian 12's /usr/sbin/runc. Nothing of it is visible to the 20.10 engine.
#
#   scripts/docker28.sh start     install (cached) and start; waits until `docker info` answers
#   scripts/docker28.sh stop      SIGTERM the daemon we started (by PID), wait, remove the netns
#   scripts/docker28.sh status    exit 0 when it answers
#   scripts/docker28.sh exec CMD… run CMD inside the engine's network + mount namespaces
#   scripts/docker28.sh docker …  the engine's docker CLI (28.x), e.g. `… docker ps`
set -euo pipefail
SELF=$(readlink -f "$0")
ROOT=$(cd "$(dirname "$SELF")/.." && pwd)
NETNS=${DOCKER28_NETNS:-cnia-d28}
VARDIR=${DOCKER28_VARDIR:-/var/lib/cnia-docker28}        # data-root and the private /var/lib dirs
PIDFILE=${DOCKER28_PIDFILE:-/run/cnia-docker28.pid}      # host PID of dockerd (its namespaces)
LOG=${DOCKER28_LOG:-/var/log/cnia-docker28.log}
SOCK=/run/docker/d28.sock                                  # inside the private mount namespace

pid() { local p; p=$(cat "$PIDFILE" 2>/dev/null) || return 1; kill -0 "$p" 2>/dev/null && echo "$p"; }
in_ns() { local p; p=$(pid) || { echo "docker 28.5 engine is not running (scripts/docker28.sh start)" >&2; return 1; }
          exec nsenter -t "$p" -m -n -- "$@"; }
d28root() { "$ROOT/scripts/install-docker28.sh"; }

# Runs inside the new network namespace, as the first process of the new mount namespace.
inner() {
    local d28=$1
    mount --make-rprivate /
    mkdir -p /run/docker /run/cni-adapter /var/lib/cni-adapter /var/lib/cni "$VARDIR/lib-cni-adapter" "$VARDIR/lib-cni"
    mount -t tmpfs -o mode=0755 cnia-d28-run /run/docker
    mount -t tmpfs -o mode=0755 cnia-d28-cnia /run/cni-adapter
    mount --bind "$VARDIR/lib-cni-adapter" /var/lib/cni-adapter
    mount --bind "$VARDIR/lib-cni" /var/lib/cni
    # sysfs shows the network namespace of whoever mounts it: remount it here, keeping cgroups.
    mkdir -p /run/docker/.cgroup
    mount --rbind /sys/fs/cgroup /run/docker/.cgroup
    mount -t sysfs cnia-d28-sys /sys
    mount --rbind /run/docker/.cgroup /sys/fs/cgroup
    umount -l /run/docker/.cgroup && rmdir /run/docker/.cgroup
    # Only now (a shared /run/docker would propagate the umount above):
    # shared (within this namespace) like / under systemd: a managed plugin's rshared/rslave
    # mounts of /run/cni-adapter and /run/docker/netns then see, and make, namespace bind mounts
    # that outlive the plugin's own mount namespace.
    mount --make-shared /run/docker
    mount --make-shared /run/cni-adapter
    ip link set lo up
    iptables -P FORWARD DROP
    export PATH="$d28/usr/bin:$d28/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
    exec dockerd -H "unix://$SOCK" --pidfile /run/docker/d28.pid --data-root "$VARDIR/data" \
        --exec-root /run/docker --cgroup-parent cnia-docker28 --userland-proxy-path "$d28/usr/sbin/docker-proxy"
}

case ${1:-} in
start)
    if pid >/dev/null && "$SELF" status; then exit 0; fi
    d28=$(d28root)
    [ -x /usr/sbin/runc ] || { echo "Debian 12's runc is required (/usr/sbin/runc)" >&2; exit 1; }
    # A fresh namespace each start: one left by an engine that was killed rather than stopped
    # still holds its links and rules, which every residue check would count.
    ! ip netns list | grep -qw "^$NETNS" || ip netns del "$NETNS"
    ip netns add "$NETNS"
    mkdir -p "$VARDIR/data"
    echo "starting dockerd 28.5 in netns $NETNS (log: $LOG)"
    setsid nsenter --net="/run/netns/$NETNS" unshare --mount --propagation private -- \
        "$SELF" __inner "$d28" >"$LOG" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 120); do
        "$SELF" status && exit 0
        pid >/dev/null || { echo "dockerd 28.5 exited:"; tail -20 "$LOG"; exit 1; }
        sleep 0.5
    done
    echo "dockerd 28.5 did not become ready in 60 s"; tail -20 "$LOG"; exit 1 ;;
stop)
    if p=$(pid); then
        kill -TERM "$p"
        for _ in $(seq 1 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && { echo "dockerd 28.5 (pid $p) still running after 30 s"; exit 1; }
    fi
    rm -f "$PIDFILE"
    ! ip netns list | grep -qw "^$NETNS" || ip netns del "$NETNS" ;;
status)
    p=$(pid) || exit 1
    nsenter -t "$p" -m -n -- "$(d28root)/usr/bin/docker" -H "unix://$SOCK" info >/dev/null 2>&1 ;;
exec)
    shift; in_ns "$@" ;;
docker)
    shift; d28=$(d28root); in_ns "$d28/usr/bin/docker" -H "unix://$SOCK" "$@" ;;
__inner)
    inner "$2" ;;
*)
    sed -n '2,16p' "$SELF" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
