#!/usr/bin/env bash
# Builds the managed (v2) plugin and registers it with `docker plugin create`:
#   docker-plugin-config/build-plugin.sh [NAME]      (default cni-adapter; the tag is :latest)
# Env: DOCKER (CLI path; e.g. scripts/docker28-cli), PLUGIN_DIR (default .build/docker-plugin),
#      CNM_ADAPTER_RELEASE_BIN (skip the swift build), REPLACE=1 (disable -f and remove an
#      existing plugin of that name first; otherwise an existing one is an error), ENABLE=1.
#
# rootfs: cnm-adapter from `swift build -c release --static-swift-stdlib` (Swift runtime and
# Foundation linked in); the C libraries it still needs (libmnl: Debian ships no .a; libcurl
# and its dependencies) are copied with the loader and libc as ldd lists them. The reference
# CNI plugins come from /usr/lib/cni. iptables is Debian 12's xtables-nft-multi, copied with
# its libraries and extensions, not mounted from the host: the plugin then works the same on
# any host and needs no host path beyond its data mounts, and the nf_tables backend it
# programs is the kernel's, shared with the host's iptables-nft that Docker uses (Debian 12,
# Docker 28). A host whose Docker uses iptables-legacy would need a legacy build instead.
# busybox (static) provides /bin/sh for the entrypoint, which maps the settable env to flags.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
NAME=${1:-cni-adapter}
NAME=${NAME%:latest}
DOCKER=${DOCKER:-docker}
DIR=${PLUGIN_DIR:-$ROOT/.build/docker-plugin}
cd "$ROOT"

if [ -n "${CNM_ADAPTER_RELEASE_BIN:-}" ]; then
    bin=$CNM_ADAPTER_RELEASE_BIN
else
    swift build -c release --static-swift-stdlib --product cnm-adapter 2>&1 | tail -2
    bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/cnm-adapter
fi

rm -rf "$DIR"; mkdir -p "$DIR"
rootfs=$DIR/rootfs
mkdir -p "$rootfs"/{bin,etc/cni/net.d,usr/sbin,usr/lib/cni,usr/lib/cni-adapter,proc,sys,dev,tmp} \
         "$rootfs"/run/docker/plugins "$rootfs"/run/cni-adapter "$rootfs"/var/lib/{cni-adapter,cni}
ln -s ../run "$rootfs/var/run"
chmod 1777 "$rootfs/tmp"

# copy_with_libs FILE DEST: the file, plus every shared library and the loader it needs, at
# the same paths as on this host (symlinks resolved, file named by the path ldd shows).
copy_with_libs() {
    install -D -m 0755 "$1" "$rootfs$2"
    libs_of "$1"
}
libs_of() {
    ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
        [ -e "$rootfs$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
    done || true   # static binaries: ldd lists nothing
}
copy_with_libs "$bin" /usr/sbin/cnm-adapter
# libcurl is dlopen-ed by reconcile (Sources/CCurl/shim.h), so ldd does not list it: ship it
# under its soname, with what it needs.
curl_lib=$(ldconfig -p | awk '/libcurl\.so\.4 .*x86-64/ {print $NF; exit}')
[ -n "$curl_lib" ] || { echo "libcurl.so.4 not found (libcurl4 package)"; exit 1; }
install -D -m 0755 "$(readlink -f "$curl_lib")" "$rootfs$curl_lib"
libs_of "$curl_lib"
strip "$rootfs/usr/sbin/cnm-adapter" 2>/dev/null || true
install -m 0644 "$HERE/entrypoint.sh" "$rootfs/usr/lib/cni-adapter/entrypoint.sh"

xt=$(readlink -f /usr/sbin/xtables-nft-multi)
copy_with_libs "$xt" /usr/sbin/xtables-nft-multi
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    ln -s xtables-nft-multi "$rootfs/usr/sbin/$t"
done
mkdir -p "$rootfs/usr/lib/x86_64-linux-gnu"
cp -a /usr/lib/x86_64-linux-gnu/xtables "$rootfs/usr/lib/x86_64-linux-gnu/"
for so in /usr/lib/x86_64-linux-gnu/xtables/*.so; do libs_of "$so"; done

for p in /usr/lib/cni/*; do copy_with_libs "$p" "$p"; done
copy_with_libs /bin/busybox /bin/busybox
# setpriv (util-linux): the entrypoint drops Docker's default capabilities with it.
copy_with_libs /usr/bin/setpriv /usr/bin/setpriv
ln -s busybox "$rootfs/bin/sh"
# getprotobyname/getservbyname for iptables and the CNI plugins; Docker bind-mounts hosts and
# resolv.conf over these for network type "host".
cp /etc/protocols /etc/services /etc/ethertypes "$rootfs/etc/" 2>/dev/null || cp /etc/protocols /etc/services "$rootfs/etc/"
printf 'hosts: files dns\nprotocols: files\nservices: files\n' > "$rootfs/etc/nsswitch.conf"
: > "$rootfs/etc/hosts"; : > "$rootfs/etc/resolv.conf"
cp "$HERE/config.json" "$DIR/config.json"
echo "rootfs: $(du -sh "$rootfs" | cut -f1) in $DIR"

# The config's bind-mount sources must exist on the engine's host (its mount namespace for
# scripts/docker28.sh): create the ones of ours. /run/cni-adapter must be a shared mount so
# the staging namespaces the plugin mounts there outlive the plugin's mount namespace (under
# systemd, / is shared already; otherwise the directory becomes its own shared mount, rbind so
# that namespaces already mounted there stay visible). config.json's "propagatedMount" is
# there only because it is what makes Docker give the plugin rshared root propagation:
# without it runc makes every plugin mount a slave, the rshared option then starts a new
# peer group, and the staging namespaces vanish with the plugin (CNI DEL after
# disable/enable fails: "unknown FS magic"). Docker's own propagated-mount dir cannot hold
# them: Docker unmounts it at disable.
ENGINE_EXEC=()
[ "$DOCKER" = "$ROOT/scripts/docker28-cli" ] && ENGINE_EXEC=("$ROOT/scripts/docker28.sh" exec)
"${ENGINE_EXEC[@]}" sh -c '
    mkdir -p /var/lib/cni-adapter /var/lib/cni /etc/cni/net.d /run/cni-adapter
    chmod 0700 /var/lib/cni-adapter
    grep -q " /run/cni-adapter .*shared:" /proc/self/mountinfo || {
        grep -q " /run/cni-adapter " /proc/self/mountinfo || mount --rbind /run/cni-adapter /run/cni-adapter
        mount --make-shared /run/cni-adapter; }'

if [ -d /run/systemd/system ] && [ ${#ENGINE_EXEC[@]} -eq 0 ]; then
    install -m 0644 "$ROOT/packaging/cni-adapter-plugin.tmpfiles.conf" /etc/tmpfiles.d/cni-adapter-plugin.conf
fi

if "$DOCKER" plugin inspect "$NAME:latest" >/dev/null 2>&1; then
    [ "${REPLACE:-0}" = 1 ] || { echo "plugin $NAME:latest exists (REPLACE=1 replaces it)"; exit 1; }
    "$DOCKER" plugin disable -f "$NAME:latest" >/dev/null 2>&1 || true
    "$DOCKER" plugin rm -f "$NAME:latest" >/dev/null
fi
"$DOCKER" plugin create "$NAME:latest" "$DIR"
if [ "${ENABLE:-0}" = 1 ]; then "$DOCKER" plugin enable "$NAME:latest"; fi
